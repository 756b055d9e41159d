"""A simulated Mistral chat completions API (JSON and SSE streaming, `tool_calls` decided by `tool_use`,
each streamed whole in one chunk as Mistral does) for the `mistralai` SDK.

Point the SDK at it with `server_url=<server>` (the SDK adds `/v1/chat/completions`). As Mistral does,
the stream's last chunk carries the finish reason and the usage, then `data: [DONE]`.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from webox.testing import structured, tool_use
from webox.testing.simulation import (
    FAULT_HEADER,
    Behaviour,
    chat_images,
    chat_system,
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
        fault = behaviour.next_fault(request.headers.get(FAULT_HEADER), model)
        failure = await opening_fault(behaviour, fault, _fault_error)
        if failure is not None:
            return failure
        prompt = next((_text(m.get("content")) for m in reversed(messages) if m.get("role") == "user"), "")
        max_tokens = body.get("max_tokens")
        max_words = int(max_tokens) if max_tokens else None
        conversation = tool_use.chat_conversation(messages, body.get("tools"))
        # Mistral's tool call ids are nine letters and digits.
        calls = tool_use.calls(conversation, prefix="", length=9)
        schema = structured.chat_schema(body)
        if calls:
            text = ""
        elif schema is not None:
            text = structured.compose(schema, prompt)
        elif conversation.results:
            text = tool_use.answer(model, conversation, max_words=max_words)
        else:
            last: dict[str, Any] = next((m for m in reversed(messages) if m.get("role") == "user"), {})
            text = compose_answer(
                model,
                prompt,
                max_words=max_words,
                images=chat_images(last.get("content")),
                system=chat_system(messages),
            )
        usage = {
            "prompt_tokens": sum(count_tokens(_text(m.get("content"))) for m in messages),
            "completion_tokens": count_tokens(text + "".join(c.json for c in calls)),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        base = {"id": uuid.uuid4().hex, "created": int(time.time()), "model": model}
        if not body.get("stream"):
            await asyncio.sleep(behaviour.ttft_s + behaviour.latency_s)
            choice = {
                "index": 0,
                "message": {
                    "role": "assistant",
                    "content": text,
                    "tool_calls": _wire_calls(calls) or None,
                    "prefix": False,
                },
                "finish_reason": "tool_calls" if calls else "stop",
            }
            return JSONResponse({**base, "object": "chat.completion", "usage": usage, "choices": [choice]})
        return StreamingResponse(
            _stream(behaviour, fault, base, text, calls, usage),
            media_type="text/event-stream",
            headers={"cache-control": "no-cache"},
        )

    app = Starlette(routes=[Route("/v1/chat/completions", completions, methods=["POST"])])
    app.state.behaviour = behaviour
    return app


def _wire_calls(calls: list[tool_use.Call]) -> list[dict[str, Any]]:
    return [
        {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.json}, "index": i}
        for i, c in enumerate(calls)
    ]


def _stream(
    behaviour: Behaviour,
    fault: str | None,
    base: dict[str, Any],
    text: str,
    calls: list[tool_use.Call],
    usage: dict[str, int],
) -> AsyncIterator[bytes]:
    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> bytes:
        choice = {"index": 0, "delta": delta, "finish_reason": finish}
        return sse({**base, "object": "chat.completion.chunk", "choices": [choice], **extra})

    if calls:
        pieces = [json.dumps({"content": "", "tool_calls": [call]}) for call in _wire_calls(calls)]
    else:
        pieces = [json.dumps({"content": piece}) for piece in chunks(text)]
    return paced_stream(
        behaviour,
        fault,
        model=str(base["model"]),
        pieces=pieces,
        piece=lambda delta: chunk(json.loads(delta)),
        head=[chunk({"role": "assistant", "content": ""})],
        tail=[chunk({"content": ""}, "tool_calls" if calls else "stop", usage=usage), sse("[DONE]")],
        malformed=b'data: {"id": "broken", "choices": [{"delta": \n\n',
    )
