"""OpenAI and every OpenAI-compatible vendor (DeepSeek, xAI, Groq, Perplexity, OpenRouter, Together,
Ollama) through `openai.AsyncOpenAI` with the vendor's base URL."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from webox.providers.adapters.common import (
    ToolCallParts,
    chat_messages,
    chat_tools,
    estimate_usage,
    stainless_error,
    system_and_turns,
    tool_arguments,
    vendor_errors,
)
from webox.providers.errors import BadProviderResponse, ProviderError
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


class OpenAIAdapter:
    """Chat completions, streamed, usage from `stream_options.include_usage`."""

    def __init__(self, credentials: Credentials, *, timeout_s: float) -> None:
        from openai import AsyncOpenAI

        self.vendor = credentials.vendor
        # Retries are the service's: it knows whether a token has already reached the user.
        self.client = AsyncOpenAI(
            api_key=credentials.api_key.get_secret_value(),
            base_url=credentials.base_url,
            max_retries=0,
            timeout=timeout_s,
        )

    def _request(
        self, model: ModelInfo, messages: list[ChatMessage], params: GenerationParams
    ) -> dict[str, Any]:
        system, turns = system_and_turns(messages, params)
        wire = [{"role": "system", "content": system}] if system else []
        wire += chat_messages(turns)
        request: dict[str, Any] = {
            "model": model.vendor_model,
            "messages": wire,
            "stream": True,
            "stream_options": {"include_usage": True},
        }
        if params.tools:
            request["tools"] = chat_tools(params.tools)
        if params.temperature is not None:
            request["temperature"] = params.temperature
        if params.top_p is not None:
            request["top_p"] = params.top_p
        if params.max_tokens is not None:
            # OpenAI itself deprecated `max_tokens`; the compatible vendors only know `max_tokens`.
            request["max_completion_tokens" if self.vendor == "openai" else "max_tokens"] = params.max_tokens
        return request

    def _error(self, exc: Exception, *, reading: bool) -> ProviderError | None:
        import openai

        return stainless_error(openai, exc, self.vendor, reading=reading)

    async def generate(
        self, model: ModelInfo, messages: list[ChatMessage], params: GenerationParams
    ) -> Answer:
        """The whole answer from one non-streamed completion."""
        request = self._request(model, messages, params)
        del request["stream"], request["stream_options"]
        with vendor_errors(lambda exc: self._error(exc, reading=False)):
            completion = await self.client.chat.completions.create(**request)
        if not completion.choices:
            raise BadProviderResponse("The provider sent no answer", vendor=self.vendor)
        choice = completion.choices[0]
        text = choice.message.content or ""
        calls = tuple(
            ToolCall(
                id=call.id,
                name=call.function.name,
                arguments=tool_arguments(call.function.arguments, self.vendor),
            )
            for call in choice.message.tool_calls or []
            if call.type == "function"
        )
        usage = (
            Usage(
                input_tokens=completion.usage.prompt_tokens, output_tokens=completion.usage.completion_tokens
            )
            if completion.usage
            else estimate_usage(messages, params, text)
        )
        return Answer(text=text, usage=usage, finish_reason=choice.finish_reason or "stop", tool_calls=calls)

    async def stream(
        self, model: ModelInfo, messages: list[ChatMessage], params: GenerationParams
    ) -> AsyncGenerator[StreamEvent, None]:
        """The answer's deltas, then `Completed` with the vendor's usage."""
        try:
            stream = await self.client.chat.completions.create(**self._request(model, messages, params))
        except Exception as exc:
            if (mapped := self._error(exc, reading=False)) is None:
                raise
            raise mapped from exc
        usage: Usage | None = None
        finish: str | None = None
        answer: list[str] = []
        calls = ToolCallParts(self.vendor)
        try:
            async for chunk in stream:
                if chunk.usage is not None:
                    usage = Usage(
                        input_tokens=chunk.usage.prompt_tokens, output_tokens=chunk.usage.completion_tokens
                    )
                for choice in chunk.choices:
                    if choice.delta is not None and choice.delta.content:
                        answer.append(choice.delta.content)
                        yield TextDelta(text=choice.delta.content)
                    for part in (choice.delta.tool_calls if choice.delta is not None else None) or []:
                        function = part.function
                        calls.add(
                            part.index,
                            part.id,
                            function.name if function else None,
                            function.arguments if function else None,
                        )
                    if choice.finish_reason:
                        finish = choice.finish_reason
        except Exception as exc:
            if (mapped := self._error(exc, reading=True)) is None:
                raise
            raise mapped from exc
        finally:
            await stream.close()
        if finish is None:
            raise BadProviderResponse(
                "The provider's answer ended before it was complete", vendor=self.vendor
            )
        for call in calls.calls():
            yield call
        yield Completed(
            usage=usage or estimate_usage(messages, params, "".join(answer)), finish_reason=finish
        )
