"""The subset of OpenAI's chat completions request WeBox serves (unknown fields are ignored, as OpenAI-
compatible gateways do, so clients sending newer options keep working)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from webox.providers.schemas import MaxTokens, Temperature, TopP


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")

    type: str
    text: str | None = None


class GatewayMessage(BaseModel):
    model_config = ConfigDict(extra="allow")

    role: Literal["system", "developer", "user", "assistant"]
    content: str | list[ContentPart] | None = Field(default=None)

    def text(self) -> str:
        if isinstance(self.content, list):
            if any(part.type != "text" for part in self.content):
                raise ValueError("only text content is supported")
            return "".join(part.text or "" for part in self.content)
        return self.content or ""


class StreamOptions(BaseModel):
    model_config = ConfigDict(extra="allow")

    include_usage: bool = False


class CompletionRequest(BaseModel):
    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "model": "gpt-4o-mini",
                    "messages": [{"role": "user", "content": "Bonjour !"}],
                    "stream": False,
                }
            ]
        },
    )

    model: str = Field(min_length=1, max_length=80)
    messages: list[GatewayMessage] = Field(min_length=1, max_length=500)
    stream: bool = False
    stream_options: StreamOptions | None = None
    temperature: Temperature | None = None
    top_p: TopP | None = None
    max_tokens: MaxTokens | None = None
    max_completion_tokens: MaxTokens | None = None
    n: int = Field(default=1, ge=1, le=1)

    @field_validator("messages")
    @classmethod
    def _text_only(cls, messages: list[GatewayMessage]) -> list[GatewayMessage]:
        total = 0
        for message in messages:
            total += len(message.text())
        if total > 400_000:
            raise ValueError("messages are too long")
        return messages


def model_card(model_id: str, vendor: str) -> dict[str, Any]:
    return {"id": model_id, "object": "model", "created": 1_735_689_600, "owned_by": vendor}


# What the gateway answers, in OpenAI's formats (documented as examples: the bodies are OpenAI's).
COMPLETION_EXAMPLE: dict[str, Any] = {
    "id": "chatcmpl-5f0c2c0e8d0a4a519d551f1f",
    "object": "chat.completion",
    "created": 1764925200,
    "model": "gpt-4o-mini",
    "choices": [
        {
            "index": 0,
            "message": {
                "role": "assistant",
                "content": "Bonjour ! Comment puis-je vous aider ?",
                "refusal": None,
            },
            "finish_reason": "stop",
            "logprobs": None,
        }
    ],
    "usage": {"prompt_tokens": 9, "completion_tokens": 10, "total_tokens": 19},
}
COMPLETION_STREAM_EXAMPLE = (
    'data: {"id":"chatcmpl-5f0c2c0e8d0a4a519d551f1f","object":"chat.completion.chunk","created":1764925200,'
    '"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"Bonjour"},'
    '"finish_reason":null,"logprobs":null}]}\n\n'
    'data: {"id":"chatcmpl-5f0c2c0e8d0a4a519d551f1f","object":"chat.completion.chunk","created":1764925200,'
    '"model":"gpt-4o-mini","choices":[{"index":0,"delta":{},"finish_reason":"stop","logprobs":null}]}\n\n'
    "data: [DONE]\n\n"
)
MODEL_LIST_EXAMPLE: dict[str, Any] = {
    "object": "list",
    "data": [model_card("gpt-4o-mini", "openai"), model_card("mistral-small-latest", "mistral")],
}
