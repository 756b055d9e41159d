"""What goes in and out of a provider call, and what the registry describes."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr

Role = Literal["system", "user", "assistant"]
AdapterName = Literal["openai", "anthropic", "mistral", "gemini"]


class ChatMessage(BaseModel):
    """One turn of a conversation."""

    model_config = ConfigDict(frozen=True)

    role: Role
    content: str


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
    # "stop", "length" (max tokens reached), "content_filter", or the vendor's own reason.
    finish_reason: str


StreamEvent = TextDelta | Completed


class Answer(BaseModel):
    """A whole answer from one non-streamed call (the gateway's JSON responses, the judge)."""

    model_config = ConfigDict(frozen=True)

    text: str
    usage: Usage
    finish_reason: str


class VendorInfo(BaseModel):
    """A company serving models, how to reach it and which local simulator stands in for it."""

    model_config = ConfigDict(frozen=True)

    id: str
    display_name: str
    adapter: AdapterName
    base_url: str
    # Environment variable holding the platform's key (for a keyless local vendor: its base URL).
    key_env: str
    needs_key: bool = True
    simulator: AdapterName


class ModelInfo(BaseModel):
    """A model users can pick; prices in USD per million tokens."""

    model_config = ConfigDict(frozen=True)

    id: str
    vendor: str
    vendor_model: str
    display_name: str
    adapter: AdapterName
    context_window: int = Field(gt=0)
    max_output_tokens: int | None = Field(default=None, gt=0)
    price_in: float = Field(ge=0)
    price_out: float = Field(ge=0)
    capabilities: list[str]


class AvailableModel(ModelInfo):
    """A model as the picker shows it to one user: usable now, and whether a simulator answers."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "claude-haiku-4-5",
                    "vendor": "anthropic",
                    "vendor_model": "claude-haiku-4-5-20251001",
                    "display_name": "Claude Haiku 4.5",
                    "adapter": "anthropic",
                    "context_window": 200000,
                    "max_output_tokens": 64000,
                    "price_in": 1.0,
                    "price_out": 5.0,
                    "capabilities": ["text", "vision"],
                    "available": True,
                    "simulated": False,
                    "key_source": "platform",
                    "in_plan": True,
                }
            ]
        }
    )

    available: bool
    simulated: bool
    key_source: Literal["user", "platform", "simulated"] | None = Field(
        default=None,
        description="Whose key a call would use: the user's own, the platform's, or a simulator.",
    )
    in_plan: bool = Field(
        default=True,
        description="False when the platform's key would answer and the user's plan does not include "
        "the model (their own key or a simulator is never limited by the plan).",
    )


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
