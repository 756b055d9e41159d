"""The account's bodies: settings, own provider keys, deletion."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, SecretStr, StringConstraints

Language = Literal["fr", "en"]
Theme = Literal["system", "light", "dark"]
ModelId = Annotated[str, StringConstraints(min_length=1, max_length=100)]
DisplayName = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
MAX_COST_CAP = 1_000_000_000  # 1 000 USD per request: more is a typo


class DefaultParams(BaseModel):
    model_config = ConfigDict(extra="forbid")

    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1, le=32_000)
    system: str | None = Field(default=None, max_length=20_000)


class Notifications(BaseModel):
    model_config = ConfigDict(extra="forbid")

    product_news: bool = False
    usage_alerts: bool = True
    job_done: bool = True


class SettingsOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "display_name": "Camille",
                    "email": "camille@example.com",
                    "language": "fr",
                    "theme": "system",
                    "default_models": ["gpt-4o-mini", "claude-haiku-4-5"],
                    "default_params": {"temperature": 0.7, "max_tokens": None, "system": None},
                    "notifications": {"product_news": False, "usage_alerts": True, "job_done": True},
                    "cost_cap_micro_usd": 50000,
                }
            ]
        }
    )

    display_name: str
    email: str
    language: Language
    theme: Theme
    default_models: list[str]
    default_params: DefaultParams
    notifications: Notifications
    cost_cap_micro_usd: int | None


class SettingsPatch(BaseModel):
    """Any subset of the settings; `cost_cap_micro_usd: null` removes the cap."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "language": "fr",
                    "theme": "dark",
                    "default_models": ["gpt-4o-mini", "mistral-small-latest"],
                    "cost_cap_micro_usd": 50000,
                }
            ]
        },
        extra="forbid",
    )

    display_name: DisplayName | None = None
    language: Language | None = None
    theme: Theme | None = None
    default_models: list[ModelId] | None = Field(default=None, max_length=12)
    default_params: DefaultParams | None = None
    notifications: Notifications | None = None
    cost_cap_micro_usd: int | None = Field(default=None, ge=1, le=MAX_COST_CAP)


class KeyTestOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ok": False,
                    "latency_ms": 180,
                    "error": {"code": "invalid_key", "message": "The provider refused the key"},
                }
            ]
        }
    )

    ok: bool
    latency_ms: int
    error: dict[str, str] | None = None


class KeyOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "vendor": "openai",
                    "vendor_name": "OpenAI",
                    "masked": "sk-…9f2c",
                    "created_at": "2026-11-20T10:00:00Z",
                    "updated_at": "2026-11-20T10:00:00Z",
                    "last_tested_at": None,
                    "last_test": None,
                }
            ]
        }
    )

    vendor: str
    vendor_name: str
    masked: str
    created_at: datetime
    updated_at: datetime
    last_tested_at: datetime | None = None
    last_test: KeyTestOut | None = None


class VendorOut(BaseModel):
    vendor: str
    vendor_name: str
    docs_url: str | None


class KeysOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "vendor": "openai",
                            "vendor_name": "OpenAI",
                            "masked": "sk-…9f2c",
                            "created_at": "2026-11-20T10:00:00Z",
                            "updated_at": "2026-11-20T10:00:00Z",
                            "last_tested_at": "2026-11-20T10:01:00Z",
                            "last_test": {"ok": True, "latency_ms": 240, "error": None},
                        }
                    ],
                    "vendors": [
                        {
                            "vendor": "openai",
                            "vendor_name": "OpenAI",
                            "docs_url": "https://platform.openai.com/api-keys",
                        },
                        {
                            "vendor": "mistral",
                            "vendor_name": "Mistral AI",
                            "docs_url": "https://console.mistral.ai/api-keys",
                        },
                    ],
                }
            ]
        }
    )

    items: list[KeyOut]
    vendors: list[VendorOut]


class KeyIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"key": "sk-proj-4fJk2LmN8pQr5StUv7WxYz0aBcDe9f2c"}]}, extra="forbid"
    )

    key: SecretStr = Field(min_length=20, max_length=512)


class DeleteIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"password": "Vélo-rouge-sur-la-Loire-42", "code": "492039"}]},
        extra="forbid",
    )

    password: SecretStr = Field(min_length=1, max_length=1024)
    code: str | None = Field(default=None, max_length=32)


class ExportStarted(BaseModel):
    """An export started on the task engine: follow it as any task (`GET /api/tasks/{task_id}`,
    `task.*` frames), then download it."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"task_id": "0193c1f2a4b5c6d7e8f90a1b2c3d4e5f", "status": "queued"}]}
    )

    task_id: str
    status: str
