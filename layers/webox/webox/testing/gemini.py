"""A simulated Gemini API (`:generateContent` JSON, `:streamGenerateContent?alt=sse`) for `google-genai`.

Point the SDK at it with `http_options=HttpOptions(base_url=<server>, api_version="v1beta")`. Every
chunk carries `usageMetadata` (the last one final) and the last one the finish reason, as Gemini
sends them. Errors use Google's body `{"error": {"code", "message", "status", "details"}}`.
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
        fault = behaviour.next_fault(request.headers.get(FAULT_HEADER))
        failure = await opening_fault(behaviour, fault, _fault_error)
        if failure is not None:
            return failure
        prompt = next((_text(c) for c in reversed(contents) if c.get("role", "user") == "user"), "")
        max_tokens = (body.get("generationConfig") or {}).get("maxOutputTokens")
        text = compose_answer(model, prompt, max_words=int(max_tokens) if max_tokens else None)
        system = body.get("systemInstruction") or body.get("system_instruction")
        prompt_tokens = sum(count_tokens(_text(c)) for c in contents) + (
            count_tokens(_text(system)) if system else 0
        )
        usage = {
            "promptTokenCount": prompt_tokens,
            "candidatesTokenCount": count_tokens(text),
            "totalTokenCount": prompt_tokens + count_tokens(text),
        }
        meta = {"modelVersion": model, "responseId": uuid.uuid4().hex[:22]}
        if method == "generateContent":
            await asyncio.sleep(behaviour.ttft_s + behaviour.latency_s)
            candidate = {
                "content": {"parts": [{"text": text}], "role": "model"},
                "finishReason": "STOP",
                "index": 0,
            }
            return JSONResponse({"candidates": [candidate], "usageMetadata": usage, **meta})
        if request.query_params.get("alt") != "sse":
            return _error(400, "This simulation streams with alt=sse only.")
        return StreamingResponse(
            _stream(behaviour, fault, text, usage, meta),
            media_type="text/event-stream",
            headers={"cache-control": "no-cache"},
        )

    app = Starlette(routes=[Route("/{version}/models/{target}", models, methods=["POST"])])
    app.state.behaviour = behaviour
    return app


def _stream(
    behaviour: Behaviour, fault: str | None, text: str, usage: dict[str, int], meta: dict[str, str]
) -> AsyncIterator[bytes]:
    running = {"promptTokenCount": usage["promptTokenCount"], "totalTokenCount": usage["promptTokenCount"]}

    def chunk(piece: str, finish: str | None = None) -> bytes:
        candidate: dict[str, Any] = {"content": {"parts": [{"text": piece}], "role": "model"}, "index": 0}
        if finish:
            candidate["finishReason"] = finish
        # Until the last chunk, usageMetadata counts the prompt only; the last one is final.
        usage_metadata = usage if finish else running
        return sse({"candidates": [candidate], "usageMetadata": usage_metadata, **meta}, separator="\r\n\r\n")

    return paced_stream(
        behaviour,
        fault,
        pieces=chunks(text),
        piece=chunk,
        tail=[chunk("", "STOP")],
        malformed=b'data: {"candidates": [{"content": {"parts": [{"text": \r\n\r\n',
    )
