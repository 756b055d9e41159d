"""Voice tables: personas, numbers, calls, their turns, the opt-out list, and the lookups Twilio's
identifiers (call SID, relay connection, phone number) need to find their owner.

Everything a user owns is keyed by their user id; `voice_lookup` maps what Twilio sends (a number it
calls, a call SID, a relay connection id) to that owner with one GetItem."""

from __future__ import annotations

import secrets
import time

from pynamodb.attributes import (
    BinaryAttribute,
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from webox.db import TableMeta, table_name


def new_id() -> str:
    """32 hex characters starting with the creation time, so a user's items list newest first."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(10)}"


class VoicePersona(Model):
    """Who answers a number: instructions (from an assistant or written), a model, a voice, a flow."""

    class Meta(TableMeta):
        table_name = table_name("voice_personas")

    user_id = UnicodeAttribute(hash_key=True)
    persona_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    instructions = UnicodeAttribute()
    assistant_id = UnicodeAttribute(null=True)
    model = UnicodeAttribute()
    language = UnicodeAttribute()
    voice = UnicodeAttribute()
    greeting = UnicodeAttribute()
    record = BooleanAttribute(default=False)
    consent_line = UnicodeAttribute(null=True)
    hours = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    menu = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    knowledge_base_id = UnicodeAttribute(null=True)  # searched for each of the caller's questions
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class VoiceNumber(Model):
    """A phone number the user may answer: one of the platform's an admin assigned them (`platform`),
    or one of their own Twilio account's (`own`); `persona_id` is who answers it (None: nobody yet)."""

    class Meta(TableMeta):
        table_name = table_name("voice_numbers")

    user_id = UnicodeAttribute(hash_key=True)
    phone_number = UnicodeAttribute(range_key=True)
    number_sid = UnicodeAttribute()
    persona_id = UnicodeAttribute(null=True)
    source = UnicodeAttribute(default="platform")  # platform | own
    account_sid = UnicodeAttribute(null=True)  # the Twilio account the number belongs to
    created_at = UTCDateTimeAttribute()


class VoiceAccount(Model):
    """A user's own Twilio account: its SID and secrets (auth token, or API key and secret), KMS-encrypted
    as the users' AI keys are (bound to the user and the `twilio` vendor), and their masked forms."""

    class Meta(TableMeta):
        table_name = table_name("voice_accounts")

    user_id = UnicodeAttribute(hash_key=True)
    account_sid = UnicodeAttribute()
    friendly_name = UnicodeAttribute()
    ciphertext = BinaryAttribute(legacy_encoding=False)
    masked = JSONAttribute()  # type: ignore[no-untyped-call]
    connected_at = UTCDateTimeAttribute()


class VoiceCall(Model):
    """One call. `turns` counts its turns (each turn's item is `<call_id>#<n>`); `speaking` is the latest assistant
    turn, `stop_turn` the one an interruption stopped, which the streaming prompt handler polls."""

    class Meta(TableMeta):
        table_name = table_name("voice_calls")

    user_id = UnicodeAttribute(hash_key=True)
    call_id = UnicodeAttribute(range_key=True)
    call_sid = UnicodeAttribute(null=True)
    direction = UnicodeAttribute()
    from_number = UnicodeAttribute()
    to_number = UnicodeAttribute()
    persona_id = UnicodeAttribute()
    account_sid = UnicodeAttribute(null=True)  # the Twilio account the call runs on (None: the platform's)
    status = UnicodeAttribute()
    end_reason = UnicodeAttribute(null=True)  # why WeBox ended it (`quota.exceeded`…), when it did
    turns = NumberAttribute(default=0)
    speaking = NumberAttribute(default=-1)
    stop_turn = NumberAttribute(default=-1)
    recording_key = UnicodeAttribute(null=True)
    recording_duration_s = NumberAttribute(null=True)
    handoff = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    transferred_to = UnicodeAttribute(null=True)
    summary = UnicodeAttribute(null=True)
    fields = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    score = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    task_id = UnicodeAttribute(null=True)
    started_at = UTCDateTimeAttribute()
    ended_at = UTCDateTimeAttribute(null=True)


class VoiceTurn(Model):
    """One turn: what the caller said (or pressed), or what the assistant said. `text` is what the
    model generated; `heard` what the caller actually heard when they interrupted it. Latencies are
    milliseconds from the `prompt` event's arrival."""

    class Meta(TableMeta):
        table_name = table_name("voice_turns")

    user_id = UnicodeAttribute(hash_key=True)
    turn_key = UnicodeAttribute(range_key=True)  # <call_id>#<n, 4 digits>
    role = UnicodeAttribute(null=True)  # caller | assistant | dtmf
    text = UnicodeAttribute(null=True)
    heard = UnicodeAttribute(null=True)
    interrupted = BooleanAttribute(null=True)
    prompt_at_ms = NumberAttribute(null=True)  # epoch ms the prompt reached the relay API
    first_token_ms = NumberAttribute(null=True)
    last_token_ms = NumberAttribute(null=True)
    model_ttft_ms = NumberAttribute(null=True)
    tools = JSONAttribute(null=True)  # type: ignore[no-untyped-call]  # the tool calls made for an answer
    at = UTCDateTimeAttribute(null=True)


class VoiceOptOut(Model):
    """A number that asked the user never to call it again."""

    class Meta(TableMeta):
        table_name = table_name("voice_opt_outs")

    user_id = UnicodeAttribute(hash_key=True)
    phone_number = UnicodeAttribute(range_key=True)
    created_at = UTCDateTimeAttribute()


class VoiceLookup(Model):
    """`number#<E.164>`, `sid#<CallSid>`, `conn#<relay connection id>`, `account#<AccountSid>` → owner
    (and call).
    Connection entries expire: API Gateway keeps a socket two hours at most."""

    class Meta(TableMeta):
        table_name = table_name("voice_lookup")

    key = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    call_id = UnicodeAttribute(null=True)
    persona_id = UnicodeAttribute(null=True)
    expires_at = TTLAttribute(null=True)
