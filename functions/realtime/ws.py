"""WebSocket API routes `$connect`, `$disconnect` and `$default` (API Gateway WebSocket events)."""

from __future__ import annotations

import json
from typing import Any

from webox.auth import principals
from webox.config import get_settings
from webox.logging import get_logger
from webox.realtime import service as realtime_service

logger = get_logger()


def _headers(event: dict[str, Any]) -> dict[str, str]:
    return {k.lower(): v for k, v in (event.get("headers") or {}).items()}


def _connect(event: dict[str, Any], connection_id: str) -> dict[str, Any]:
    headers = _headers(event)
    origin = headers.get("origin")
    # Browsers always send Origin on a WebSocket upgrade: refusing foreign origins stops
    # cross-site WebSocket hijacking with the user's cookies. Programmatic clients send none.
    if origin and origin.rstrip("/") not in get_settings().allowed_origins:
        return {"statusCode": 403}
    query = event.get("queryStringParameters") or {}
    principal = principals.principal_from_headers(headers, token=query.get("token"))
    if principal is None:
        return {"statusCode": 401}
    realtime_service.connect(connection_id, principal.user_id)
    return {"statusCode": 200}


def _message(event: dict[str, Any], connection_id: str) -> dict[str, Any]:
    try:
        message = json.loads(event.get("body") or "")
    except ValueError:
        message = None
    if not isinstance(message, dict):
        realtime_service.send_to_connection(
            connection_id, {"type": "error", "code": "invalid_message", "message": "Expected a JSON object"}
        )
        return {"statusCode": 400}
    if message.get("action") == "ping":
        realtime_service.send_to_connection(connection_id, {"type": "pong", "id": message.get("id")})
        return {"statusCode": 200}
    realtime_service.send_to_connection(
        connection_id,
        {
            "type": "error",
            "code": "unknown_action",
            "message": "Unknown action",
            "action": message.get("action"),
        },
    )
    return {"statusCode": 400}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Dispatch one WebSocket event by its route key."""
    request = event.get("requestContext") or {}
    route, connection_id = request.get("routeKey"), str(request.get("connectionId"))
    if route == "$connect":
        return _connect(event, connection_id)
    if route == "$disconnect":
        realtime_service.disconnect(connection_id)
        return {"statusCode": 200}
    return _message(event, connection_id)
