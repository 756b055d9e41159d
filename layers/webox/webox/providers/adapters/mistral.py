"""Mistral's chat completions through `mistralai`'s async streaming."""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator
from typing import Any

from webox.providers.adapters.common import (
    ToolCallParts,
    chat_messages,
    chat_tools,
    estimate_usage,
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


def _text(content: Any) -> str:
    """A message's text: a reasoning model sends typed parts, of which the text ones count."""
    if isinstance(content, list):
        return "".join(str(getattr(part, "text", "") or "") for part in content)
    return content if isinstance(content, str) else ""


class MistralAdapter:
    """Chat completions, streamed; usage from the last chunk."""

    def __init__(self, credentials: Credentials, *, timeout_s: float) -> None:
        from mistralai.client import Mistral

        self.vendor = credentials.vendor
        # No retry_config: the SDK then never retries, the service does.
        self.client = Mistral(
            api_key=credentials.api_key.get_secret_value(),
            server_url=credentials.base_url,
            timeout_ms=int(timeout_s * 1000),
        )

    @staticmethod
    def _request(model: ModelInfo, messages: list[ChatMessage], params: GenerationParams) -> dict[str, Any]:
        system, turns = system_and_turns(messages, params)
        wire = [{"role": "system", "content": system}] if system else []
        wire += chat_messages(turns, tool_names=True)
        request: dict[str, Any] = {"model": model.vendor_model, "messages": wire}
        if params.tools:
            request["tools"] = chat_tools(params.tools)
        if params.temperature is not None:
            # Mistral's scale stops at 1.5.
            request["temperature"] = min(params.temperature, 1.5)
        if params.top_p is not None:
            request["top_p"] = params.top_p
        if params.max_tokens is not None:
            request["max_tokens"] = params.max_tokens
        return request

    def _error(self, exc: Exception, *, reading: bool) -> ProviderError | None:
        from mistralai.client import errors

        if isinstance(exc, errors.ResponseValidationError):
            return BadProviderResponse("The provider sent a malformed answer", vendor=self.vendor)
        if isinstance(exc, errors.NoResponseError):
            return ProviderUnavailable("Could not reach the provider", vendor=self.vendor)
        if isinstance(exc, errors.MistralError):
            return self._status_error(exc)
        return transport_error(exc, self.vendor, reading=reading)

    def _status_error(self, exc: Any) -> ProviderError:
        status = int(exc.status_code)
        try:
            body = json.loads(exc.body or "{}")
        except ValueError:
            body = {}
        message = str(body.get("message") or "") if isinstance(body, dict) else ""
        if status == 429:
            return RateLimited(vendor=self.vendor, retry_after=retry_after(exc.headers))
        if status in (401, 403):
            return ProviderAuthFailed(vendor=self.vendor)
        if status in (400, 413, 422) and looks_like_context_overflow(message):
            return ContextTooLong(vendor=self.vendor)
        if status == 404:
            return ModelUnavailable("The provider does not serve this model", vendor=self.vendor)
        if status >= 500:
            return ProviderUnavailable(f"The provider answered {status}", vendor=self.vendor)
        return ProviderError(f"The provider refused the request ({status})", vendor=self.vendor)

    async def generate(
        self, model: ModelInfo, messages: list[ChatMessage], params: GenerationParams
    ) -> Answer:
        """The whole answer from one non-streamed completion."""
        with vendor_errors(lambda exc: self._error(exc, reading=False)):
            response = await self.client.chat.complete_async(**self._request(model, messages, params))
        if not response.choices:
            raise BadProviderResponse("The provider sent no answer", vendor=self.vendor)
        choice = response.choices[0]
        text = _text(choice.message.content if choice.message else None)
        calls = tuple(
            ToolCall(
                id=call.id or f"call_{index}",
                name=call.function.name,
                arguments=tool_arguments(call.function.arguments, self.vendor),
            )
            for index, call in enumerate((choice.message.tool_calls if choice.message else None) or [])
        )
        usage = (
            Usage(
                input_tokens=response.usage.prompt_tokens or 0,
                output_tokens=response.usage.completion_tokens or 0,
            )
            if response.usage
            else estimate_usage(messages, params, text)
        )
        return Answer(
            text=text, usage=usage, finish_reason=str(choice.finish_reason or "stop"), tool_calls=calls
        )

    async def stream(
        self, model: ModelInfo, messages: list[ChatMessage], params: GenerationParams
    ) -> AsyncGenerator[StreamEvent, None]:
        """The answer's deltas, then `Completed` with the vendor's usage."""
        try:
            stream = await self.client.chat.stream_async(**self._request(model, messages, params))
        except Exception as exc:
            if (mapped := self._error(exc, reading=False)) is None:
                raise
            raise mapped from exc
        usage: Usage | None = None
        finish: str | None = None
        answer: list[str] = []
        calls = ToolCallParts(self.vendor)
        try:
            async for event in stream:
                chunk = event.data
                if chunk.usage is not None:
                    usage = Usage(
                        input_tokens=chunk.usage.prompt_tokens or 0,
                        output_tokens=chunk.usage.completion_tokens or 0,
                    )
                for choice in chunk.choices:
                    content = _text(choice.delta.content)
                    if content:
                        answer.append(content)
                        yield TextDelta(text=content)
                    for position, part in enumerate(choice.delta.tool_calls or []):
                        index = part.index if isinstance(part.index, int) else position
                        calls.add(index, part.id, part.function.name, part.function.arguments)
                    if choice.finish_reason:
                        finish = str(choice.finish_reason)
        except Exception as exc:
            if (mapped := self._error(exc, reading=True)) is None:
                raise
            raise mapped from exc
        finally:
            await stream.close()  # type: ignore[no-untyped-call]
        if finish is None:
            raise BadProviderResponse(
                "The provider's answer ended before it was complete", vendor=self.vendor
            )
        for call in calls.calls():
            yield call
        yield Completed(
            usage=usage or estimate_usage(messages, params, "".join(answer)), finish_reason=finish
        )
