"""What goes in and out of a provider call (the models and vendors the registry lists are in
`model_schemas`)."""

from __future__ import annotations

import base64
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

Role = Literal["system", "user", "assistant", "tool"]
# Every vendor accepts these tool names (Gemini's and Anthropic's rules are the strictest).
ToolName = Annotated[str, Field(pattern=r"^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$")]


class ToolSpec(BaseModel):
    """A tool offered to the model: its name, what it does, and its parameters as a JSON Schema object."""

    model_config = ConfigDict(frozen=True)

    name: ToolName
    description: str = Field(default="", max_length=2000)
    parameters: dict[str, Any] = Field(default_factory=lambda: {"type": "object", "properties": {}})


class ToolCall(BaseModel):
    """The model asks for a tool: the call's id (echoed with its result), the tool and its arguments."""

    model_config = ConfigDict(frozen=True)

    id: str
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)


class ImageInput(BaseModel):
    """An image a user turn shows the model (only models with the `vision` capability take one)."""

    model_config = ConfigDict(frozen=True)

    media_type: str
    data: bytes

    def base64(self) -> str:
        """The image's bytes in base64, as every vendor's wire format carries them."""
        return base64.b64encode(self.data).decode("ascii")


class ChatMessage(BaseModel):
    """One turn of a conversation: an assistant turn may carry tool calls, a `tool` turn answers one,
    a user turn may show images."""

    model_config = ConfigDict(frozen=True)

    role: Role
    content: str
    images: tuple[ImageInput, ...] = ()
    tool_calls: tuple[ToolCall, ...] = ()
    # A `tool` turn: the call it answers and the tool's name (Gemini matches results by name).
    tool_call_id: str | None = None
    name: str | None = None


# Each sampling option's type and range, defined once: what a request accepts is exactly what every
# vendor adapter can send (strict: `false` is not 0). The upper bounds are the vendors' common ones.
Temperature = Annotated[float, Field(ge=0, le=2, strict=True)]
TopP = Annotated[float, Field(gt=0, le=1, strict=True)]
MaxTokens = Annotated[int, Field(ge=1, le=32_000, strict=True)]


class GenerationParams(BaseModel):
    """Sampling options a user may set; None leaves the vendor's default."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    temperature: Temperature | None = None
    max_tokens: MaxTokens | None = None
    system: str | None = Field(default=None, max_length=20_000)
    top_p: TopP | None = None
    # Tools the model may call (native tool calling); it answers with `ToolCall`s or text.
    tools: tuple[ToolSpec, ...] = ()


class Usage(BaseModel):
    """Tokens a call consumed, as the vendor reported them (`estimated` when it reported none)."""

    model_config = ConfigDict(frozen=True)

    input_tokens: int = Field(default=0, ge=0)
    output_tokens: int = Field(default=0, ge=0)
    estimated: bool = False


class TextDelta(BaseModel):
    """A piece of the answer, in order."""

    model_config = ConfigDict(frozen=True)

    text: str


class Completed(BaseModel):
    """The answer is complete: what it cost in tokens and why it stopped."""

    model_config = ConfigDict(frozen=True)

    usage: Usage
    # "stop", "length" (max tokens reached), "content_filter", "tool_calls", or the vendor's own reason.
    finish_reason: str


# A stream yields its tool calls whole (arguments parsed), after their text and before `Completed`.
StreamEvent = TextDelta | ToolCall | Completed


class Answer(BaseModel):
    """A whole answer from one non-streamed call (the gateway's JSON responses, the judge)."""

    model_config = ConfigDict(frozen=True)

    text: str
    usage: Usage
    finish_reason: str
    tool_calls: tuple[ToolCall, ...] = ()


class StoredKey(BaseModel):
    """A user's own provider key as the dashboard lists it: never the key itself."""

    vendor: str
    masked: str
    updated_at: datetime


class Credentials(BaseModel):
    """How to reach a vendor for one call, and where the key came from."""

    model_config = ConfigDict(frozen=True)

    vendor: str
    api_key: SecretStr
    base_url: str
    source: Literal["user", "platform", "simulated"]

    @property
    def simulated(self) -> bool:
        return self.source == "simulated"
