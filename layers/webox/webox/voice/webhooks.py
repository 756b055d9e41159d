"""Twilio's webhooks: the call rings (TwiML with ConversationRelay, or the voicemail outside business
hours), the relay session ends (hand-off: a transfer to a person), the call ends, a recording is ready.

The routes check `X-Twilio-Signature` against the public URL, with the auth token of the account
named by `AccountSid`, before calling anything here; each function then acts only on a number or a call
of that account (another account's signature proves nothing about them)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from webox import events
from webox.db import utcnow
from webox.logging import get_logger
from webox.voice import accounts, analysis, live, repository, telephony
from webox.voice.config import platform_account, relay_url, webhook_url
from webox.voice.models import VoiceCall, VoicePersona
from webox.voice.service import new_call

ENDED = {"completed", "busy", "failed", "no-answer", "canceled"}
logger = get_logger()

_CLOSED = {
    "fr": "Nous sommes fermés. Laissez un message après le bip.",
    "en": "We are closed. Please leave a message after the beep.",
}
_NOT_IN_SERVICE = {"fr": "Ce numéro n'est pas attribué.", "en": "This number is not in service."}
_TRANSFER = {"fr": "Je vous transfère.", "en": "Transferring you now."}


def _lang(persona: VoicePersona | None) -> str:
    return "en" if persona and persona.language.startswith("en") else "fr"


def open_now(hours: dict[str, Any] | None, now: datetime | None = None) -> bool:
    """Whether the persona answers at `now` (no hours: always)."""
    if not hours:
        return True
    try:
        zone = ZoneInfo(str(hours.get("timezone") or "Europe/Paris"))
    except (ZoneInfoNotFoundError, ValueError):
        zone = ZoneInfo("Europe/Paris")
    local = (now or datetime.now(UTC)).astimezone(zone)
    if local.weekday() not in (hours.get("days") or []):
        return False
    return str(hours.get("start", "00:00")) <= local.strftime("%H:%M") < str(hours.get("end", "24:00"))


def relay_for(call: VoiceCall, persona: VoicePersona) -> str:
    """The TwiML connecting a call to the relay socket, as the persona speaks."""
    greeting = persona.greeting
    if persona.record and persona.consent_line:
        # The consent line comes first: recording starts only after it was said (at `setup`).
        greeting = f"{persona.consent_line} {greeting}"
    repository.remember(f"call#{call.call_id}", call.user_id, call.call_id)
    return telephony.relay_twiml(
        relay_url=telephony.with_query(relay_url(), {"call": call.call_id}),
        action_url=webhook_url("relay-ended"),
        language=persona.language,
        voice=persona.voice,
        greeting=greeting,
        parameters={"persona": persona.name[:60]},
    )


def _account_sid(account_sid: str | None) -> str:
    """The SID of the account a number or call runs on (None stands for the platform's)."""
    platform = platform_account()
    return account_sid or (platform.account_sid if platform else "")


def incoming(params: dict[str, str]) -> str:
    """A call rings one of the users' numbers: answer with its persona (or its voicemail)."""
    owner = repository.owner_of(f"number#{params.get('To', '')}")
    number = repository.get_number(owner.user_id, params.get("To", "")) if owner else None
    if number is not None and _account_sid(number.account_sid) != params.get("AccountSid"):
        number = None  # a number of another account than the one that signed
    persona = (
        repository.get_persona(number.user_id, number.persona_id) if number and number.persona_id else None
    )
    if number is None or persona is None:
        return telephony.hangup_twiml(_NOT_IN_SERVICE["fr"])
    call = new_call(
        number.user_id,
        direction="inbound",
        from_number=params.get("From", "")[:32],
        to_number=number.phone_number,
        persona_id=persona.persona_id,
        call_sid=params.get("CallSid"),
        account_sid=number.account_sid,
    )
    if not open_now(persona.hours):
        repository.update_call(call, VoiceCall.status.set("voicemail"))
        return telephony.voicemail_twiml(
            _CLOSED[_lang(persona)], persona.language, webhook_url("recording"), webhook_url("transcription")
        )
    return relay_for(call, persona)


def outbound(call_id: str, params: dict[str, str]) -> str:
    """The callee answered an outbound call: connect it to the persona."""
    call = _call_of(params)
    if call is None or call.call_id != call_id:
        return telephony.hangup_twiml()
    persona = repository.get_persona(call.user_id, call.persona_id)
    if persona is None:
        return telephony.hangup_twiml()
    repository.update_call(call, VoiceCall.status.set("in-progress"))
    return relay_for(call, persona)


def _call_of(params: dict[str, str]) -> VoiceCall | None:
    """The call a webhook is about, if it runs on the account that signed the webhook."""
    owner = repository.owner_of(f"sid#{params.get('CallSid', '')}")
    call = repository.get_call(owner.user_id, owner.call_id or "", consistent=True) if owner else None
    if call is None or _account_sid(call.account_sid) != params.get("AccountSid"):
        return None
    return call


def relay_ended(params: dict[str, str]) -> str:
    """The relay session ended (`end` with hand-off data): transfer to a person, or hang up."""
    call = _call_of(params)
    if call is None:
        return telephony.hangup_twiml()
    persona = repository.get_persona(call.user_id, call.persona_id)
    try:
        handoff = json.loads(params.get("HandoffData") or "{}")
    except ValueError:
        handoff = {}
    target = handoff.get("transfer_to") if isinstance(handoff, dict) else None
    if isinstance(target, str) and target.startswith("+") and persona is not None:
        repository.update_call(call, VoiceCall.transferred_to.set(target), VoiceCall.handoff.set(handoff))
        return telephony.dial_twiml(target, _TRANSFER[_lang(persona)], persona.language)
    return telephony.hangup_twiml()


def status(params: dict[str, str]) -> None:
    """The call ended: store how, then start the post-call analysis once."""
    call = _call_of(params)
    state = params.get("CallStatus", "")
    if call is None or state not in ENDED:
        return
    final = "voicemail" if call.status == "voicemail" else state
    ended_at = utcnow()
    repository.update_call(call, VoiceCall.status.set(final), VoiceCall.ended_at.set(ended_at))
    live.ended(call, final, call.end_reason)
    events.publish(
        call.user_id,
        "call.ended",
        {
            "call_id": call.call_id,
            "status": final,
            "direction": call.direction,
            "turns": int(call.turns or 0),
            "ended_at": ended_at.isoformat(),
        },
    )
    if int(call.turns or 0) > 0:
        analysis.start(call)


def recording(params: dict[str, str]) -> None:
    """A recording is ready: copy its audio to S3 (Twilio's copy is the account's, not the user's)."""
    call = _call_of(params)
    if call is None or params.get("RecordingStatus", "completed") != "completed":
        return
    sid = params.get("RecordingSid", "")
    if not (sid.startswith("RE") and sid[2:].isalnum() and len(sid) == 34):
        logger.warning("recording callback without a valid sid")
        return
    audio = telephony.recording_audio(accounts.account_for(call.user_id, call.account_sid), sid)
    key = repository.recording_key(call.user_id, call.call_id)
    repository.store_recording(key, audio, "audio/wav")
    duration = float(params.get("RecordingDuration") or 0)
    repository.update_call(
        call, VoiceCall.recording_key.set(key), VoiceCall.recording_duration_s.set(duration)
    )


def transcription(params: dict[str, str]) -> None:
    """Twilio transcribed a voicemail: the caller's message becomes the call's transcript."""
    call = _call_of(params)
    text = params.get("TranscriptionText", "").strip()[:4000]
    if (
        call is None
        or call.status != "voicemail"
        or params.get("TranscriptionStatus") != "completed"
        or not text
    ):
        return
    n = repository.next_turn(call)
    repository.write_turn(call.user_id, call.call_id, n, role="caller", text=text, at=utcnow())
    live.turn(call, n, "caller", text)
    analysis.start(call)
