"""Webhook signatures: Pipedream's on inbound trigger events, Standard Webhooks' on outgoing ones.

Pipedream signs each trigger webhook delivery with the deployed trigger's `webhook_signing_key`
(returned by `triggers.deploy`; rotated by "Regenerate trigger webhook signing key"). Checked against
Pipedream's documentation: the API reference (https://pipedream.com/docs/connect/api-reference/
regenerate-webhook-signing-key) says "Pipedream signs webhook emits for deployed triggers using
HMAC-SHA256" and sends to https://pipedream.com/docs/connect/webhooks#validating-signatures for the
details; the stored copy of that page we could read stops before that section, so the header and
what is signed below are the scheme as Pipedream's Connect deliveries send it: header
`x-pd-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`. Several `v1=` entries
are accepted (a rotation signs with both keys), and a delivery older than five minutes is refused.

Outgoing events follow https://www.standardwebhooks.com/ (spec
github.com/standard-webhooks/standard-webhooks/blob/main/spec/standard-webhooks.md): headers
`webhook-id`, `webhook-timestamp`, `webhook-signature: v1,<base64 HMAC-SHA256 of
"<id>.<timestamp>.<body>">`, keyed with the base64-decoded part of a `whsec_` secret.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time

from webox.automations.errors import BadSignature, StaleEvent

TOLERANCE_S = 300
PIPEDREAM_HEADER = "x-pd-signature"


def verify_pipedream(key: str, body: bytes, header: str | None, *, now: float | None = None) -> int:
    """The delivery's timestamp if `header` signs `body` with `key` within five minutes; else 401."""
    fields: dict[str, list[str]] = {}
    for part in (header or "").split(","):
        name, _, value = part.strip().partition("=")
        fields.setdefault(name, []).append(value)
    try:
        stamp = int(fields.get("t", [""])[0])
    except ValueError:
        raise BadSignature() from None
    expected = hmac.new(key.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    if not any(hmac.compare_digest(expected, given) for given in fields.get("v1", [])):
        raise BadSignature()
    current = time.time() if now is None else now
    if abs(current - stamp) > TOLERANCE_S:
        raise StaleEvent()
    return stamp


def new_secret() -> str:
    """A Standard Webhooks signing secret: `whsec_` + base64 of 32 random bytes."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()


def standard_headers(secret: str, message_id: str, body: bytes, timestamp: int) -> dict[str, str]:
    """The three Standard Webhooks headers of one delivery."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    signed = f"{message_id}.{timestamp}.".encode() + body
    signature = base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": f"v1,{signature}",
        "content-type": "application/json",
    }
