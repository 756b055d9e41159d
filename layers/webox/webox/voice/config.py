"""Voice settings: where Twilio's API is (the fake locally), the relay's public URL and its Management
API, and the platform's Twilio account (the `voice-twilio` secret)."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass

from botocore.exceptions import ClientError

from webox.aws import client
from webox.config import get_settings, resource_env, resource_name
from webox.env_settings import EnvSettings
from webox.ttl_cache import TtlCache

SECRET = "voice-twilio"  # noqa: S105 - a secret's name
# What the local host uses when the secret is empty: the fake Twilio knows this account.
LOCAL_ACCOUNT_SID = "AC" + "0" * 31 + "1"
LOCAL_AUTH_TOKEN = "webox-local-twilio-token"  # noqa: S105 - the local fake's, public on purpose
RELAY_PATH = "/voice-relay"
RELAY_MANAGEMENT_PATH = "/@relay"


class VoiceSettings(EnvSettings):
    """`twilio_api_base`: Twilio's REST root (the fake's locally); `relay_url`: the wss URL Twilio
    opens (what it signs); `relay_endpoint`: the relay API's Management API."""

    env_prefix = "WEBOX_VOICE_"

    twilio_api_base: str | None = None
    relay_url: str | None = None
    relay_endpoint: str | None = None


def settings() -> VoiceSettings:
    """Read at each use (a few environment lookups): a later local host of the same process moves
    the fake Twilio and the relay."""
    return VoiceSettings.from_env()


def relay_url() -> str:
    """The public wss URL of the relay API (derived from the site's URL on the local host)."""
    configured = settings().relay_url
    if configured:
        return configured
    public = get_settings().public_url.rstrip("/")
    return public.replace("https://", "wss://").replace("http://", "ws://") + RELAY_PATH


def relay_endpoint() -> str:
    """The relay API's Management API endpoint (tokens are posted there)."""
    return settings().relay_endpoint or get_settings().ws_endpoint.rstrip("/") + RELAY_MANAGEMENT_PATH


def webhook_url(path: str) -> str:
    """The public URL of one of the voice webhooks (what Twilio signs)."""
    return f"{get_settings().public_url.rstrip('/')}/api/voice/twilio/{path}"


@dataclass(frozen=True)
class TwilioAccount:
    """A Twilio account WeBox acts on: the platform's or a user's own. The REST API authenticates with
    the API key when there is one, else the auth token; webhooks are signed with the auth token."""

    account_sid: str
    auth_token: str | None
    api_base: str | None = None
    api_key_sid: str | None = None
    api_key_secret: str | None = None

    @property
    def credentials(self) -> tuple[str, str]:
        """HTTP Basic username and password for Twilio's REST API."""
        if self.api_key_sid and self.api_key_secret:
            return self.api_key_sid, self.api_key_secret
        return self.account_sid, self.auth_token or ""


def api_base() -> str | None:
    """Where Twilio's REST API is when it is not Twilio's own (the fake, locally)."""
    return settings().twilio_api_base if get_settings().local else None


_account: TtlCache[str, TwilioAccount | None] = TtlCache(300.0)


def _read_account() -> TwilioAccount | None:
    secret_id = os.environ.get(resource_env("secret", SECRET)) or resource_name(SECRET)
    try:
        value = json.loads(client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"])
    except (ClientError, ValueError):
        value = {}
    if isinstance(value, dict) and value.get("account_sid") and value.get("auth_token"):
        return TwilioAccount(str(value["account_sid"]), str(value["auth_token"]))
    api_base = settings().twilio_api_base
    if get_settings().local and api_base:
        return TwilioAccount(LOCAL_ACCOUNT_SID, LOCAL_AUTH_TOKEN, api_base)
    return None


def platform_account() -> TwilioAccount | None:
    """The platform's Twilio account (read at most every 5 minutes); None when telephony is off."""
    return _account.get_or_set("account", _read_account)
