"""Twilio through its official SDK: numbers, calls, recordings, signatures and TwiML.

Every call names the account it acts on: the platform's (`account()`) or a user's own. The SDK is
imported lazily (it pulls aiohttp): only the functions that talk to Twilio pay for it. Locally the
SDK's `api` domain points at the fake Twilio (`WEBOX_VOICE_TWILIO_API_BASE`)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from webox.logging import get_logger
from webox.voice.config import TwilioAccount, platform_account
from webox.voice.errors import TelephonyUnavailable

if TYPE_CHECKING:
    from twilio.rest import Client

MAX_RECORDING_BYTES = 50 * 1024 * 1024
logger = get_logger()


def account() -> TwilioAccount:
    """The platform's account (503 `voice.unavailable` when telephony is not configured)."""
    found = platform_account()
    if found is None:
        raise TelephonyUnavailable("Set the voice-twilio secret (account_sid, auth_token) to enable calls")
    return found


def client(acct: TwilioAccount) -> Client:
    from twilio.rest import Client

    username, password = acct.credentials
    built = Client(username, password, account_sid=acct.account_sid)
    if acct.api_base:
        built.api.base_url = acct.api_base
    return built


@contextlib.contextmanager
def twilio_call() -> Iterator[None]:
    """A Twilio failure becomes a 502 problem, logged with Twilio's code only."""
    from twilio.base.exceptions import TwilioException, TwilioRestException

    from webox.errors import UpstreamError

    try:
        yield
    except TwilioRestException as exc:
        logger.warning("twilio call failed", extra={"status": exc.status, "twilio_code": exc.code})
        raise UpstreamError("Twilio refused the request") from None
    except TwilioException:
        logger.warning("twilio call failed")
        raise UpstreamError("Twilio could not be reached") from None


def verify(acct: TwilioAccount) -> str:
    """Check the credentials with one call (fetch the account); its friendly name. Raises
    `TwilioRestException` as Twilio answered (401 for wrong credentials)."""
    fetched = client(acct).api.v2010.accounts(acct.account_sid).fetch()
    return str(fetched.friendly_name or acct.account_sid)


def list_numbers(acct: TwilioAccount) -> list[dict[str, str]]:
    """The account's phone numbers: sid, E.164 number, friendly name, voice URL."""
    with twilio_call():
        found = client(acct).incoming_phone_numbers.list(limit=200)
    return [
        {
            "sid": str(n.sid),
            "phone_number": str(n.phone_number),
            "friendly_name": str(n.friendly_name or n.phone_number),
            "voice_url": str(n.voice_url or ""),
        }
        for n in found
    ]


def point_number(acct: TwilioAccount, number_sid: str, *, voice_url: str, status_url: str) -> None:
    """Make Twilio call WeBox when the number rings (and report the call's end)."""
    with twilio_call():
        _update_number(acct, number_sid, voice_url=voice_url, status_url=status_url)


def detach_number(acct: TwilioAccount, number_sid: str) -> None:
    """Empty the number's webhooks: WeBox no longer answers it. A number no longer in the account
    (404) is detached already."""
    from twilio.base.exceptions import TwilioRestException

    with twilio_call():
        try:
            _update_number(acct, number_sid, voice_url="", status_url="")
        except TwilioRestException as exc:
            if exc.status != 404:
                raise


def _update_number(acct: TwilioAccount, number_sid: str, *, voice_url: str, status_url: str) -> None:
    client(acct).incoming_phone_numbers(number_sid).update(
        voice_url=voice_url,
        voice_method="POST",
        status_callback=status_url,
        status_callback_method="POST",
    )


def create_call(acct: TwilioAccount, *, to: str, from_: str, url: str, status_url: str) -> str:
    """Place an outbound call; Twilio fetches its TwiML from `url`. Returns the call SID."""
    with twilio_call():
        call = client(acct).calls.create(
            to=to,
            from_=from_,
            url=url,
            method="POST",
            status_callback=status_url,
            status_callback_method="POST",
            status_callback_event=["completed"],
        )
    return str(call.sid)


def start_recording(acct: TwilioAccount, call_sid: str, callback_url: str) -> str:
    """Record the rest of a live call (after the consent line); Twilio posts the recording's URL."""
    with twilio_call():
        recording = (
            client(acct)
            .calls(call_sid)
            .recordings.create(
                recording_status_callback=callback_url,
                recording_status_callback_method="POST",
                recording_status_callback_event=["completed"],
            )
        )
    return str(recording.sid)


def recording_audio(acct: TwilioAccount, recording_sid: str) -> bytes:
    """The recording's WAV, from the account's own Recordings resource (never a URL a request names)."""
    import httpx  # imported here: only fetching a recording needs it

    base = acct.api_base or "https://api.twilio.com"
    url = f"{base}/2010-04-01/Accounts/{acct.account_sid}/Recordings/{recording_sid}.wav"
    with httpx.Client(timeout=30, auth=acct.credentials) as http:
        response = http.get(url)
    response.raise_for_status()
    if len(response.content) > MAX_RECORDING_BYTES:
        raise ValueError("recording too large")
    return response.content


def signature_valid(url: str, params: dict[str, str], signature: str | None, auth_token: str | None) -> bool:
    """True when `signature` is Twilio's for this public URL and these form parameters, signed with
    the auth token of the account the request comes from."""
    from twilio.request_validator import RequestValidator

    if not signature or not auth_token:
        return False
    return bool(RequestValidator(auth_token).validate(url, params, signature))


def with_query(url: str, query: dict[str, str]) -> str:
    return f"{url}?{urlencode(query)}" if query else url


# --- TwiML --------------------------------------------------------------------------------------------


def relay_twiml(
    *,
    relay_url: str,
    action_url: str,
    language: str,
    voice: str,
    greeting: str,
    parameters: dict[str, str],
) -> str:
    """`<Connect action><ConversationRelay …/></Connect>`: Twilio speaks, listens and relays text."""
    from twilio.twiml.voice_response import Connect, VoiceResponse

    response = VoiceResponse()
    connect = Connect(action=action_url, method="POST")
    relay = connect.conversation_relay(
        url=relay_url,
        language=language,
        voice=voice,
        welcome_greeting=greeting,
        interruptible="any",
        dtmf_detection=True,
    )
    for name, value in parameters.items():
        relay.parameter(name=name, value=value)
    response.append(connect)
    return str(response)


def dial_twiml(number: str, announce: str, language: str) -> str:
    from twilio.twiml.voice_response import VoiceResponse

    response = VoiceResponse()
    response.say(announce, language=language)
    response.dial(number)
    return str(response)


def voicemail_twiml(message: str, language: str, callback_url: str, transcribe_url: str) -> str:
    """Outside business hours: a message, then a recorded voicemail that Twilio transcribes."""
    from twilio.twiml.voice_response import VoiceResponse

    response = VoiceResponse()
    response.say(message, language=language)
    response.record(
        max_length=120,
        play_beep=True,
        recording_status_callback=callback_url,
        recording_status_callback_method="POST",
        transcribe=True,
        transcribe_callback=transcribe_url,
    )
    return str(response)


def hangup_twiml(message: str | None = None, language: str = "fr-FR") -> str:
    from twilio.twiml.voice_response import VoiceResponse

    response = VoiceResponse()
    if message:
        response.say(message, language=language)
    response.hangup()
    return str(response)
