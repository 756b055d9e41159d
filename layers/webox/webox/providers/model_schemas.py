"""The models and vendors the registry lists, apart from a call's messages (`schemas`): the dashboard
and the usage pages name models without loading every message schema (~6 ms of a cold start)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

AdapterName = Literal["openai", "anthropic", "mistral", "gemini"]


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
