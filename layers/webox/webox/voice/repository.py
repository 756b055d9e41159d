"""Every DynamoDB and S3 call of the voice feature."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast

from pynamodb.exceptions import DoesNotExist, PutError
from pynamodb.expressions.condition import Condition

from webox import storage
from webox.db import get_together, utcnow
from webox.voice.models import (
    VoiceAccount,
    VoiceCall,
    VoiceLookup,
    VoiceNumber,
    VoiceOptOut,
    VoicePersona,
    VoiceTurn,
)

BUCKET = "voice"
CONNECTION_TTL = timedelta(hours=3)


# --- personas -----------------------------------------------------------------------------------------


def get_persona(user_id: str, persona_id: str) -> VoicePersona | None:
    try:
        return VoicePersona.get(user_id, persona_id)
    except DoesNotExist:
        return None


def list_personas(user_id: str) -> list[VoicePersona]:
    return list(VoicePersona.query(user_id, scan_index_forward=False, limit=100))


def save(item: VoicePersona | VoiceNumber | VoiceCall | VoiceOptOut | VoiceAccount) -> None:
    item.save()


def delete(item: VoicePersona | VoiceNumber | VoiceOptOut | VoiceAccount) -> None:
    item.delete()


# --- own Twilio accounts --------------------------------------------------------------------------------


def get_account(user_id: str) -> VoiceAccount | None:
    try:
        return VoiceAccount.get(user_id, consistent_read=True)
    except DoesNotExist:
        return None


# --- numbers ------------------------------------------------------------------------------------------


def list_numbers(user_id: str) -> list[VoiceNumber]:
    return list(VoiceNumber.query(user_id, limit=100))


def get_number(user_id: str, phone_number: str) -> VoiceNumber | None:
    try:
        return VoiceNumber.get(user_id, phone_number)
    except DoesNotExist:
        return None


def claim_lookup(key: str, user_id: str) -> bool:
    """Map `key` to this user unless another user holds it already (False then)."""
    lookup = VoiceLookup(key, user_id=user_id)
    try:
        lookup.save(
            condition=VoiceLookup.key.does_not_exist() | (VoiceLookup.user_id == user_id)  # type: ignore[operator]
        )
    except PutError:
        return False
    return True


def claim_number(number: VoiceNumber) -> bool:
    """Tie a number to its owner; False when another user holds it already."""
    if not claim_lookup(f"number#{number.phone_number}", number.user_id):
        return False
    number.save()
    return True


def release_number(number: VoiceNumber) -> None:
    VoiceLookup(f"number#{number.phone_number}").delete()
    number.delete()


def owner_of(key: str) -> VoiceLookup | None:
    """The owner (and call) behind `number#…`, `sid#…` or `conn#…`."""
    try:
        return VoiceLookup.get(key, consistent_read=True)
    except DoesNotExist:
        return None


def remember(key: str, user_id: str, call_id: str, *, expires: bool = False) -> None:
    VoiceLookup(
        key,
        user_id=user_id,
        call_id=call_id,
        expires_at=utcnow() + CONNECTION_TTL if expires else None,
    ).save()


def forget(key: str) -> None:
    VoiceLookup(key).delete()


# --- calls and turns ----------------------------------------------------------------------------------


def call_with_persona(
    user_id: str, call_id: str, persona_id: str
) -> tuple[VoiceCall | None, VoicePersona | None]:
    """A call (read consistently) and its persona, in one BatchGetItem."""
    call, persona = get_together(
        (VoiceCall, {"user_id": user_id, "call_id": call_id}),
        (VoicePersona, {"user_id": user_id, "persona_id": persona_id}),
    )
    return cast(VoiceCall | None, call), cast(VoicePersona | None, persona)


def get_call(user_id: str, call_id: str, *, consistent: bool = False) -> VoiceCall | None:
    try:
        return VoiceCall.get(user_id, call_id, consistent_read=consistent)
    except DoesNotExist:
        return None


def list_calls(user_id: str, limit: int = 200) -> list[VoiceCall]:
    return list(VoiceCall.query(user_id, scan_index_forward=False, limit=limit))


def update_call(call: VoiceCall, *actions: Any, condition: Condition | None = None) -> None:
    call.update(actions=list(actions), condition=condition)


def next_turn(call: VoiceCall) -> int:
    """Reserve the call's next turn number (atomic: two relay invocations never share one)."""
    return next_turns(call, 1)


def next_turns(call: VoiceCall, count: int) -> int:
    """Reserve `count` consecutive turn numbers; returns the last one."""
    call.update(actions=[VoiceCall.turns.add(count)])
    return int(call.turns) - 1


def next_answer(call: VoiceCall) -> int:
    """Reserve the caller's turn and the answer's after it, the answer being the one now spoken, in
    one update; returns the answer's number. An interruption arriving at once finds it: marked
    speaking later, beside the model's first token, it could be missed (and the answer not stopped)."""
    call.update(actions=[VoiceCall.turns.add(2), VoiceCall.speaking.set(VoiceCall.turns + 1)])
    return int(call.turns) - 1


def turn_key(call_id: str, n: int) -> str:
    return f"{call_id}#{n:04d}"


def write_turn(user_id: str, call_id: str, n: int, **fields: Any) -> None:
    """Set some attributes of a turn, creating it if needed (the streamer and an interruption write
    different attributes of the same turn, so neither overwrites the other)."""
    turn = VoiceTurn(user_id, turn_key(call_id, n))
    turn.update(actions=[getattr(VoiceTurn, name).set(value) for name, value in fields.items()])


def list_turns(user_id: str, call_id: str) -> list[VoiceTurn]:
    return list(VoiceTurn.query(user_id, VoiceTurn.turn_key.startswith(f"{call_id}#"), consistent_read=True))


def delete_call(call: VoiceCall) -> None:
    with VoiceTurn.batch_write() as batch:
        for turn in list_turns(call.user_id, call.call_id):
            batch.delete(turn)
    if call.recording_key:
        storage.delete(BUCKET, [call.recording_key])
    call.delete()


# --- recordings ---------------------------------------------------------------------------------------


def recording_key(user_id: str, call_id: str) -> str:
    return f"recordings/{user_id}/{call_id}.wav"


def store_recording(key: str, audio: bytes, content_type: str) -> None:
    storage.put(BUCKET, key, audio, content_type)


def recording_url(key: str) -> str:
    return storage.download_url(BUCKET, key, expires=900)


# --- opt-outs -----------------------------------------------------------------------------------------


def opted_out(user_id: str, phone_number: str) -> bool:
    try:
        VoiceOptOut.get(user_id, phone_number)
    except DoesNotExist:
        return False
    return True


def list_opt_outs(user_id: str) -> list[VoiceOptOut]:
    return list(VoiceOptOut.query(user_id, limit=500))


def get_opt_out(user_id: str, phone_number: str) -> VoiceOptOut | None:
    try:
        return VoiceOptOut.get(user_id, phone_number)
    except DoesNotExist:
        return None
