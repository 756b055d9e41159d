"""The push port: messages to browsers through the WebSocket API's Management API.

On AWS this is API Gateway's `@connections` endpoint; locally the dev server serves the same HTTP
routes, so the same boto3 calls reach the browser. A gone connection is reported, never raised.
"""

from __future__ import annotations

import json
from typing import Any

from webox.aws import client
from webox.config import get_settings
from webox.logging import get_logger


def _management() -> Any:
    return client("apigatewaymanagementapi", get_settings().ws_endpoint)


def post(connection_id: str, message: dict[str, Any]) -> bool:
    """Send one JSON message to one connection; False when the connection is gone."""
    management = _management()
    data = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode()
    try:
        management.post_to_connection(ConnectionId=connection_id, Data=data)
    except management.exceptions.GoneException:
        return False
    except management.exceptions.ForbiddenException:
        get_logger().warning("push refused", extra={"connection_id": connection_id})
        return False
    return True


def close(connection_id: str) -> bool:
    """Close one connection from the server side (API Gateway then runs `$disconnect`); False when
    it was already gone."""
    management = _management()
    try:
        management.delete_connection(ConnectionId=connection_id)
    except management.exceptions.GoneException:
        return False
    except management.exceptions.ForbiddenException:
        get_logger().warning("close refused", extra={"connection_id": connection_id})
        return False
    return True
