"""The simulated OpenAI Responses API (`POST /v1/responses`), JSON and SSE streaming, for the `openai`
SDK's `client.responses.create`/`parse`/`stream`.

It answers as the chat completions do: tool calls decided by `tool_use` (offered as Responses
`function` tools, called as `function_call` output items, their results read back from
`function_call_output` input items), a JSON object following `text.format` when it is a JSON Schema
(`structured`), else the simulated text. A stream is the Responses event sequence: `response.created`,
`response.in_progress`, per output item `response.output_item.added`, then text deltas
(`response.content_part.added`, `response.output_text.delta`…`done`, `response.content_part.done`)
or argument deltas (`response.function_call_arguments.delta`…`done`), `response.output_item.done`,
and `response.completed`; each event carries its `sequence_number`.
"""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

from webox.testing import structured, tool_use
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

ErrorRenderer = Callable[[int, str, str, str | None], Response]
FaultRenderer = Callable[[int, dict[str, str]], Response]


def _text(content: Any) -> str:
    if isinstance(content, list):
        return " ".join(
            str(part.get("text", ""))
            for part in content
            if isinstance(part, dict) and part.get("type", "text") in ("input_text", "output_text", "text")
        )
    return str(content or "")


def conversation(body: dict[str, Any]) -> tool_use.Conversation:
    """What the tool rule reads from a Responses body: its `input` (a text or a list of items) and `tools`."""
    offered = {
        str(t["name"]): t.get("parameters") or {}
        for t in body.get("tools") or []
        if isinstance(t, dict) and t.get("type") == "function" and t.get("name")
    }
    items = body.get("input")
    if not isinstance(items, list):
        return tool_use.Conversation(str(items or ""), offered)
    items = [i for i in items if isinstance(i, dict)]
    last_user = max((n for n, i in enumerate(items) if i.get("role") == "user"), default=-1)
    names = {str(i.get("call_id")): str(i.get("name", "")) for i in items if i.get("type") == "function_call"}
    results = [
        (names.get(str(i.get("call_id")), "tool"), _text(i.get("output")))
        for i in items[last_user + 1 :]
        if i.get("type") == "function_call_output"
    ]
    prompt = _text(items[last_user].get("content")) if last_user >= 0 else ""
    return tool_use.Conversation(prompt, offered, results)


def _schema(body: dict[str, Any]) -> dict[str, Any] | None:
    wanted = (body.get("text") or {}).get("format") if isinstance(body.get("text"), dict) else None
    if not isinstance(wanted, dict) or wanted.get("type") != "json_schema":
        return None
    schema = wanted.get("schema")
    return schema if isinstance(schema, dict) else {"type": "object"}


def _message(item_id: str, text: str, status: str = "completed") -> dict[str, Any]:
    content = [{"type": "output_text", "text": text, "annotations": [], "logprobs": []}] if text else []
    return {"type": "message", "id": item_id, "status": status, "role": "assistant", "content": content}


def _call(item_id: str, call: tool_use.Call, arguments: str | None = None) -> dict[str, Any]:
    return {
        "type": "function_call",
        "id": item_id,
        "call_id": call.id,
        "name": call.name,
        "arguments": call.json if arguments is None else arguments,
        "status": "completed" if arguments is None else "in_progress",
    }


def _response(
    body: dict[str, Any], response_id: str, status: str, output: list[Any], usage: Any
) -> dict[str, Any]:
    return {
        "id": response_id,
        "object": "response",
        "created_at": int(time.time()),
        "status": status,
        "error": None,
        "incomplete_details": None,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "model": str(body.get("model")),
        "output": output,
        "parallel_tool_calls": True,
        "previous_response_id": body.get("previous_response_id"),
        "temperature": body.get("temperature", 1.0),
        "text": body.get("text") or {"format": {"type": "text"}},
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools") or [],
        "top_p": body.get("top_p", 1.0),
        "truncation": "disabled",
        "usage": usage,
        "metadata": body.get("metadata") or {},
    }


def _events(output: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The streamed events of each output item (without sequence numbers)."""
    events: list[dict[str, Any]] = []
    for index, item in enumerate(output):
        place = {"item_id": item["id"], "output_index": index}
        if item["type"] == "function_call":
            events.append(
                {
                    "type": "response.output_item.added",
                    "output_index": index,
                    "item": {**item, "arguments": "", "status": "in_progress"},
                }
            )
            half = len(item["arguments"]) // 2
            for piece in (item["arguments"][:half], item["arguments"][half:]):
                events.append({"type": "response.function_call_arguments.delta", **place, "delta": piece})
            events.append(
                {"type": "response.function_call_arguments.done", **place, "arguments": item["arguments"]}
            )
        else:
            text = item["content"][0]["text"] if item["content"] else ""
            part = {"type": "output_text", "text": "", "annotations": [], "logprobs": []}
            events.append(
                {
                    "type": "response.output_item.added",
                    "output_index": index,
                    "item": _message(item["id"], "", "in_progress"),
                }
            )
            events.append({"type": "response.content_part.added", **place, "content_index": 0, "part": part})
            for piece in chunks(text):
                events.append(
                    {
                        "type": "response.output_text.delta",
                        **place,
                        "content_index": 0,
                        "delta": piece,
                        "logprobs": [],
                    }
                )
            events.append(
                {
                    "type": "response.output_text.done",
                    **place,
                    "content_index": 0,
                    "text": text,
                    "logprobs": [],
                }
            )
            events.append(
                {
                    "type": "response.content_part.done",
                    **place,
                    "content_index": 0,
                    "part": {**part, "text": text},
                }
            )
        events.append({"type": "response.output_item.done", "output_index": index, "item": item})
    return events


def _stream(
    behaviour: Behaviour,
    fault: str | None,
    body: dict[str, Any],
    response_id: str,
    output: list[Any],
    usage: Any,
) -> AsyncIterator[bytes]:
    started = _response(body, response_id, "in_progress", [], None)
    head = [
        {"type": "response.created", "response": started},
        {"type": "response.in_progress", "response": started},
    ]
    events = [
        *head,
        *_events(output),
        {"type": "response.completed", "response": _response(body, response_id, "completed", output, usage)},
    ]
    wire = [json.dumps({**event, "sequence_number": n}, ensure_ascii=False) for n, event in enumerate(events)]

    def event(piece: str) -> bytes:
        return sse(piece, json.loads(piece)["type"])

    return paced_stream(
        behaviour,
        fault,
        pieces=wire[2:-1],
        piece=event,
        head=[event(w) for w in wire[:2]],
        tail=[event(wire[-1])],
        malformed=b'event: response.output_text.delta\ndata: {"type": "response.output_text.delta", \n\n',
    )


def responses_routes(behaviour: Behaviour, error: ErrorRenderer, fault_error: FaultRenderer) -> list[Route]:
    """`POST /v1/responses`, answering with the OpenAI simulator's `error` bodies and faults."""

    async def create(request: Request) -> Response:
        if not request.headers.get("authorization", "").startswith("Bearer "):
            return error(401, "You didn't provide an API key.", "invalid_request_error", "invalid_api_key")
        try:
            body = await request.json()
            model = str(body["model"])
            if not isinstance(body.get("input"), (str, list)):
                raise TypeError("input")
        except (ValueError, KeyError, TypeError):
            return error(400, "Invalid body: model and input are required.", "invalid_request_error", None)
        behaviour.last_body = body
        fault = behaviour.next_fault(request.headers.get(FAULT_HEADER), model)
        failure = await opening_fault(behaviour, fault, fault_error)
        if failure is not None:
            return failure
        talk = conversation(body)
        calls, schema = tool_use.calls(talk), _schema(body)
        max_tokens = body.get("max_output_tokens")
        max_words = int(max_tokens) if max_tokens else None
        text = ""
        if calls:
            output = [_call(f"fc_{uuid.uuid4().hex}", c) for c in calls]
        else:
            if schema is not None:
                text = structured.compose(schema, talk.prompt)
            elif talk.results:
                text = tool_use.answer(model, talk, max_words=max_words)
            else:
                text = compose_answer(model, talk.prompt, max_words=max_words)
            output = [_message(f"msg_{uuid.uuid4().hex}", text)]
        spoken = text + "".join(c.json for c in calls)
        prompt_tokens = count_tokens(
            str(body.get("instructions") or "") + json.dumps(body.get("input"), ensure_ascii=False)
        )
        usage = {
            "input_tokens": prompt_tokens,
            "input_tokens_details": {"cached_tokens": 0},
            "output_tokens": count_tokens(spoken),
            "output_tokens_details": {"reasoning_tokens": 0},
            "total_tokens": prompt_tokens + count_tokens(spoken),
        }
        response_id = f"resp_{uuid.uuid4().hex}"
        if not body.get("stream"):
            await asyncio.sleep(behaviour.ttft_s + behaviour.latency_s)
            return JSONResponse(_response(body, response_id, "completed", output, usage))
        return StreamingResponse(
            _stream(behaviour, fault, body, response_id, output, usage),
            media_type="text/event-stream",
            headers={"cache-control": "no-cache", "x-request-id": response_id},
        )

    return [Route("/v1/responses", create, methods=["POST"])]
