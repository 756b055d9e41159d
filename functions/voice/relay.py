"""Twilio ConversationRelay's WebSocket API: `$connect` (signed), `setup`, `prompt`, `interrupt`,
`dtmf`, `error`, `$disconnect` (routed on the message's `type`)."""

from __future__ import annotations

import json
import time
from typing import Any

from webox.voice import relay

HANDLERS = {"setup": relay.setup, "interrupt": relay.interrupt, "dtmf": relay.dtmf}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """One relay event: accept or refuse the connection, or handle one of Twilio's messages."""
    request = event.get("requestContext") or {}
    route, connection_id = request.get("routeKey"), str(request.get("connectionId"))
    if route == "$connect":
        headers = {k.lower(): v for k, v in (event.get("headers") or {}).items()}
        return {"statusCode": relay.connect(connection_id, headers, event.get("queryStringParameters") or {})}
    if route == "$disconnect":
        relay.disconnect(connection_id)
        return {"statusCode": 200}
    try:
        message = json.loads(event.get("body") or "{}")
    except ValueError:
        return {"statusCode": 400}
    if not isinstance(message, dict):
        return {"statusCode": 400}
    session = relay.session(connection_id)
    if route == "error" or session is None:
        relay.error(session, message)
        return {"statusCode": 200}
    if route == "prompt":
        received_ms = int(request.get("requestTimeEpoch") or time.time() * 1000)
        relay.prompt(session, message, received_ms)
    elif route in HANDLERS:
        HANDLERS[route](session, message)
    return {"statusCode": 200}
