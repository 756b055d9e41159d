"""Messages of the `voice` queue: a deleted account's own Twilio numbers, to detach at Twilio.

The account worker, which runs every feature's deletion hook, ships no Twilio SDK (with it, the
function would pass Lambda's size limit), and a deletion never waits on Twilio: the voice worker
makes those calls."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

QUEUE = "voice"
MAX_RECEIVES = 5


class DetachNumbers(BaseModel):
    """Point a deleted account's own numbers away from WeBox, with its Twilio credentials as they
    were stored (KMS-encrypted for that user: the message carries no secret in clear)."""

    kind: Literal["detach_numbers"] = "detach_numbers"
    user_id: str
    account_sid: str
    sealed: str  # base64 of the stored ciphertext
    number_sids: list[str]
