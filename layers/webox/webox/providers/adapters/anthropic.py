"""Anthropic's Messages API through `anthropic.AsyncAnthropic`."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from typing import Any

from webox.providers.adapters.common import (
    ToolCallParts,
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

# Anthropic requires max_tokens; without the user's choice, enough for a long chat answer.
DEFAULT_MAX_TOKENS = 8192
_FINISH = {
    "end_turn": "stop",
    "stop_sequence": "stop",
    "max_tokens": "length",
    "refusal": "content_filter",
    "tool_use": "tool_calls",
}


def _turns(turns: list[ChatMessage]) -> list[dict[str, Any]]:
    """Messages with content blocks: an assistant's `tool_use` blocks, the `tool_result` blocks of
    consecutive tool turns gathered in one user message (Anthropic alternates user and assistant),
    a user's images as base64 `image` blocks before the text."""
    wire: list[dict[str, Any]] = []
    for m in turns:
        if m.role == "tool":
            block = {"type": "tool_result", "tool_use_id": m.tool_call_id, "content": m.content}
            if wire and wire[-1]["role"] == "user" and isinstance(wire[-1]["content"], list):
                wire[-1]["content"].append(block)
            else:
                wire.append({"role": "user", "content": [block]})
        elif m.tool_calls:
            blocks: list[dict[str, Any]] = [{"type": "text", "text": m.content}] if m.content else []
            blocks += [
                {"type": "tool_use", "id": c.id, "name": c.name, "input": c.arguments} for c in m.tool_calls
            ]
            wire.append({"role": m.role, "content": blocks})
        elif m.images:
            images = [
                {
                    "type": "image",
                    "source": {"type": "base64", "media_type": i.media_type, "data": i.base64()},
                }
                for i in m.images
            ]
            wire.append({"role": m.role, "content": [*images, {"type": "text", "text": m.content}]})
        else:
            wire.append({"role": m.role, "content": m.content})
    return wire


class AnthropicAdapter:
    """Messages, streamed; input usage from message_start, output usage from message_delta."""

    def __init__(self, credentials: Credentials, *, timeout_s: float) -> None:
        from anthropic import AsyncAnthropic

        self.vendor = credentials.vendor
        self.client = AsyncAnthropic(
            api_key=credentials.api_key.get_secret_value(),
            base_url=credentials.base_url,
            max_retries=0,
            timeout=timeout_s,
        )

    @staticmethod
    def _request(model: ModelInfo, messages: list[ChatMessage], params: GenerationParams) -> dict[str, Any]:
        system, turns = system_and_turns(messages, params)
        max_tokens = params.max_tokens or min(
            DEFAULT_MAX_TOKENS, model.max_output_tokens or DEFAULT_MAX_TOKENS
        )
        request: dict[str, Any] = {
            "model": model.vendor_model,
            "max_tokens": max_tokens,
            "messages": _turns(turns),
            "stream": True,
        }
        if params.tools:
            request["tools"] = [
                {"name": t.name, "description": t.description, "input_schema": t.parameters}
                for t in params.tools
            ]
        if system:
            request["system"] = system
        # The SDK no longer takes sampling options as arguments; the API still accepts them on the
        # Claude 4.5 models, one of the two at most, on a 0 to 1 scale.
        if params.temperature is not None:
            request["extra_body"] = {"temperature": min(params.temperature, 1.0)}
        elif params.top_p is not None:
            request["extra_body"] = {"top_p": params.top_p}
        return request

    def _error(self, exc: Exception, *, reading: bool) -> ProviderError | None:
        import anthropic

        return stainless_error(anthropic, exc, self.vendor, reading=reading)

    async def generate(
        self, model: ModelInfo, messages: list[ChatMessage], params: GenerationParams
    ) -> Answer:
        """The whole answer from one non-streamed message."""
        request = self._request(model, messages, params)
        del request["stream"]
        with vendor_errors(lambda exc: self._error(exc, reading=False)):
            message = await self.client.messages.create(**request)
        text = "".join(block.text for block in message.content if block.type == "text")
        calls = tuple(
            ToolCall(id=block.id, name=block.name, arguments=tool_arguments(block.input, self.vendor))
            for block in message.content
            if block.type == "tool_use"
        )
        usage = Usage(input_tokens=message.usage.input_tokens, output_tokens=message.usage.output_tokens)
        reason = message.stop_reason or "end_turn"
        return Answer(text=text, usage=usage, finish_reason=_FINISH.get(reason, reason), tool_calls=calls)

    async def stream(
        self, model: ModelInfo, messages: list[ChatMessage], params: GenerationParams
    ) -> AsyncGenerator[StreamEvent, None]:
        """The answer's deltas, then `Completed` with the vendor's usage."""
        try:
            stream = await self.client.messages.create(**self._request(model, messages, params))
        except Exception as exc:
            if (mapped := self._error(exc, reading=False)) is None:
                raise
            raise mapped from exc
        input_tokens = output_tokens = 0
        stop_reason: str | None = None
        stopped = False
        calls = ToolCallParts(self.vendor)
        try:
            async for event in stream:
                if event.type == "message_start":
                    # WeBox sets no cache_control, so no input is billed at cache rates.
                    input_tokens = event.message.usage.input_tokens
                    output_tokens = event.message.usage.output_tokens
                elif event.type == "content_block_start" and event.content_block.type == "tool_use":
                    block = event.content_block
                    calls.add(event.index, block.id, block.name, None)
                elif event.type == "content_block_delta" and event.delta.type == "input_json_delta":
                    calls.add(event.index, None, None, event.delta.partial_json)
                elif event.type == "content_block_delta" and event.delta.type == "text_delta":
                    if event.delta.text:
                        yield TextDelta(text=event.delta.text)
                elif event.type == "message_delta":
                    output_tokens = event.usage.output_tokens
                    stop_reason = event.delta.stop_reason or stop_reason
                elif event.type == "message_stop":
                    stopped = True
        except Exception as exc:
            if (mapped := self._error(exc, reading=True)) is None:
                raise
            raise mapped from exc
        finally:
            await stream.close()
        if not stopped:
            raise BadProviderResponse(
                "The provider's answer ended before it was complete", vendor=self.vendor
            )
        for call in calls.calls():
            yield call
        usage = Usage(input_tokens=input_tokens, output_tokens=output_tokens)
        yield Completed(
            usage=usage, finish_reason=_FINISH.get(stop_reason or "end_turn", stop_reason or "stop")
        )
