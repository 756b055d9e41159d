"""A simulated Anthropic Messages API (JSON and SSE streaming) for the `anthropic` SDK.

Point the SDK at it with `base_url=<server>` (the SDK adds `/v1/messages`). The stream follows the real
event sequence: message_start (input usage), content_block_start, ping, content_block_delta…,
content_block_stop, message_delta (stop reason, output usage), message_stop. Tool calls (decided by
`tool_use`) are `tool_use` blocks, streamed as `input_json_delta`s, stop reason `tool_use`; results
come back as `tool_result` blocks. Errors use Anthropic's body
`{"type": "error", "error": {"type": ..., "message": ...}}`.
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

from webox.testing import structured, tool_use
from webox.testing.simulation import (
    FAULT_HEADER,
    Behaviour,
    SeenImage,
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


def _blocks(content: Any, kind: str) -> list[dict[str, Any]]:
    if not isinstance(content, list):
        return []
    return [block for block in content if isinstance(block, dict) and block.get("type") == kind]


def _conversation(turns: list[dict[str, Any]], tools: Any) -> tool_use.Conversation:
    """The last user turn with text, the offered tools, and the `tool_result` blocks since."""
    offered = {
        str(t["name"]): t.get("input_schema") or {}
        for t in tools or []
        if isinstance(t, dict) and "name" in t
    }
    asked = [
        i
        for i, t in enumerate(turns)
        if t.get("role") == "user"
        and (isinstance(t.get("content"), str) or _blocks(t.get("content"), "text"))
    ]
    last_user = asked[-1] if asked else -1
    names = {
        str(b.get("id")): str(b.get("name")) for t in turns for b in _blocks(t.get("content"), "tool_use")
    }
    results = [
        (names.get(str(b.get("tool_use_id")), "tool"), _text(b.get("content")))
        for t in turns[last_user + 1 :]
        for b in _blocks(t.get("content"), "tool_result")
    ]
    prompt = _text(turns[last_user].get("content")) if last_user >= 0 else ""
    return tool_use.Conversation(prompt, offered, results)


def _images(turns: list[dict[str, Any]]) -> list[SeenImage]:
    """The base64 `image` blocks of the last user turn."""
    last: dict[str, Any] = next((t for t in reversed(turns) if t.get("role") == "user"), {})
    sources = [b.get("source") or {} for b in _blocks(last.get("content"), "image")]
    return [(str(s.get("media_type")), str(s.get("data"))) for s in sources if s.get("type") == "base64"]


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
        fault = behaviour.next_fault(request.headers.get(FAULT_HEADER), model)
        failure = await opening_fault(behaviour, fault, _fault_error)
        if failure is not None:
            return failure
        prompt = next((_text(t.get("content")) for t in reversed(turns) if t.get("role") == "user"), "")
        conversation = _conversation(turns, body.get("tools"))
        calls = tool_use.calls(conversation, prefix="toolu_")
        schema = structured.anthropic_schema(body)
        if calls:
            text = ""
        elif schema is not None:
            text = structured.compose(schema, prompt)
        elif conversation.results:
            text = tool_use.answer(model, conversation, max_words=max_tokens)
        else:
            system = _text(body.get("system"))
            text = compose_answer(model, prompt, max_words=max_tokens, images=_images(turns), system=system)
        output_tokens = count_tokens(text + "".join(c.json for c in calls))
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
            content = [{"type": "tool_use", "id": c.id, "name": c.name, "input": c.arguments} for c in calls]
            message.update(
                content=content or [{"type": "text", "text": text}],
                stop_reason="tool_use" if calls else "end_turn",
                usage={"input_tokens": input_tokens, "output_tokens": output_tokens},
            )
            return JSONResponse(message, headers={"request-id": f"req_{message_id[4:]}"})
        return StreamingResponse(
            _stream(behaviour, fault, message, text, calls, output_tokens),
            media_type="text/event-stream",
            headers={"cache-control": "no-cache", "request-id": f"req_{message_id[4:]}"},
        )

    app = Starlette(routes=[Route("/v1/messages", messages, methods=["POST"])])
    app.state.behaviour = behaviour
    return app


def _tool_events(calls: list[tool_use.Call]) -> list[str]:
    """Each call as a `tool_use` block: its start, its input in two `input_json_delta`s, its stop."""
    events: list[bytes] = []
    for index, call in enumerate(calls):
        block = {"type": "tool_use", "id": call.id, "name": call.name, "input": {}}
        events.append(
            sse(
                {"type": "content_block_start", "index": index, "content_block": block}, "content_block_start"
            )
        )
        half = len(call.json) // 2
        for piece in (call.json[:half], call.json[half:]):
            delta = {"type": "input_json_delta", "partial_json": piece}
            events.append(
                sse({"type": "content_block_delta", "index": index, "delta": delta}, "content_block_delta")
            )
        events.append(sse({"type": "content_block_stop", "index": index}, "content_block_stop"))
    return [event.decode() for event in events]


def _stream(
    behaviour: Behaviour,
    fault: str | None,
    message: dict[str, Any],
    text: str,
    calls: list[tool_use.Call],
    output_tokens: int,
) -> AsyncIterator[bytes]:
    def delta(piece: str) -> bytes:
        payload = {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": piece}}
        return sse(payload, "content_block_delta")

    head = [sse({"type": "message_start", "message": message}, "message_start")]
    if not calls:
        head.append(
            sse(
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
                "content_block_start",
            )
        )
    head.append(sse({"type": "ping"}, "ping"))
    tail = [] if calls else [sse({"type": "content_block_stop", "index": 0}, "content_block_stop")]
    tail += [
        sse(
            {
                "type": "message_delta",
                "delta": {"stop_reason": "tool_use" if calls else "end_turn", "stop_sequence": None},
                "usage": {"output_tokens": output_tokens},
            },
            "message_delta",
        ),
        sse({"type": "message_stop"}, "message_stop"),
    ]
    return paced_stream(
        behaviour,
        fault,
        model=str(message["model"]),
        pieces=_tool_events(calls) if calls else chunks(text),
        piece=str.encode if calls else delta,
        head=head,
        tail=tail,
        malformed=b'event: content_block_delta\ndata: {"type": "content_block_delta", "delta": {\n\n',
    )
