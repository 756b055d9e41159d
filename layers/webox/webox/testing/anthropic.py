"""A simulated Anthropic Messages API (JSON and SSE streaming) for the `anthropic` SDK.

Point the SDK at it with `base_url=<server>` (the SDK adds `/v1/messages`). The stream follows the real
event sequence: message_start (input usage), content_block_start, ping, content_block_delta…,
content_block_stop, message_delta (stop reason, output usage), message_stop. Errors use Anthropic's
body `{"type": "error", "error": {"type": ..., "message": ...}}`.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from webox.testing.simulation import (
    FAULT_HEADER,
    Behaviour,
    chunks,
    compose_answer,
    count_tokens,
    opening_fault,
    paced_stream,
    sse,
)

_ERROR_TYPES = {
    400: "invalid_request_error",
    401: "authentication_error",
    429: "rate_limit_error",
    500: "api_error",
}


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    request_id = f"req_{uuid.uuid4().hex[:24]}"
    body = {
        "type": "error",
        "error": {"type": _ERROR_TYPES[status], "message": message},
        "request_id": request_id,
    }
    return JSONResponse(body, status_code=status, headers={"request-id": request_id, **(headers or {})})


def _fault_error(status: int, headers: dict[str, str]) -> Response:
    messages = {
        429: "Number of requests has exceeded your rate limit (simulated).",
        401: "invalid x-api-key (simulated)",
        500: "Internal server error (simulated)",
    }
    return _error(status, messages[status], headers)


def _text(content: Any) -> str:
    if isinstance(content, list):
        return " ".join(str(block.get("text", "")) for block in content if isinstance(block, dict))
    return str(content or "")


def create_app(behaviour: Behaviour | None = None) -> Starlette:
    """The fake Anthropic server; `app.state.behaviour` controls it."""
    behaviour = behaviour or Behaviour()

    async def messages(request: Request) -> Response:
        if not request.headers.get("x-api-key") and not request.headers.get("authorization"):
            return _error(401, "x-api-key header is required")
        try:
            body = await request.json()
            model, turns, max_tokens = str(body["model"]), list(body["messages"]), int(body["max_tokens"])
        except (ValueError, KeyError, TypeError):
            return _error(400, "model, messages and max_tokens are required")
        behaviour.last_body = body
        fault = behaviour.next_fault(request.headers.get(FAULT_HEADER))
        failure = await opening_fault(behaviour, fault, _fault_error)
        if failure is not None:
            return failure
        prompt = next((_text(t.get("content")) for t in reversed(turns) if t.get("role") == "user"), "")
        text = compose_answer(model, prompt, max_words=max_tokens)
        input_tokens = count_tokens(_text(body.get("system"))) if body.get("system") else 0
        input_tokens += sum(count_tokens(_text(t.get("content"))) for t in turns)
        message_id = f"msg_{uuid.uuid4().hex[:24]}"
        message: dict[str, Any] = {
            "id": message_id,
            "type": "message",
            "role": "assistant",
            "model": model,
            "content": [],
            "stop_reason": None,
            "stop_sequence": None,
            "usage": {"input_tokens": input_tokens, "output_tokens": 1},
        }
        if not body.get("stream"):
            await asyncio.sleep(behaviour.ttft_s + behaviour.latency_s)
            message.update(
                content=[{"type": "text", "text": text}],
                stop_reason="end_turn",
                usage={"input_tokens": input_tokens, "output_tokens": count_tokens(text)},
            )
            return JSONResponse(message, headers={"request-id": f"req_{message_id[4:]}"})
        return StreamingResponse(
            _stream(behaviour, fault, message, text),
            media_type="text/event-stream",
            headers={"cache-control": "no-cache", "request-id": f"req_{message_id[4:]}"},
        )

    app = Starlette(routes=[Route("/v1/messages", messages, methods=["POST"])])
    app.state.behaviour = behaviour
    return app


def _stream(
    behaviour: Behaviour, fault: str | None, message: dict[str, Any], text: str
) -> AsyncIterator[bytes]:
    def delta(piece: str) -> bytes:
        payload = {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}}
        return sse(payload, "content_block_delta")

    head = [
        sse({"type": "message_start", "message": message}, "message_start"),
        sse(
            {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
            "content_block_start",
        ),
        sse({"type": "ping"}, "ping"),
    ]
    tail = [
        sse({"type": "content_block_stop", "index": 0}, "content_block_stop"),
        sse(
            {
                "type": "message_delta",
                "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": count_tokens(text)},
            },
            "message_delta",
        ),
        sse({"type": "message_stop"}, "message_stop"),
    ]
    return paced_stream(
        behaviour,
        fault,
        pieces=chunks(text),
        piece=delta,
        head=head,
        tail=tail,
        malformed=b'event: content_block_delta\ndata: {"type": "content_block_delta", "delta": {\n\n',
    )
