"""Prompt library in and out: prompts and their typed variables, versions, renders, share links,
the marketplace, ratings and reports — and the shape of builtin.json."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictFloat,
    StrictInt,
    StringConstraints,
    field_validator,
)

from webox.languages import Lang

# Shared with every marketplace, named here too for the prompt routes.
from webox.marketplace.schemas import ModerationIn as ModerationIn
from webox.marketplace.schemas import RateIn as RateIn
from webox.marketplace.schemas import RatingOut as RatingOut
from webox.marketplace.schemas import ReportIn as ReportIn
from webox.marketplace.schemas import ReportReason
from webox.prompts.variables import MAX_VARIABLES, VALUE_LIMITS, Variable, VariableName, VariableType

Sort = Literal["rating", "uses", "recent"]
Source = Literal["builtin", "own", "marketplace"]
VersionSource = Literal["create", "edit", "restore", "fork"]

SLUG = r"^[a-z0-9][a-z0-9-]{0,63}$"

Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
Body = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
CategoryId = Annotated[str, StringConstraints(pattern=SLUG)]


def _prompt_variables(variables: list[Variable]) -> list[Variable]:
    names = [v.name for v in variables]
    if len(set(names)) != len(names):
        raise ValueError("each variable is declared once")
    if any(v.type == "file" for v in variables):
        raise ValueError("file variables are for workflows only")
    return variables


def _not_blank(body: str) -> str:
    if not body.strip():
        raise ValueError("the prompt is empty")
    return body


_PROMPT_EXAMPLE: dict[str, Any] = {
    "title": "Résumé de réunion",
    "description": "Transforme mes notes en compte rendu.",
    "body": "Résume ces notes en {{longueur}} puces :\n{{notes}}",
    "category": "productivite",
    "language": "fr",
    "variables": [
        {"name": "notes", "label": "Notes", "type": "textarea", "required": True},
        {"name": "longueur", "label": "Nombre de puces", "type": "number", "default": 5, "min": 1, "max": 20},
    ],
}


class PromptCreate(BaseModel):
    """A new prompt of one's own (version 1). Every `{{x}}` of the body is declared, and only those."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_PROMPT_EXAMPLE]})

    title: Title
    description: Description = ""
    body: Body
    category: CategoryId
    language: Lang = "fr"
    variables: list[Variable] = Field(default_factory=list, max_length=MAX_VARIABLES)

    @field_validator("variables")
    @classmethod
    def _names(cls, variables: list[Variable]) -> list[Variable]:
        return _prompt_variables(variables)

    @field_validator("body")
    @classmethod
    def _body(cls, body: str) -> str:
        return _not_blank(body)


class PromptUpdate(BaseModel):
    """Fields to change (a new version); `expected_version` refuses the edit if someone saved meanwhile."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"title": "Résumé de réunion (court)", "expected_version": 3}]},
    )

    title: Title | None = None
    description: Description | None = None
    body: Body | None = None
    category: CategoryId | None = None
    language: Lang | None = None
    variables: list[Variable] | None = Field(default=None, max_length=MAX_VARIABLES)
    expected_version: int | None = Field(default=None, ge=1)

    @field_validator("variables")
    @classmethod
    def _names(cls, variables: list[Variable] | None) -> list[Variable] | None:
        return None if variables is None else _prompt_variables(variables)

    @field_validator("body")
    @classmethod
    def _body(cls, body: str | None) -> str | None:
        return None if body is None else _not_blank(body)


class PromptStats(BaseModel):
    """Marketplace figures of a published prompt."""

    rating_avg: float = Field(examples=[4.5])
    rating_count: int = Field(examples=[12])
    uses: int = Field(examples=[230])
    forks: int = Field(examples=[7])


_PROMPT_OUT_EXAMPLE: dict[str, Any] = {
    "id": "3f9c2a6e0d4b4a8f9a1c2b3d4e5f6a7b",
    "source": "own",
    **_PROMPT_EXAMPLE,
    "version": 3,
    "created_at": "2026-01-05T09:12:00Z",
    "updated_at": "2026-01-07T17:40:00Z",
    "forked_from": "compte-rendu-de-reunion",
    "published": True,
    "shared": False,
    "moderated": False,
    "stats": {"rating_avg": 4.5, "rating_count": 12, "uses": 230, "forks": 7},
    "author_name": None,
    "my_stars": None,
}


class PromptOut(BaseModel):
    """A prompt as the caller may see it: built-in (localised), their own, or published by someone."""

    model_config = ConfigDict(json_schema_extra={"examples": [_PROMPT_OUT_EXAMPLE]})

    id: str
    source: Source
    title: str
    description: str
    body: str
    category: str
    language: Lang
    variables: list[Variable]
    version: int | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None
    forked_from: str | None = None
    published: bool = False
    shared: bool = False
    moderated: bool = False
    stats: PromptStats | None = None
    author_name: str | None = None
    my_stars: int | None = None


class PromptPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_PROMPT_OUT_EXAMPLE], "next_cursor": None}]}
    )

    items: list[PromptOut]
    next_cursor: str | None = None


class BuiltinPromptList(BaseModel):
    """Every built-in prompt matching the filters (they are few: no paging)."""

    items: list[PromptOut]


class CategoryOut(BaseModel):
    id: str = Field(examples=["ecriture"])
    label: str = Field(examples=["Écriture"])
    icon: str = Field(examples=["pen-line"])
    builtin_count: int = Field(examples=[5])


_VERSION_EXAMPLE: dict[str, Any] = {
    "version": 3,
    "title": "Résumé de réunion",
    "created_at": "2026-01-07T17:40:00Z",
    "source": "restore",
    "restored_from": 1,
}


class VersionSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_VERSION_EXAMPLE]})

    version: int
    title: str
    created_at: datetime
    source: VersionSource
    restored_from: int | None = None


class VersionOut(VersionSummary):
    """One saved version of a prompt, whole."""

    model_config = ConfigDict(json_schema_extra={"examples": [{**_VERSION_EXAMPLE, **_PROMPT_EXAMPLE}]})

    description: str
    body: str
    category: str
    language: Lang
    variables: list[Variable]


class VersionPage(BaseModel):
    """Newest first."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        _VERSION_EXAMPLE,
                        {**_VERSION_EXAMPLE, "version": 2, "source": "edit", "restored_from": None},
                    ],
                    "next_cursor": None,
                }
            ]
        }
    )

    items: list[VersionSummary]
    next_cursor: str | None = None


RenderValue = Annotated[str, StringConstraints(max_length=VALUE_LIMITS["textarea"])] | StrictInt | StrictFloat


class RenderIn(BaseModel):
    """Values of the prompt's variables, by name (numbers as JSON numbers or numeric text)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"values": {"notes": "Budget validé, lancement le 3 mars", "longueur": 5}}]
        },
    )

    values: dict[Annotated[str, StringConstraints(max_length=64)], RenderValue] = Field(
        default_factory=dict, max_length=MAX_VARIABLES * 2
    )


class RenderOut(BaseModel):
    """The prompt with every `{{variable}}` replaced by its value, literally."""

    text: str = Field(examples=["Résume ces notes en 5 puces :\nBudget validé, lancement le 3 mars"])


class ShareOut(BaseModel):
    """The link to give (shown once: only its hash is kept)."""

    url: str = Field(examples=["https://webox.example/p/4kR0c2m1v9yXbq3ZtW8sPfN6hJ0aLd2E"])
    token: str = Field(examples=["4kR0c2m1v9yXbq3ZtW8sPfN6hJ0aLd2E"])


class SharedPromptOut(BaseModel):
    """A prompt seen through a share link (no owner information)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{**_PROMPT_EXAMPLE, "version": 3, "updated_at": "2026-01-07T17:40:00Z"}]
        }
    )

    title: str
    description: str
    body: str
    category: str
    language: Lang
    variables: list[Variable]
    version: int
    updated_at: datetime


_MARKET_ITEM_EXAMPLE: dict[str, Any] = {
    "id": "3f9c2a6e0d4b4a8f9a1c2b3d4e5f6a7b",
    **_PROMPT_EXAMPLE,
    "author_name": "Camille",
    "stats": {"rating_avg": 4.5, "rating_count": 12, "uses": 230, "forks": 7},
    "published_at": "2026-01-07T17:40:00Z",
}


class MarketItem(BaseModel):
    """A published prompt in the public marketplace."""

    model_config = ConfigDict(json_schema_extra={"examples": [_MARKET_ITEM_EXAMPLE]})

    id: str
    title: str
    description: str
    body: str
    category: str
    language: Lang
    variables: list[Variable]
    author_name: str
    stats: PromptStats
    published_at: datetime


class MarketPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_MARKET_ITEM_EXAMPLE], "next_cursor": None}]}
    )

    items: list[MarketItem]
    next_cursor: str | None = None


_REPORT_EXAMPLE: dict[str, Any] = {
    "prompt_id": "3f9c2a6e0d4b4a8f9a1c2b3d4e5f6a7b",
    "prompt_title": "Résumé de réunion",
    "owner_id": "8f14e45fceea167a5a36dedd4bea2543",
    "reporter_id": "c9f0f895fb98ab9159f51fd0297e236d",
    "reason": "spam",
    "details": "Publicité déguisée pour un site.",
    "status": "open",
    "created_at": "2026-01-08T11:02:00Z",
}


class ReportOut(BaseModel):
    """A report as administrators see it."""

    model_config = ConfigDict(json_schema_extra={"examples": [_REPORT_EXAMPLE]})

    prompt_id: str
    prompt_title: str
    owner_id: str
    reporter_id: str
    reason: ReportReason
    details: str
    status: Literal["open", "resolved"]
    created_at: datetime


class ReportReceipt(BaseModel):
    """What the reporter is told: their report, without who owns the prompt (a stranger's user id
    is not theirs to learn)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{k: v for k, v in _REPORT_EXAMPLE.items() if k not in ("owner_id", "reporter_id")}]
        }
    )

    prompt_id: str
    prompt_title: str
    reason: ReportReason
    details: str
    status: Literal["open", "resolved"]
    created_at: datetime


class ReportPage(BaseModel):
    """Open reports, newest first."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_REPORT_EXAMPLE], "next_cursor": None}]}
    )

    items: list[ReportOut]
    next_cursor: str | None = None


# -- builtin.json ------------------------------------------------------------------------------


class Localised(BaseModel):
    """A text in both of the SPA's languages."""

    model_config = ConfigDict(extra="forbid")

    fr: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: Lang) -> str:
        return self.en if lang == "en" else self.fr


class LocalisedChoices(BaseModel):
    model_config = ConfigDict(extra="forbid")

    fr: list[str]
    en: list[str]


class BuiltinVariable(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: VariableName
    label: Localised
    type: VariableType
    choices: LocalisedChoices | None = None
    default: Localised | float | None = None
    required: bool = True
    min: float | None = None
    max: float | None = None

    def localise(self, lang: Lang) -> Variable:
        """The variable as a form field in `lang` (validated like a user's)."""
        default = self.default.get(lang) if isinstance(self.default, Localised) else self.default
        return Variable(
            name=self.name,
            label=self.label.get(lang),
            type=self.type,
            choices=getattr(self.choices, lang) if self.choices else None,
            default=default,
            required=self.required,
            min=self.min,
            max=self.max,
        )


class BuiltinPrompt(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, StringConstraints(pattern=SLUG)]
    category: str
    title: Localised
    description: Localised
    body: Localised
    variables: list[BuiltinVariable] = Field(max_length=MAX_VARIABLES)


class BuiltinCategory(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Annotated[str, StringConstraints(pattern=SLUG)]
    label: Localised
    icon: str


class BuiltinLibrary(BaseModel):
    """The whole of builtin.json."""

    model_config = ConfigDict(extra="forbid")

    categories: list[BuiltinCategory]
    prompts: list[BuiltinPrompt]
