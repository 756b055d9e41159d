"""WebSocket API routes `$connect`, `$disconnect`, `ping` and `$default` (API Gateway WebSocket events)."""

from __future__ import annotations

from typing import Any

from webox.auth import principals, socket_tickets
from webox.config import get_settings
from webox.realtime import service as realtime_service
from webox.realtime.dispatch import BROWSER, Dispatcher
from webox.realtime.protocol import Ping, Pong
from webox.realtime.service import Caller

socket = Dispatcher(BROWSER)


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
    ticket = query.get("ticket")
    principal = socket_tickets.redeem_ticket(ticket) if ticket else principals.principal_from_headers(headers)
    if principal is None:
        return {"statusCode": 401}
    realtime_service.connect(
        connection_id,
        principal.user_id,
        session_id=principal.session_id,
        token_id=principal.token_id,
        scopes=principal.scopes,
    )
    return {"statusCode": 200}


@socket.action("ping", scope=None)
def ping(caller: Caller, action: Ping) -> None:
    """Answer `pong` with the same id (clients check the socket is alive)."""
    realtime_service.send_to_connection(caller.connection_id, Pong(id=action.id))


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Connect, disconnect, or dispatch a message (`$default` gets garbage and unknown actions)."""
    request = event.get("requestContext") or {}
    route, connection_id = request.get("routeKey"), str(request.get("connectionId"))
    if route == "$connect":
        return _connect(event, connection_id)
    if route == "$disconnect":
        realtime_service.disconnect(connection_id)
        return {"statusCode": 200}
    return socket.dispatch(event)
