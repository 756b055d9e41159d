"""Personas, numbers, call history and outbound calls (what the `/api/voice` routes call)."""

from __future__ import annotations

import statistics
from datetime import UTC, datetime
from typing import Any

from webox.config import get_settings
from webox.db import utcnow
from webox.voice import accounts, live, repository, telephony
from webox.voice.config import webhook_url
from webox.voice.errors import (
    CallNotFound,
    NoVoiceNumber,
    NumberNotFound,
    OptedOut,
    PersonaInUse,
    PersonaNotFound,
    SoftphoneUnavailable,
)
from webox.voice.models import VoiceCall, VoiceOptOut, VoicePersona, VoiceTurn, new_id
from webox.voice.numbers import list_numbers
from webox.voice.schemas import (
    VoiceCallDetail,
    VoiceCallOut,
    VoiceOutboundCall,
    VoicePersonaIn,
    VoicePersonaOut,
    VoiceSoftphoneOut,
    VoiceTurnOut,
)

MAX_PERSONAS = 50

# --- personas -----------------------------------------------------------------------------------------


def persona_out(p: VoicePersona) -> VoicePersonaOut:
    return VoicePersonaOut(
        id=p.persona_id,
        name=p.name,
        instructions=p.instructions,
        assistant_id=p.assistant_id,
        model=p.model,
        language=p.language,
        voice=p.voice,
        greeting=p.greeting,
        record=bool(p.record),
        consent_line=p.consent_line,
        hours=p.hours,
        menu=p.menu,
        knowledge_base_id=p.knowledge_base_id,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def _instructions(user_id: str, body: VoicePersonaIn) -> str:
    if not body.assistant_id:
        return body.instructions
    from webox.assistants import service as assistants_service

    assistant = assistants_service.get_assistant(user_id, body.assistant_id, lang=body.language[:2])
    return body.instructions or assistant.system_prompt


def _knowledge_base(user_id: str, base_id: str | None) -> str | None:
    """The persona's knowledge base, once it is known to be the user's (404 otherwise)."""
    if base_id is None:
        return None
    from webox.knowledge import search as knowledge_search

    knowledge_search.load_base(user_id, base_id)
    return base_id


def _fill(persona: VoicePersona, user_id: str, body: VoicePersonaIn) -> None:
    # Imported here: only saving a persona checks its model.
    from webox.providers import registry

    registry.get_model(body.model)  # 422 for a model the registry does not know
    persona.name, persona.model, persona.language = body.name, body.model, body.language
    persona.instructions = _instructions(user_id, body)
    persona.assistant_id = body.assistant_id
    persona.voice, persona.greeting, persona.record = body.voice, body.greeting, body.record
    persona.consent_line = body.consent_line
    persona.hours = body.hours.model_dump() if body.hours else None
    persona.menu = {k: v.model_dump() for k, v in body.menu.items()} if body.menu else None
    persona.knowledge_base_id = _knowledge_base(user_id, body.knowledge_base_id)
    persona.updated_at = utcnow()


def create_persona(user_id: str, body: VoicePersonaIn) -> VoicePersonaOut:
    """Store a new persona."""
    if len(repository.list_personas(user_id)) >= MAX_PERSONAS:
        from webox.errors import Invalid

        raise Invalid(f"At most {MAX_PERSONAS} personas", code="voice.too_many_personas")
    now = utcnow()
    persona = VoicePersona(user_id, new_id(), created_at=now, updated_at=now)
    _fill(persona, user_id, body)
    repository.save(persona)
    return persona_out(persona)


def owned_persona(user_id: str, persona_id: str) -> VoicePersona:
    persona = repository.get_persona(user_id, persona_id)
    if persona is None:
        raise PersonaNotFound()
    return persona


def update_persona(user_id: str, persona_id: str, body: VoicePersonaIn) -> VoicePersonaOut:
    """Replace a persona's settings."""
    persona = owned_persona(user_id, persona_id)
    _fill(persona, user_id, body)
    repository.save(persona)
    return persona_out(persona)


def delete_persona(user_id: str, persona_id: str) -> None:
    """Delete a persona no number answers with any more."""
    persona = owned_persona(user_id, persona_id)
    if any(n.persona_id == persona_id for n in repository.list_numbers(user_id)):
        raise PersonaInUse()
    repository.delete(persona)


def list_personas(user_id: str) -> list[VoicePersonaOut]:
    return [persona_out(p) for p in repository.list_personas(user_id)]


# --- calls --------------------------------------------------------------------------------------------


def call_out(c: VoiceCall) -> VoiceCallOut:
    return VoiceCallOut(
        id=c.call_id,
        call_sid=c.call_sid,
        direction=c.direction,
        from_number=c.from_number,
        to_number=c.to_number,
        persona_id=c.persona_id,
        status=c.status,
        end_reason=c.end_reason,
        started_at=c.started_at,
        ended_at=c.ended_at,
        turns=int(c.turns or 0),
        summary=c.summary,
    )


def turn_out(t: VoiceTurn) -> VoiceTurnOut:
    return VoiceTurnOut(
        n=int(t.turn_key.rsplit("#", 1)[1]),
        role=t.role or "assistant",
        text=t.text or "",
        heard=t.heard,
        interrupted=bool(t.interrupted),
        at=t.at,
        first_token_ms=int(t.first_token_ms) if t.first_token_ms is not None else None,
        last_token_ms=int(t.last_token_ms) if t.last_token_ms is not None else None,
        model_ttft_ms=int(t.model_ttft_ms) if t.model_ttft_ms is not None else None,
        tools=t.tools,
    )


def _p50(values: list[int | None]) -> float | None:
    known = [v for v in values if v is not None]
    return float(statistics.median(known)) if known else None


def owned_call(user_id: str, call_id: str) -> VoiceCall:
    call = repository.get_call(user_id, call_id, consistent=True)
    if call is None:
        raise CallNotFound()
    return call


def call_detail(user_id: str, call_id: str) -> VoiceCallDetail:
    """A call with its transcript, recording, analysis and latencies."""
    call = owned_call(user_id, call_id)
    turns = [turn_out(t) for t in repository.list_turns(user_id, call_id) if t.role]
    said = [t for t in turns if t.role == "assistant"]
    return VoiceCallDetail(
        **call_out(call).model_dump(),
        transcript=turns,
        recording_url=repository.recording_url(call.recording_key) if call.recording_key else None,
        recording_duration_s=call.recording_duration_s,
        fields=call.fields,
        score=call.score,
        task_id=call.task_id,
        transferred_to=call.transferred_to,
        latency={
            "first_token_p50_ms": _p50([t.first_token_ms for t in said]),
            "last_token_p50_ms": _p50([t.last_token_ms for t in said]),
            "model_ttft_p50_ms": _p50([t.model_ttft_ms for t in said]),
        },
    )


def list_calls(
    user_id: str, *, query: str | None, status: str | None, direction: str | None
) -> list[VoiceCallOut]:
    """The user's calls, newest first; `query` searches numbers, summaries and transcripts."""
    calls = repository.list_calls(user_id)
    if status:
        calls = [c for c in calls if c.status == status]
    if direction:
        calls = [c for c in calls if c.direction == direction]
    if query:
        needle = query.casefold()

        def matches(c: VoiceCall) -> bool:
            head = f"{c.from_number} {c.to_number} {c.summary or ''}".casefold()
            if needle in head:
                return True
            return any(needle in (t.text or "").casefold() for t in repository.list_turns(user_id, c.call_id))

        calls = [c for c in calls if matches(c)]
    return [call_out(c) for c in calls]


def delete_call(user_id: str, call_id: str) -> None:
    """Delete a call, its transcript and its recording."""
    repository.delete_call(owned_call(user_id, call_id))


def new_call(
    user_id: str,
    *,
    direction: str,
    from_number: str,
    to_number: str,
    persona_id: str,
    call_sid: str | None,
    account_sid: str | None,
) -> VoiceCall:
    """Store a new call (`account_sid`: the user's own Twilio account it runs on, None: the platform's)."""
    call = VoiceCall(
        user_id,
        new_id(),
        call_sid=call_sid,
        direction=direction,
        from_number=from_number,
        to_number=to_number,
        persona_id=persona_id,
        account_sid=account_sid,
        status="in-progress" if direction == "inbound" else "queued",
        turns=0,
        speaking=-1,
        stop_turn=-1,
        started_at=datetime.now(UTC),
    )
    repository.save(call)
    if call_sid:
        repository.remember(f"sid#{call_sid}", user_id, call.call_id)
    live.started(call)
    return call


def place_call(user_id: str, body: VoiceOutboundCall) -> VoiceCallOut:
    """Call a number from one of yours, answered by its persona; refused if the number opted out."""
    if repository.opted_out(user_id, body.to):
        raise OptedOut()
    number = repository.get_number(user_id, body.from_number)
    if number is None:
        raise NoVoiceNumber()
    persona_id = body.persona_id or number.persona_id
    if persona_id is None:
        raise PersonaNotFound()
    owned_persona(user_id, persona_id)
    acct = accounts.account_for(user_id, number.account_sid)
    call = new_call(
        user_id,
        direction="outbound",
        from_number=body.from_number,
        to_number=body.to,
        persona_id=persona_id,
        call_sid=None,
        account_sid=number.account_sid,
    )
    sid = telephony.create_call(
        acct,
        to=body.to,
        from_=body.from_number,
        url=telephony.with_query(webhook_url("outbound"), {"call": call.call_id}),
        status_url=webhook_url("status"),
    )
    repository.update_call(call, VoiceCall.call_sid.set(sid))
    repository.remember(f"sid#{sid}", user_id, call.call_id)
    return call_out(call)


# --- opt-outs -----------------------------------------------------------------------------------------


def add_opt_out(user_id: str, phone_number: str) -> None:
    """Never call this number again."""
    repository.save(VoiceOptOut(user_id, phone_number, created_at=utcnow()))


def remove_opt_out(user_id: str, phone_number: str) -> None:
    found = repository.get_opt_out(user_id, phone_number)
    if found is not None:
        repository.delete(found)


def list_opt_outs(user_id: str) -> list[str]:
    return [o.phone_number for o in repository.list_opt_outs(user_id)]


# --- the softphone (local mode) -----------------------------------------------------------------------


def softphone_call(user_id: str, phone_number: str, caller: str) -> VoiceSoftphoneOut:
    """Ring one of your numbers through the simulated Twilio; the browser then plays the caller over
    the returned socket."""
    import httpx  # imported here: only the local softphone calls the fake Twilio directly

    base = telephony.account().api_base
    if not get_settings().local or not base:
        raise SoftphoneUnavailable()
    if repository.get_number(user_id, phone_number) is None:
        raise NumberNotFound()
    response = httpx.post(f"{base}/_fake/calls", json={"from": caller, "to": phone_number}, timeout=20)
    response.raise_for_status()
    data: dict[str, Any] = response.json()
    return VoiceSoftphoneOut(call_sid=str(data["call_sid"]), phone_url=str(data["phone_url"]))


def export_user_data(user_id: str) -> dict[str, Any]:
    """Personas, numbers and call transcripts of the user (recordings go as files)."""
    return {
        "personas": [p.model_dump(mode="json") for p in list_personas(user_id)],
        "numbers": [n.model_dump(mode="json") for n in list_numbers(user_id)],
        "opt_outs": list_opt_outs(user_id),
        "calls": [
            call_detail(user_id, c.call_id).model_dump(mode="json", exclude={"recording_url"})
            for c in repository.list_calls(user_id, limit=1000)
        ],
    }


def delete_user_data(user_id: str) -> None:
    """Forget the user's Twilio account (its numbers detached at Twilio by the voice worker), free
    their numbers, and forget their calls' lookups before the table sweep."""
    accounts.forget_deleted(user_id)
    for number in repository.list_numbers(user_id):
        repository.release_number(number)
    for call in repository.list_calls(user_id, limit=1000):
        if call.call_sid:
            repository.forget(f"sid#{call.call_sid}")
        repository.delete_call(call)
