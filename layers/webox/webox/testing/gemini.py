"""A simulated Gemini API (`:generateContent` JSON, `:streamGenerateContent?alt=sse`) for `google-genai`.

Point the SDK at it with `http_options=HttpOptions(base_url=<server>, api_version="v1beta")`. Every
chunk carries `usageMetadata` (the last one final) and the last one the finish reason, as Gemini
sends them. Tool calls (decided by `tool_use`) are `functionCall` parts, one chunk each; results come
back as `functionResponse` parts. Errors use Google's body
`{"error": {"code", "message", "status", "details"}}`.
"""

from __future__ import annotations

import asyncio
import json
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

_STATUSES = {
    400: "INVALID_ARGUMENT",
    403: "PERMISSION_DENIED",
    404: "NOT_FOUND",
    429: "RESOURCE_EXHAUSTED",
    500: "INTERNAL",
}


def _error(status: int, message: str, details: list[dict[str, Any]] | None = None) -> Response:
    error: dict[str, Any] = {"code": status, "message": message, "status": _STATUSES[status]}
    if details:
        error["details"] = details
    return JSONResponse({"error": error}, status_code=status)


def _fault_error(status: int, headers: dict[str, str]) -> Response:
    if status == 429:
        # Gemini says when to come back in a RetryInfo detail, not in a Retry-After header.
        retry = {
            "@type": "type.googleapis.com/google.rpc.RetryInfo",
            "retryDelay": f"{headers['retry-after']}s",
        }
        return _error(429, "You exceeded your current quota (simulated).", [retry])
    if status == 401:
        reason = {
            "@type": "type.googleapis.com/google.rpc.ErrorInfo",
            "reason": "API_KEY_INVALID",
            "domain": "googleapis.com",
        }
        return _error(400, "API key not valid. Please pass a valid API key. (simulated)", [reason])
    return _error(500, "An internal error has occurred (simulated).")


def _text(content: dict[str, Any]) -> str:
    return " ".join(
        str(part.get("text", "")) for part in content.get("parts") or [] if isinstance(part, dict)
    )


def _parts(content: dict[str, Any], key: str) -> list[dict[str, Any]]:
    return [
        part[key]
        for part in content.get("parts") or []
        if isinstance(part, dict) and isinstance(part.get(key), dict)
    ]


def _result(response: Any) -> str:
    """A function response's text: its `result` (as WeBox sends it), else the whole response as JSON."""
    value = response.get("result", response) if isinstance(response, dict) else response
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def _conversation(contents: list[dict[str, Any]], tools: Any) -> tool_use.Conversation:
    """The last user content with text, the declared functions, and the `functionResponse`s since."""
    offered: dict[str, dict[str, Any]] = {}
    for tool in tools or []:
        declarations = (
            (tool.get("functionDeclarations") or tool.get("function_declarations") or [])
            if isinstance(tool, dict)
            else []
        )
        for fn in declarations:
            schema = (
                fn.get("parametersJsonSchema")
                or fn.get("parameters_json_schema")
                or fn.get("parameters")
                or {}
            )
            offered[str(fn.get("name"))] = schema
    asked = [
        i
        for i, c in enumerate(contents)
        if c.get("role", "user") == "user" and any("text" in p for p in c.get("parts") or [])
    ]
    last_user = asked[-1] if asked else -1
    results = [
        (str(r.get("name", "tool")), _result(r.get("response")))
        for c in contents[last_user + 1 :]
        for r in _parts(c, "functionResponse")
    ]
    prompt = _text(contents[last_user]) if last_user >= 0 else ""
    return tool_use.Conversation(prompt, offered, results)


def _images(contents: list[dict[str, Any]]) -> list[SeenImage]:
    """The `inlineData` parts of the last user content (either spelling of the field names)."""
    last: dict[str, Any] = next((c for c in reversed(contents) if c.get("role", "user") == "user"), {})
    inline = _parts(last, "inlineData") + _parts(last, "inline_data")
    return [(str(i.get("mimeType") or i.get("mime_type")), str(i.get("data"))) for i in inline]


def create_app(behaviour: Behaviour | None = None) -> Starlette:
    """The fake Gemini server; `app.state.behaviour` controls it."""
    behaviour = behaviour or Behaviour()

    async def models(request: Request) -> Response:
        model, _, method = request.path_params["target"].partition(":")
        if method not in ("generateContent", "streamGenerateContent"):
            return _error(404, f"Method {method or '(none)'} not found.")
        if not (request.headers.get("x-goog-api-key") or request.query_params.get("key")):
            return _error(403, "Method doesn't allow unregistered callers. Please use an API key.")
        try:
            body = await request.json()
            contents = [c for c in body["contents"] if isinstance(c, dict)]
        except (ValueError, KeyError, TypeError):
            return _error(400, "contents is required.")
        behaviour.last_body = body
        fault = behaviour.next_fault(request.headers.get(FAULT_HEADER), model)
        failure = await opening_fault(behaviour, fault, _fault_error)
        if failure is not None:
            return failure
        prompt = next((_text(c) for c in reversed(contents) if c.get("role", "user") == "user"), "")
        max_tokens = (body.get("generationConfig") or {}).get("maxOutputTokens")
        max_words = int(max_tokens) if max_tokens else None
        conversation = _conversation(contents, body.get("tools"))
        calls = tool_use.calls(conversation)
        schema = structured.gemini_schema(body)
        if calls:
            text = ""
        elif schema is not None:
            text = structured.compose(schema, prompt)
        elif conversation.results:
            text = tool_use.answer(model, conversation, max_words=max_words)
        else:
            instruction = body.get("systemInstruction") or body.get("system_instruction")
            system = _text(instruction) if isinstance(instruction, dict) else ""
            text = compose_answer(model, prompt, max_words=max_words, images=_images(contents), system=system)
        answered = count_tokens(text + "".join(c.json for c in calls))
        system = body.get("systemInstruction") or body.get("system_instruction")
        prompt_tokens = sum(count_tokens(_text(c)) for c in contents) + (
            count_tokens(_text(system)) if system else 0
        )
        usage = {
            "promptTokenCount": prompt_tokens,
            "candidatesTokenCount": answered,
            "totalTokenCount": prompt_tokens + answered,
        }
        meta = {"modelVersion": model, "responseId": uuid.uuid4().hex[:22]}
        if method == "generateContent":
            await asyncio.sleep(behaviour.ttft_s + behaviour.latency_s)
            candidate = {
                "content": {"parts": _call_parts(calls) or [{"text": text}], "role": "model"},
                "finishReason": "STOP",
                "index": 0,
            }
            return JSONResponse({"candidates": [candidate], "usageMetadata": usage, **meta})
        if request.query_params.get("alt") != "sse":
            return _error(400, "This simulation streams with alt=sse only.")
        return StreamingResponse(
            _stream(behaviour, fault, text, calls, usage, meta),
            media_type="text/event-stream",
            headers={"cache-control": "no-cache"},
        )

    app = Starlette(routes=[Route("/{version}/models/{target}", models, methods=["POST"])])
    app.state.behaviour = behaviour
    return app


def _call_parts(calls: list[tool_use.Call]) -> list[dict[str, Any]]:
    return [{"functionCall": {"id": c.id, "name": c.name, "args": c.arguments}} for c in calls]


def _stream(
    behaviour: Behaviour,
    fault: str | None,
    text: str,
    calls: list[tool_use.Call],
    usage: dict[str, int],
    meta: dict[str, str],
) -> AsyncIterator[bytes]:
    running = {"promptTokenCount": usage["promptTokenCount"], "totalTokenCount": usage["promptTokenCount"]}

    def chunk(piece: str, finish: str | None = None) -> bytes:
        # A piece is text, or (a tool call's turn) one serialized `functionCall` part.
        parts = [json.loads(piece)] if calls and piece else [{"text": piece}]
        candidate: dict[str, Any] = {"content": {"parts": parts, "role": "model"}, "index": 0}
        if finish:
            candidate["finishReason"] = finish
        # Until the last chunk, usageMetadata counts the prompt only; the last one is final.
        usage_metadata = usage if finish else running
        return sse({"candidates": [candidate], "usageMetadata": usage_metadata, **meta}, separator="\r\n\r\n")

    return paced_stream(
        behaviour,
        fault,
        model=str(meta.get("modelVersion", "")),
        pieces=[json.dumps(part) for part in _call_parts(calls)] if calls else chunks(text),
        piece=chunk,
        tail=[chunk("", "STOP")],
        malformed=b'data: {"candidates": [{"content": {"parts": [{"text": \r\n\r\n',
    )
