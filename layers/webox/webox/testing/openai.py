"""A simulated OpenAI API (chat completions, JSON and SSE streaming, tool calls as `tool_calls` —
streamed as index and argument deltas — decided by `tool_use`, JSON-schema structured output from
`structured`; the Responses API from `openai_responses`; model list; images and audio from
`openai_media`) for the `openai` SDK.

Point the SDK at it with `base_url=<server>/v1`. Latency, time to first token and faults come from
`Behaviour`; a request can also ask for a fault with the `x-webox-fault` header.
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
    CutStream,
    SeenImage,
    chat_images,
    chat_system,
    chunks,
    compose_answer,
    count_tokens,
    opening_fault,
    paced_stream,
    sse,
)

__all__ = ["MODELS", "CutStream", "create_app"]

MODELS = ("gpt-4o", "gpt-4o-mini", "gpt-4.1", "o4-mini")


def _error(
    status: int, message: str, kind: str, code: str | None, headers: dict[str, str] | None = None
) -> Response:
    body = {"error": {"message": message, "type": kind, "param": None, "code": code}}
    return JSONResponse(body, status_code=status, headers=headers)


def _fault_error(status: int, headers: dict[str, str]) -> Response:
    if status == 429:
        return _error(429, "Rate limit reached (simulated).", "requests", "rate_limit_exceeded", headers)
    if status == 401:
        return _error(
            401, "Incorrect API key provided (simulated).", "invalid_request_error", "invalid_api_key"
        )
    return _error(500, "The server had an error (simulated).", "server_error", None)


def _prompt(messages: list[dict[str, Any]]) -> str:
    for message in reversed(messages):
        if message.get("role") == "user":
            content = message.get("content")
            if isinstance(content, list):
                return " ".join(str(part.get("text", "")) for part in content if isinstance(part, dict))
            return str(content or "")
    return ""


def _images(messages: list[dict[str, Any]]) -> list[SeenImage]:
    """The images of the last user message (`image_url` parts)."""
    last: dict[str, Any] = next((m for m in reversed(messages) if m.get("role") == "user"), {})
    return chat_images(last.get("content"))


def create_app(behaviour: Behaviour | None = None) -> Starlette:
    """The fake OpenAI server; `app.state.behaviour` controls it."""
    behaviour = behaviour or Behaviour()

    async def completions(request: Request) -> Response:
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return _error(401, "You didn't provide an API key.", "invalid_request_error", "invalid_api_key")
        try:
            body = await request.json()
            model, messages = str(body["model"]), list(body["messages"])
        except (ValueError, KeyError, TypeError):
            return _error(
                400, "Invalid body: model and messages are required.", "invalid_request_error", None
            )
        behaviour.last_body = body
        fault = behaviour.next_fault(request.headers.get(FAULT_HEADER), model)
        failure = await opening_fault(behaviour, fault, _fault_error)
        if failure is not None:
            return failure
        prompt = _prompt(messages)
        max_tokens = body.get("max_completion_tokens") or body.get("max_tokens")
        max_words = int(max_tokens) if max_tokens else None
        conversation = tool_use.chat_conversation(messages, body.get("tools"))
        calls, schema = tool_use.calls(conversation), structured.chat_schema(body)
        if calls:
            text = ""
        elif schema is not None:
            text = structured.compose(schema, prompt)
        elif conversation.results:
            text = tool_use.answer(model, conversation, max_words=max_words)
        else:
            text = compose_answer(
                model, prompt, max_words=max_words, images=_images(messages), system=chat_system(messages)
            )
        usage = {
            "prompt_tokens": sum(count_tokens(str(m.get("content", ""))) for m in messages),
            "completion_tokens": count_tokens(text + "".join(c.json for c in calls)),
        }
        usage["total_tokens"] = usage["prompt_tokens"] + usage["completion_tokens"]
        completion_id, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        if not body.get("stream"):
            await asyncio.sleep(behaviour.ttft_s + behaviour.latency_s)
            return JSONResponse(
                {
                    "id": completion_id,
                    "object": "chat.completion",
                    "created": created,
                    "model": model,
                    "choices": [
                        {
                            "index": 0,
                            "message": _message(text, calls),
                            "finish_reason": "tool_calls" if calls else "stop",
                            "logprobs": None,
                        }
                    ],
                    "usage": usage,
                    "system_fingerprint": "fp_webox_simulated",
                }
            )
        include_usage = bool((body.get("stream_options") or {}).get("include_usage"))
        return StreamingResponse(
            _stream(behaviour, completion_id, created, model, text, calls, usage, include_usage, fault),
            media_type="text/event-stream",
            headers={"cache-control": "no-cache", "x-request-id": completion_id},
        )

    async def models(request: Request) -> Response:
        return JSONResponse(
            {
                "object": "list",
                "data": [
                    {"id": m, "object": "model", "created": 1_700_000_000, "owned_by": "webox-simulated"}
                    for m in MODELS
                ],
            }
        )

    from webox.testing.embeddings import embedding_routes
    from webox.testing.openai_media import media_routes
    from webox.testing.openai_moderation import moderation_routes
    from webox.testing.openai_responses import responses_routes

    app = Starlette(
        routes=[
            Route("/v1/chat/completions", completions, methods=["POST"]),
            Route("/v1/models", models),
            *responses_routes(behaviour, _error, _fault_error),
            *media_routes(behaviour),
            *moderation_routes(behaviour),
            *embedding_routes(),
        ]
    )
    app.state.behaviour = behaviour
    return app


def _message(text: str, calls: list[tool_use.Call]) -> dict[str, Any]:
    if not calls:
        return {"role": "assistant", "content": text, "refusal": None}
    wire = [
        {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": c.json}} for c in calls
    ]
    return {"role": "assistant", "content": None, "refusal": None, "tool_calls": wire}


def _call_deltas(calls: list[tool_use.Call]) -> list[str]:
    """Each call as OpenAI streams it: its id and name with empty arguments, then the arguments in two
    pieces (serialized deltas, one per event)."""
    deltas: list[dict[str, Any]] = []
    for index, call in enumerate(calls):
        head = {
            "index": index,
            "id": call.id,
            "type": "function",
            "function": {"name": call.name, "arguments": ""},
        }
        deltas.append({"tool_calls": [head]})
        half = len(call.json) // 2
        for piece in (call.json[:half], call.json[half:]):
            deltas.append({"tool_calls": [{"index": index, "function": {"arguments": piece}}]})
    return [json.dumps(delta) for delta in deltas]


def _stream(
    behaviour: Behaviour,
    completion_id: str,
    created: int,
    model: str,
    text: str,
    calls: list[tool_use.Call],
    usage: dict[str, int],
    include_usage: bool,
    fault: str | None,
) -> AsyncIterator[bytes]:
    def event(delta: dict[str, Any], finish: str | None = None) -> bytes:
        chunk = {
            "id": completion_id,
            "object": "chat.completion.chunk",
            "created": created,
            "model": model,
            "system_fingerprint": "fp_webox_simulated",
            "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
        }
        return sse(chunk)

    tail = [event({}, "tool_calls" if calls else "stop")]
    if include_usage:
        tail.append(
            sse(
                {
                    "id": completion_id,
                    "object": "chat.completion.chunk",
                    "created": created,
                    "model": model,
                    "choices": [],
                    "usage": usage,
                }
            )
        )
    tail.append(sse("[DONE]"))
    return paced_stream(
        behaviour,
        fault,
        model=model,
        pieces=_call_deltas(calls) if calls else chunks(text),
        piece=(lambda delta: event(json.loads(delta)))
        if calls
        else (lambda piece: event({"content": piece})),
        head=[event({"role": "assistant", "content": "", "refusal": None})],
        tail=tail,
        malformed=b'data: {"id": "broken", "choices": [\n\n',
    )
