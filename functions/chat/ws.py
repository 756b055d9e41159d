"""WebSocket routes `chat.send`, `chat.stop` and `chat.retry`: validate, store, start the fan-out, return."""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, Field, ValidationError
from webox.chat import conversations as chat_conversations
from webox.chat import turns as chat_turns
from webox.chat.schemas import Identifier, ModelId, SendFrame, StopFrame
from webox.errors import WeboxError
from webox.realtime import service as realtime_service


class RetryFrame(BaseModel):
    action: str = "chat.retry"
    conversation_id: Identifier
    turn: int = Field(ge=1)
    model: ModelId


def _reject(
    connection_id: str, body: dict[str, Any], code: str, message: str, extra: dict[str, Any] | None = None
) -> dict[str, Any]:
    realtime_service.send_to_connection(
        connection_id,
        {
            "type": "chat.rejected",
            # Echo what identifies the refused action (a retry has no request id of its own).
            **{key: body.get(key) for key in ("request_id", "conversation_id", "turn", "model")},
            "code": code,
            "message": message,
            **(extra or {}),  # e.g. a quota refusal's quota, used, limit and resets_at
        },
    )
    return {"statusCode": 400}


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """One chat action from a signed-in connection."""
    request = event.get("requestContext") or {}
    connection_id, route = str(request.get("connectionId")), request.get("routeKey")
    user_id = realtime_service.owner(connection_id)
    if user_id is None:
        return {"statusCode": 403}
    try:
        body = json.loads(event.get("body") or "")
    except ValueError:
        body = None
    if not isinstance(body, dict):
        return _reject(connection_id, {}, "invalid_message", "Expected a JSON object")
    try:
        if route == "chat.send":
            frame = SendFrame.model_validate(body)
            started, new = chat_turns.start_and_launch(
                user_id, frame, request_id=frame.request_id, conversation_id=frame.conversation_id
            )
            if not new:
                realtime_service.send_to_connection(
                    connection_id, {"type": "chat.started", **started.model_dump()}
                )
        elif route == "chat.stop":
            stop = StopFrame.model_validate(body)
            if not chat_turns.stop(user_id, stop.request_id, stop.model):
                return _reject(connection_id, body, "request_not_found", "No such request")
        elif route == "chat.retry":
            retry = RetryFrame.model_validate(body)
            chat_conversations.owned_conversation(user_id, retry.conversation_id)
            chat_turns.launch(chat_turns.retry(user_id, retry.conversation_id, retry.turn, retry.model))
    except ValidationError as error:
        detail = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:5])
        return _reject(connection_id, body, "validation_failed", detail)
    except WeboxError as error:
        return _reject(connection_id, body, error.code, error.message, error.extra)
    return {"statusCode": 200}
