"""Serving OpenAI's chat completions protocol on top of `webox.providers` (JSON and SSE streaming)."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from fastapi import Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from webox.auth import principals
from webox.auth.principals import Principal
from webox.billing import quota
from webox.env_settings import EnvSettings
from webox.errors import NotFound, WeboxError
from webox.gateway.schemas import CompletionRequest, model_card
from webox.http import problem
from webox.providers import registry
from webox.providers import service as providers
from webox.providers.errors import UnknownModel
from webox.providers.schemas import ChatMessage, Completed, GenerationParams, StreamEvent, TextDelta
from webox.ttl_cache import TtlCache
from webox.usage import service as usage_service


class GatewaySettings(EnvSettings):
    env_prefix = "WEBOX_GATEWAY_"

    # How long a verified token and a user's own-key list are reused by one container. Revoking a
    # token or changing a key reaches the gateway within this delay; other APIs check every time.
    cache_s: float = 10.0


_settings = GatewaySettings.from_env()
_principals: TtlCache[str, Principal] = TtlCache(_settings.cache_s)
_own_keys: TtlCache[str, frozenset[str]] = TtlCache(_settings.cache_s)


def authenticate(token: str) -> Principal:
    """The caller of a gateway request, verified at most once per `cache_s` per container."""
    digest = hashlib.sha256(token.encode()).hexdigest()
    return _principals.get_or_set(digest, lambda: principals.authenticate_bearer(token))


def _own_vendors(user_id: str) -> frozenset[str]:
    """The vendors the user holds a key for, read at most once per `cache_s` per container."""
    return _own_keys.get_or_set(user_id, lambda: providers.own_vendors(user_id))


def _key_owner(user_id: str, model_id: str) -> str | None:
    """The user id when this model's vendor is answered with the user's own key, else None."""
    return user_id if registry.get_model(model_id).vendor in _own_vendors(user_id) else None


class ModelNotFound(NotFound):
    code, title = "model_not_found", "Model not found"


def openai_error(error: WeboxError) -> WeboxError:
    """Add OpenAI's error object to a problem so OpenAI clients show the message."""
    kind = {401: "authentication_error", 404: "invalid_request_error", 429: "rate_limit_error"}.get(
        error.status, "api_error" if error.status >= 500 else "invalid_request_error"
    )
    error.extra = {
        **error.extra,
        "error": {"message": error.message, "type": kind, "param": None, "code": error.code},
    }
    return error


class InvalidRequest(WeboxError):
    """What the gateway answers for a request OpenAI would refuse: 400, as OpenAI does."""

    status, code, title = 400, "validation_failed", "Invalid input"


def invalid_request(request: Request, exc: Exception) -> JSONResponse:
    """A request OpenAI would refuse answers as OpenAI does: 400 with an `error` object naming the
    first invalid parameter (a problem document too, with WeBox's stable `validation_failed`)."""
    errors = exc.errors() if isinstance(exc, RequestValidationError) else []
    first = errors[0] if errors else {}
    param = ".".join(str(part) for part in first.get("loc", ())[1:]) or None
    message = f"Invalid '{param}': {first.get('msg', 'invalid value')}" if param else "Invalid request body"
    return problem(
        request,
        InvalidRequest.status,
        InvalidRequest.code,
        InvalidRequest.title,
        message,
        extra={"error": {"message": message, "type": "invalid_request_error", "param": param, "code": None}},
    )


def list_models(user_id: str) -> dict[str, Any]:
    """`GET /v1/models`: the models this caller can use."""
    return {
        "object": "list",
        "data": [model_card(m.id, m.vendor) for m in providers.available_models(user_id) if m.available],
    }


def _messages(request: CompletionRequest) -> tuple[list[ChatMessage], GenerationParams]:
    system = "\n\n".join(m.text() for m in request.messages if m.role in {"system", "developer"}) or None
    messages = [
        ChatMessage(role=m.role, content=m.text())  # type: ignore[arg-type]
        for m in request.messages
        if m.role in {"user", "assistant"}
    ]
    params = GenerationParams(
        temperature=request.temperature,
        top_p=request.top_p,
        max_tokens=request.max_completion_tokens or request.max_tokens,
        system=system,
    )
    return messages, params


@dataclass
class Call:
    """One gateway call in flight: what is needed to answer and to record its usage."""

    user_id: str
    request: CompletionRequest
    source: str  # whose key answers: "platform", "user" or "simulated"
    id: str
    created: int
    started: float
    ttft_ms: int | None = None
    usage: Completed | None = None
    status: str = "done"
    error_code: str | None = None
    recorded: bool = False

    def record(self) -> None:
        """Write the call's usage line once, before the answer's last bytes go out (the usage worker
        records it from the log; a line costs microseconds, an SQS send here cost the p99)."""
        if self.recorded:
            return
        self.recorded = True
        info = registry.get_model(self.request.model)
        usage = self.usage.usage if self.usage else None
        usage_service.log(
            usage_service.Usage(
                user_id=self.user_id,
                feature="gateway",
                model=info.id,
                vendor=info.vendor,
                request_id=self.id,
                status=self.status,
                input_tokens=usage.input_tokens if usage else 0,
                output_tokens=usage.output_tokens if usage else 0,
                cost=registry.cost(info, usage) if usage else 0.0,
                ttft_ms=self.ttft_ms,
                duration_ms=int((time.monotonic() - self.started) * 1000),
                error_code=self.error_code,
                simulated=self.source == "simulated",
                billed=self.source == "platform",
            )
        )


def start(user_id: str, request: CompletionRequest) -> Call:
    try:
        registry.get_model(request.model)
    except UnknownModel as error:
        raise openai_error(ModelNotFound(f"The model '{request.model}' does not exist")) from error
    prompt_chars = sum(len(m.text()) for m in request.messages)
    try:
        source = providers.key_source(request.model, own_vendors=_own_vendors(user_id))
        quota.check_models(
            user_id,
            "gateway",
            {request.model: source},
            prompt_chars=prompt_chars,
            max_tokens=request.max_completion_tokens or request.max_tokens,
        )
    except WeboxError as error:
        raise openai_error(error) from error
    call_id = f"chatcmpl-{uuid.uuid4().hex[:24]}"
    return Call(user_id, request, source, call_id, int(time.time()), time.monotonic())


async def complete(call: Call) -> dict[str, Any]:
    """A non-streamed completion, from the vendor's own non-streamed call."""
    messages, params = _messages(call.request)
    try:
        answer = await providers.complete(
            call.request.model, messages, params, user_id=_key_owner(call.user_id, call.request.model)
        )
    except WeboxError as error:
        call.status, call.error_code = "error", error.code
        call.record()
        raise openai_error(error) from error
    call.usage = Completed(usage=answer.usage, finish_reason=answer.finish_reason)
    call.record()
    usage = answer.usage
    return {
        "id": call.id,
        "object": "chat.completion",
        "created": call.created,
        "model": call.request.model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": answer.text, "refusal": None},
                "finish_reason": answer.finish_reason,
                "logprobs": None,
            }
        ],
        "usage": {
            "prompt_tokens": usage.input_tokens,
            "completion_tokens": usage.output_tokens,
            "total_tokens": usage.input_tokens + usage.output_tokens,
        },
    }


def _chunk(call: Call, delta: dict[str, Any], finish: str | None = None) -> bytes:
    body = {
        "id": call.id,
        "object": "chat.completion.chunk",
        "created": call.created,
        "model": call.request.model,
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
    }
    return b"data: " + json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n"


async def open_stream(call: Call) -> AsyncIterator[bytes]:
    """An SSE stream; the provider's first event is awaited before returning, so a failure before
    the first token is still an HTTP error status rather than a broken 200 stream."""
    messages, params = _messages(call.request)
    key_owner = _key_owner(call.user_id, call.request.model)
    events = providers.stream(call.request.model, messages, params, user_id=key_owner).__aiter__()
    try:
        first = await events.__anext__()
    except StopAsyncIteration:
        first = None
    except WeboxError as error:
        call.status, call.error_code = "error", error.code
        call.record()
        raise openai_error(error) from error
    return _sse(call, first, events)


async def _sse(call: Call, first: StreamEvent | None, events: AsyncIterator[Any]) -> AsyncIterator[bytes]:
    try:
        async for chunk in _sse_chunks(call, first, events):
            yield chunk
    finally:  # a client gone mid-stream: the tokens streamed so far were spent
        if not call.recorded:
            call.status, call.error_code = "error", "client_disconnected"
            call.record()


async def _sse_chunks(
    call: Call, first: StreamEvent | None, events: AsyncIterator[Any]
) -> AsyncIterator[bytes]:
    yield _chunk(call, {"role": "assistant", "content": ""})
    event = first
    try:
        while event is not None:
            if isinstance(event, TextDelta) and event.text:
                if call.ttft_ms is None:
                    call.ttft_ms = int((time.monotonic() - call.started) * 1000)
                yield _chunk(call, {"content": event.text})
            elif isinstance(event, Completed):
                call.usage = event
            event = await anext(events, None)
    except WeboxError as error:
        call.status, call.error_code = "error", error.code
        call.record()
        failure = {"error": {"message": error.message, "type": "api_error", "code": error.code}}
        yield b"data: " + json.dumps(failure).encode() + b"\n\n"
        return
    call.record()
    yield _chunk(call, {}, (call.usage.finish_reason if call.usage else None) or "stop")
    include_usage = bool(call.request.stream_options and call.request.stream_options.include_usage)
    if include_usage and call.usage:
        usage = call.usage.usage
        tail = {
            "id": call.id,
            "object": "chat.completion.chunk",
            "created": call.created,
            "model": call.request.model,
            "choices": [],
            "usage": {
                "prompt_tokens": usage.input_tokens,
                "completion_tokens": usage.output_tokens,
                "total_tokens": usage.input_tokens + usage.output_tokens,
            },
        }
        yield b"data: " + json.dumps(tail, separators=(",", ":")).encode() + b"\n\n"
    yield b"data: [DONE]\n\n"
