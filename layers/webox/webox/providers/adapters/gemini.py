"""Google's Gemini API through `google.genai.Client(...).aio`."""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncGenerator
from typing import Any

from webox.providers.adapters.common import (
    looks_like_context_overflow,
    retry_after,
    system_and_turns,
    tool_arguments,
    transport_error,
    vendor_errors,
)
from webox.providers.errors import (
    BadProviderResponse,
    ContextTooLong,
    ModelUnavailable,
    ProviderAuthFailed,
    ProviderError,
    ProviderUnavailable,
    RateLimited,
)
from webox.providers.model_schemas import ModelInfo
from webox.providers.schemas import (
    Answer,
    ChatMessage,
    Completed,
    Credentials,
    GenerationParams,
    StreamEvent,
    TextDelta,
    ToolCall,
    Usage,
)

API_VERSION = "v1beta"
_FILTERED = {"SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "IMAGE_SAFETY"}
_DELAY = re.compile(r"^(\d+(?:\.\d+)?)s$")
_END = object()


def _finish(reason: Any) -> str:
    name = str(getattr(reason, "value", reason) or "")
    if name == "STOP":
        return "stop"
    if name == "MAX_TOKENS":
        return "length"
    return "content_filter" if name in _FILTERED else name.lower()


def _retry_delay(exc: Any) -> float | None:
    """Gemini's RetryInfo detail ("retryDelay": "12s"), else a Retry-After header."""
    details = exc.details.get("error", exc.details) if isinstance(exc.details, dict) else {}
    for detail in details.get("details") or []:
        if isinstance(detail, dict) and (match := _DELAY.match(str(detail.get("retryDelay", "")))):
            return float(match.group(1))
    return retry_after(getattr(exc.response, "headers", None))


def _usage(response: Any) -> Usage | None:
    """A response's (or chunk's) usage, thinking tokens billed as output."""
    meta = response.usage_metadata
    if meta is None:
        return None
    return Usage(
        input_tokens=meta.prompt_token_count or 0,
        output_tokens=(meta.candidates_token_count or 0) + (meta.thoughts_token_count or 0),
    )


def _texts(candidate: Any) -> list[str]:
    """A candidate's answer text parts (its thoughts left out)."""
    parts = (candidate.content.parts if candidate.content else None) or []
    return [part.text for part in parts if part.text and not part.thought]


def _calls(candidate: Any, vendor: str, first: int) -> list[ToolCall]:
    """A candidate's function calls (an id made up from their position when Gemini gives none)."""
    parts = (candidate.content.parts if candidate.content else None) or []
    found = [part.function_call for part in parts if part.function_call is not None]
    return [
        ToolCall(
            id=call.id or f"call_{first + n}",
            name=call.name or "",
            arguments=tool_arguments(call.args, vendor),
        )
        for n, call in enumerate(found)
    ]


def _contents(turns: list[ChatMessage]) -> list[Any]:
    """Turns as Gemini contents: a user's images as `inline_data` parts, a model turn's
    `function_call` parts, and the `function_response` parts of consecutive tool turns gathered in one
    user content."""
    from google.genai import types

    contents: list[types.Content] = []
    for m in turns:
        if m.role == "tool":
            response = types.FunctionResponse(
                id=m.tool_call_id, name=m.name or "", response={"result": m.content}
            )
            part = types.Part(function_response=response)
            last = contents[-1] if contents else None
            if last is not None and last.parts and last.parts[0].function_response is not None:
                last.parts.append(part)
            else:
                contents.append(types.Content(role="user", parts=[part]))
            continue
        parts = [types.Part.from_bytes(data=i.data, mime_type=i.media_type) for i in m.images]
        parts += [types.Part(text=m.content)] if m.content or not m.tool_calls else []
        parts += [
            types.Part(function_call=types.FunctionCall(id=c.id, name=c.name, args=c.arguments))
            for c in m.tool_calls
        ]
        contents.append(types.Content(role="model" if m.role == "assistant" else "user", parts=parts))
    return contents


class GeminiAdapter:
    """generateContent, streamed over SSE; usage from `usageMetadata` (thinking tokens bill as output)."""

    def __init__(self, credentials: Credentials, *, timeout_s: float) -> None:
        from google import genai
        from google.genai import types

        self.vendor = credentials.vendor
        self.client = genai.Client(
            api_key=credentials.api_key.get_secret_value(),
            http_options=types.HttpOptions(
                base_url=credentials.base_url,
                api_version=API_VERSION,
                timeout=int(timeout_s * 1000),
                # One attempt: retries are the service's (also turns off the SDK's implicit ones).
                retry_options=types.HttpRetryOptions(attempts=1),
            ),
        )

    @staticmethod
    def _request(model: ModelInfo, messages: list[ChatMessage], params: GenerationParams) -> dict[str, Any]:
        from google.genai import types

        system, turns = system_and_turns(messages, params)
        tools = [
            types.Tool(
                function_declarations=[
                    types.FunctionDeclaration(
                        name=t.name, description=t.description, parameters_json_schema=t.parameters
                    )
                    for t in params.tools
                ]
            )
        ]
        config = types.GenerateContentConfig(
            tools=tools if params.tools else None,
            system_instruction=system,
            temperature=params.temperature,
            top_p=params.top_p,
            max_output_tokens=params.max_tokens,
            automatic_function_calling=types.AutomaticFunctionCallingConfig(disable=True),
        )
        return {"model": model.vendor_model, "contents": _contents(turns), "config": config}

    def _error(self, exc: Exception, *, reading: bool) -> ProviderError | None:
        from google.genai import errors

        if isinstance(exc, errors.UnknownApiResponseError):
            return BadProviderResponse("The provider sent a malformed answer", vendor=self.vendor)
        if isinstance(exc, errors.APIError):
            return self._status_error(exc)
        return transport_error(exc, self.vendor, reading=reading)

    def _status_error(self, exc: Any) -> ProviderError:
        code, status, message = int(exc.code or 0), str(exc.status or ""), str(exc.message or "")
        if code == 429 or status == "RESOURCE_EXHAUSTED":
            return RateLimited(vendor=self.vendor, retry_after=_retry_delay(exc))
        if code in (401, 403) or "API_KEY_INVALID" in str(exc.details) or "API key not valid" in message:
            return ProviderAuthFailed(vendor=self.vendor)
        if code == 400 and looks_like_context_overflow(message):
            return ContextTooLong(vendor=self.vendor)
        if code == 404:
            return ModelUnavailable("The provider does not serve this model", vendor=self.vendor)
        if code >= 500 or code < 400:
            return ProviderUnavailable(f"The provider answered {code}", vendor=self.vendor)
        return ProviderError(f"The provider refused the request ({code})", vendor=self.vendor)

    async def generate(
        self, model: ModelInfo, messages: list[ChatMessage], params: GenerationParams
    ) -> Answer:
        """The whole answer from one non-streamed generateContent."""
        with vendor_errors(lambda exc: self._error(exc, reading=False)):
            response = await self.client.aio.models.generate_content(**self._request(model, messages, params))
        usage, finish = _usage(response), None
        if response.prompt_feedback is not None and response.prompt_feedback.block_reason:
            finish = "content_filter"
        text: list[str] = []
        calls: list[ToolCall] = []
        for candidate in response.candidates or []:
            text += _texts(candidate)
            calls += _calls(candidate, self.vendor, len(calls))
            if candidate.finish_reason:
                finish = _finish(candidate.finish_reason)
        # Gemini ends a turn of function calls with STOP, as any other.
        finish = "tool_calls" if calls and finish in (None, "stop") else finish
        return Answer(
            text="".join(text),
            usage=usage or Usage(),
            finish_reason=finish or "stop",
            tool_calls=tuple(calls),
        )

    async def stream(
        self, model: ModelInfo, messages: list[ChatMessage], params: GenerationParams
    ) -> AsyncGenerator[StreamEvent, None]:
        """The answer's deltas, then `Completed` with the vendor's usage."""
        # google-genai nests async generators without closing the inner ones, so closing its stream
        # leaves the HTTP response open until the garbage collector gets to it. Reading in a task that
        # is cancelled instead unwinds the whole chain from its network read, closing the response.
        chunks: asyncio.Queue[Any] = asyncio.Queue()
        reader = asyncio.create_task(self._read(model, messages, params, chunks))
        usage = Usage()
        finish: str | None = None
        received = False
        calls: list[ToolCall] = []
        try:
            while (chunk := await chunks.get()) is not _END:
                if isinstance(chunk, Exception):
                    if (mapped := self._error(chunk, reading=received)) is None:
                        raise chunk
                    raise mapped from chunk
                received = True
                usage = _usage(chunk) or usage
                if chunk.prompt_feedback is not None and chunk.prompt_feedback.block_reason:
                    finish = "content_filter"
                for candidate in chunk.candidates or []:
                    for text in _texts(candidate):
                        yield TextDelta(text=text)
                    calls += _calls(candidate, self.vendor, len(calls))
                    if candidate.finish_reason:
                        finish = _finish(candidate.finish_reason)
        finally:
            reader.cancel()
            await asyncio.wait({reader})
        if finish is None:
            raise BadProviderResponse(
                "The provider's answer ended before it was complete", vendor=self.vendor
            )
        for call in calls:
            yield call
        yield Completed(usage=usage, finish_reason="tool_calls" if calls and finish == "stop" else finish)

    async def _read(
        self,
        model: ModelInfo,
        messages: list[ChatMessage],
        params: GenerationParams,
        chunks: asyncio.Queue[Any],
    ) -> None:
        """Put each chunk of the SDK's stream, then `_END` or the exception that ended it."""
        try:
            stream = await self.client.aio.models.generate_content_stream(
                **self._request(model, messages, params)
            )
            async for chunk in stream:
                chunks.put_nowait(chunk)
            chunks.put_nowait(_END)
        except Exception as exc:
            chunks.put_nowait(exc)
