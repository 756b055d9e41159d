"""Assistants in and out: what users send, what the SPA reads, and the shape of builtin.json."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

Lang = Literal["fr", "en"]
# Lucide icon names the SPA can draw (the built-ins use the first six).
Icon = Literal[
    "pen-line",
    "code",
    "chart-line",
    "heart-handshake",
    "languages",
    "sparkles",
    "bot",
    "brain",
    "lightbulb",
    "graduation-cap",
    "briefcase",
    "megaphone",
    "book-open",
    "palette",
    "music",
    "camera",
    "globe",
    "calculator",
    "scale",
    "stethoscope",
    "utensils",
    "dumbbell",
    "plane",
    "shopping-cart",
    "search",
    "message-circle",
    "rocket",
    "shield",
    "users",
    "wand-sparkles",
]
ICONS: tuple[Icon, ...] = get_args(Icon)
MAX_MODELS = 12

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
SystemPrompt = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
ModelId = Annotated[str, StringConstraints(min_length=1, max_length=80)]


class Localised(BaseModel):
    """A text in both of the SPA's languages."""

    model_config = ConfigDict(extra="forbid")

    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.fr


class AssistantParams(BaseModel):
    """Generation defaults an assistant applies to a turn (None: the model's own default)."""

    model_config = ConfigDict(extra="forbid")

    temperature: float | None = Field(default=None, ge=0, le=2, examples=[0.7])
    max_tokens: int | None = Field(default=None, ge=1, le=16_000, examples=[2000])


def _distinct(models: list[str]) -> list[str]:
    if len(set(models)) != len(models):
        raise ValueError("each model may be listed once")
    return models


def _not_blank(text: str) -> str:
    if not text.strip():
        raise ValueError("the system prompt is empty")
    return text


class AssistantCreate(BaseModel):
    """A new assistant of one's own."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "Relecteur juridique",
                    "description": "Relit mes contrats et signale les clauses à risque.",
                    "icon": "scale",
                    "system_prompt": "Tu es un juriste français prudent. Relis le texte fourni…",
                    "models": ["claude-sonnet-4-6", "gpt-4o"],
                    "params": {"temperature": 0.2, "max_tokens": 3000},
                }
            ]
        },
    )

    name: Name
    description: Description = ""
    icon: Icon = "bot"
    system_prompt: SystemPrompt
    models: list[ModelId] = Field(min_length=1, max_length=MAX_MODELS)
    params: AssistantParams = Field(default_factory=AssistantParams)

    @field_validator("models")
    @classmethod
    def _models(cls, models: list[str]) -> list[str]:
        return _distinct(models)

    @field_validator("system_prompt")
    @classmethod
    def _prompt(cls, text: str) -> str:
        return _not_blank(text)


class AssistantUpdate(BaseModel):
    """Fields to change; absent ones are kept (`params` is replaced as a whole)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"name": "Relecteur", "params": {"temperature": 0.1}}]},
    )

    name: Name | None = None
    description: Description | None = None
    icon: Icon | None = None
    system_prompt: SystemPrompt | None = None
    models: list[ModelId] | None = Field(default=None, min_length=1, max_length=MAX_MODELS)
    params: AssistantParams | None = None

    @field_validator("models")
    @classmethod
    def _models(cls, models: list[str] | None) -> list[str] | None:
        return None if models is None else _distinct(models)

    @field_validator("system_prompt")
    @classmethod
    def _prompt(cls, text: str | None) -> str | None:
        return None if text is None else _not_blank(text)


class AssistantDuplicate(BaseModel):
    """Name of the copy (default: the original's name with « (copie) »)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"name": "Mon rédacteur"}]})

    name: Name | None = None


_BUILTIN_EXAMPLE: dict[str, Any] = {
    "id": "redacteur",
    "builtin": True,
    "name": "Rédacteur",
    "description": "Écrit, réécrit et améliore vos textes.",
    "icon": "pen-line",
    "system_prompt": "Tu es Rédacteur, un rédacteur professionnel francophone…",
    "models": ["claude-sonnet-4-6", "gpt-4o", "mistral-large-latest"],
    "params": {"temperature": 0.7, "max_tokens": 2500},
    "created_at": None,
    "updated_at": None,
    "duplicated_from": None,
}


class AssistantOut(BaseModel):
    """An assistant as the SPA shows it; built-ins are localised and read-only."""

    model_config = ConfigDict(json_schema_extra={"examples": [_BUILTIN_EXAMPLE]})

    id: str
    builtin: bool
    name: str
    description: str
    icon: str
    system_prompt: str
    models: list[str]
    params: AssistantParams
    created_at: datetime | None = None
    updated_at: datetime | None = None
    duplicated_from: str | None = None


class AssistantList(BaseModel):
    """The built-ins (always all of them) and one page of the caller's own, most recently edited first."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "builtin": [_BUILTIN_EXAMPLE],
                    "own": [
                        {
                            **_BUILTIN_EXAMPLE,
                            "id": "9b2d6f0e4a8c4e1b9d3f5a7c1e3b5d7f",
                            "builtin": False,
                            "name": "Mon rédacteur",
                            "created_at": "2026-11-20T14:05:00Z",
                            "updated_at": "2026-11-22T09:00:00Z",
                            "duplicated_from": "redacteur",
                        }
                    ],
                    "next_cursor": None,
                }
            ]
        }
    )

    builtin: list[AssistantOut]
    own: list[AssistantOut]
    next_cursor: str | None = None


class BuiltinAssistant(BaseModel):
    """One entry of builtin.json."""

    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]{1,40}$")]
    name: Localised
    description: Localised
    icon: Icon
    system_prompt: Localised
    models: list[ModelId] = Field(min_length=1, max_length=3)
    params: AssistantParams
