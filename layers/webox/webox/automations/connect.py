"""The Pipedream Connect client (official `pipedream` SDK, imported lazily), configured by the
`pipedream` secret: `{"project_id", "client_id", "client_secret", "environment"}`.

Locally, with the secret empty, the SDK points at the fake Connect API (`webox.testing.pipedream`)
whose URL the local host exports in `WEBOX_PIPEDREAM_BASE_URL`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from botocore.exceptions import ClientError

from webox.automations.errors import PipedreamError, PipedreamNotConfigured
from webox.aws import client as aws_client
from webox.config import get_settings, resource_env, resource_name
from webox.logging import get_logger
from webox.ttl_cache import TtlCache

if TYPE_CHECKING:
    from pipedream import Pipedream

SECRET = "pipedream"  # noqa: S105 - the secret's logical name
BASE_URL_ENV = "WEBOX_PIPEDREAM_BASE_URL"
# The fake's own project and OAuth client (webox.testing.pipedream), used only in local mode.
LOCAL_PROJECT = ("proj_webox_local", "pd-local-client", "pd-local-secret")


@dataclass(frozen=True)
class ConnectConfig:
    project_id: str
    client_id: str
    client_secret: str
    environment: str  # development | production
    base_url: str | None = None


def _secret() -> dict[str, Any]:
    secret_id = os.environ.get(resource_env("secret", SECRET)) or resource_name(SECRET)
    try:
        value = json.loads(aws_client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"])
    except (ClientError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def _read_config() -> ConnectConfig | None:
    secret = _secret()
    if all(secret.get(k) for k in ("project_id", "client_id", "client_secret")):
        environment = str(secret.get("environment") or "production")
        return ConnectConfig(
            str(secret["project_id"]), str(secret["client_id"]), str(secret["client_secret"]), environment
        )
    base_url = os.environ.get(BASE_URL_ENV)
    if get_settings().local and base_url:
        return ConnectConfig(*LOCAL_PROJECT, environment="development", base_url=base_url)
    return None


_config: TtlCache[str, ConnectConfig | None] = TtlCache(300.0)
_clients: dict[ConnectConfig, Pipedream] = {}


def config() -> ConnectConfig:
    """The project's Connect settings (read at most every 5 minutes); 503 when not set up."""
    found = _config.get_or_set("pipedream", _read_config)
    if found is None:
        raise PipedreamNotConfigured()
    return found


def sdk() -> Pipedream:
    """The SDK client of the current settings (its OAuth token is cached by the SDK)."""
    settings = config()
    if settings not in _clients:
        from pipedream import Pipedream

        _clients[settings] = Pipedream(
            project_id=settings.project_id,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            project_environment=settings.environment,  # type: ignore[arg-type]
            base_url=settings.base_url,
            timeout=20,
        )
    return _clients[settings]


def external_user_id(user_id: str) -> str:
    """The id Pipedream knows a WeBox user by."""
    return user_id


def failure(exc: Exception) -> PipedreamError:
    """A Pipedream refusal as a 502 problem carrying Pipedream's own message (never a credential)."""
    body = getattr(exc, "body", None)
    message = body.get("error") if isinstance(body, dict) else None
    get_logger().warning("pipedream refused", extra={"status": getattr(exc, "status_code", None)})
    return PipedreamError(str(message or "Pipedream did not answer as expected")[:300])


def api_error() -> type[Exception]:
    from pipedream.core.api_error import ApiError

    return ApiError
