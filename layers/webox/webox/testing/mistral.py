"""A simulated Mistral chat completions API (JSON and SSE streaming) for the `mistralai` SDK.

Point the SDK at it with `server_url=<server>` (the SDK adds `/v1/chat/completions`). As Mistral does,
the stream's last chunk carries the finish reason and the usage, then `data: [DONE]`.
"""

from __future__ import annotations

import asyncio
import time
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


def _error(status: int, message: str, kind: str, headers: dict[str, str] | None = None) -> Response:
    body = {"object": "error", "message": message, "type": kind, "param": None, "code": str(status)}
    return JSONResponse(body, status_code=status, headers=headers)


def _fault_error(status: int, headers: dict[str, str]) -> Response:
    if status == 429:
        return _error(429, "Requests rate limit exceeded (simulated)", "rate_limited", headers)
    if status == 401:
        return JSONResponse({"message": "Unauthorized", "request_id": uuid.uuid4().hex}, status_code=401)
    return _error(500, "Internal server error (simulated)", "internal_server_error")


def _text(content: Any) -> str:
    if isinstance(content, list):
        return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
    return str(content or "")


def create_app(behaviour: Behaviour | None = None) -> Starlette:
    """The fake Mistral server; `app.state.behaviour` controls it."""
    behaviour = behaviour or Behaviour()

    async def completions(request: Request) -> Response:
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return JSONResponse({"message": "Unauthorized", "request_id": uuid.uuid4().hex}, status_code=401)
        try:
            body = await request.json()
            model, messages = str(body["model"]), list(body["messages"])
        except (ValueError, KeyError, TypeError):
            return _error(422, "model and messages are required", "invalid_request_error")
        behaviour.last_body = body
        fault = behaviour.next_fault(request.headers.get(FAULT_HEADER))
        failure = await opening_fault(behaviour, fault, _fault_error)
        if failure is not None:
            return failure
        prompt = next((_text(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), "")
        max_tokens = body.get("max_tokens")
        text = compose_answer(model, prompt, max_words=int(max_tokens) if max_tokens else None)
        usage = {
            "prompt_tokens": sum(count_tokens(_text(m.get("content"))) for m in messages),
            "completion_tokens": count_tokens(text),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        base = {"id": uuid.uuid4().hex, "created": int(time.time()), "model": model}
        if not body.get("stream"):
            await asyncio.sleep(behaviour.ttft_s + behaviour.latency_s)
            choice = {
                "index": 0,
                "message": {"role": "assistant", "content": text, "tool_calls": None, "prefix": False},
                "finish_reason": "stop",
            }
            return JSONResponse({**base, "object": "chat.completion", "usage": usage, "choices": [choice]})
        return StreamingResponse(
            _stream(behaviour, fault, base, text, usage),
            media_type="text/event-stream",
            headers={"cache-control": "no-cache"},
        )

    app = Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])
    app.state.behaviour = behaviour
    return app


def _stream(
    behaviour: Behaviour, fault: str | None, base: dict[str, Any], text: str, usage: dict[str, int]
) -> AsyncIterator[bytes]:
    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return sse({**base, "object": "chat.completion.chunk", "choices": [choice], **extra})

    return paced_stream(
        behaviour,
        fault,
        pieces=chunks(text),
        piece=lambda piece: chunk({"content": piece}),
        head=[chunk({"role": "assistant", "content": ""})],
        tail=[chunk({"content": ""}, "stop", usage=usage), sse("[DONE]")],
        malformed=b'data: {"id": "broken", "choices": [{"delta": \n\n',
    )
