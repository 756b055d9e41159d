"""The catalogue's bodies: tools (as data and as the API shows them), categories, reviews."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

Pricing = Literal["free", "freemium", "paid", "open_source"]
ToolId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,62}$")]
CategoryId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,39}$")]
MAX_TAGS = 12
MAX_REVIEW = 2000


def _https(url: str) -> str:
    parts = urlsplit(url)
    if parts.scheme != "https" or not parts.hostname or "." not in parts.hostname:
        raise ValueError("must be an https:// address")
    return url


def _tags(tags: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for tag in tags:
        cleaned = " ".join(tag.split()).lower()
        if cleaned:
            seen.setdefault(cleaned, None)
    return list(seen)


Url = Annotated[str, StringConstraints(max_length=300), AfterValidator(_https)]
Tag = Annotated[str, StringConstraints(min_length=1, max_length=40)]
Tags = Annotated[list[Tag], Field(max_length=MAX_TAGS), AfterValidator(_tags)]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]

_TOOL_EXAMPLE: dict[str, Any] = {
    "id": "le-chat",
    "name": "Le Chat",
    "vendor": "Mistral AI",
    "category": "chat",
    "description": "L'assistant de Mistral AI, entreprise française : réponses rapides et recherche web.",
    "url": "https://chat.mistral.ai",
    "pricing": "freemium",
    "tags": ["chatbot", "français"],
}


class Tool(BaseModel):
    """A tool as the data file (and an administrator) describes it."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_TOOL_EXAMPLE]})

    id: ToolId
    name: Name
    vendor: Name
    category: CategoryId
    description: Description
    url: Url
    pricing: Pricing
    tags: Tags = Field(default_factory=list)


class Category(BaseModel):
    id: CategoryId
    name: str
    name_en: str
    description: str


class CatalogueFile(BaseModel):
    """`tools.json`, checked as a whole when it loads."""

    categories: list[Category]
    tools: list[Tool]

    @model_validator(mode="after")
    def _consistent(self) -> CatalogueFile:
        categories = {c.id for c in self.categories}
        if len(categories) != len(self.categories):
            raise ValueError("duplicate category id")
        if len({t.id for t in self.tools}) != len(self.tools):
            raise ValueError("duplicate tool id")
        unknown = sorted({t.category for t in self.tools} - categories)
        if unknown:
            raise ValueError(f"unknown categories: {unknown}")
        return self


class ToolCreate(Tool):
    """A tool an administrator adds."""


class ToolUpdate(BaseModel):
    """An administrator's change: only the fields sent change."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"pricing": "paid", "tags": ["chatbot"]}]}
    )

    name: Name | None = None
    vendor: Name | None = None
    category: CategoryId | None = None
    description: Description | None = None
    url: Url | None = None
    pricing: Pricing | None = None
    tags: Tags | None = None

    @model_validator(mode="after")
    def _something(self) -> ToolUpdate:
        if not self.model_fields_set:
            raise ValueError("nothing to change")
        for field in self.model_fields_set:
            if getattr(self, field) is None:
                raise ValueError(f"{field} cannot be null")
        return self


_TOOL_OUT_EXAMPLE: dict[str, Any] = {
    **_TOOL_EXAMPLE,
    "rating": {"average": 4.5, "count": 2},
    "favorite": False,
    "source": "builtin",
}
_REVIEW_EXAMPLE: dict[str, Any] = {
    "tool_id": "le-chat",
    "author_name": "Camille D.",
    "stars": 4,
    "text": "Très utile pour mes sous-titres.",
    "created_at": "2026-11-20T18:30:00Z",
    "updated_at": "2026-11-20T18:30:00Z",
    "mine": True,
}


class ToolRatingOut(BaseModel):
    average: float | None = Field(description="Mean stars, two decimals; null without reviews.")
    count: int


class ToolOut(Tool):
    """A tool as listed: with its rating, and `favorite` when the caller is signed in."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [_TOOL_OUT_EXAMPLE]}, json_schema_serialization_defaults_required=True
    )

    rating: ToolRatingOut
    favorite: bool | None = Field(default=None, description="Null when signed out.")
    source: Literal["builtin", "custom"] = Field(
        description="`builtin`: from WeBox's data file (maybe edited); `custom`: added by an administrator."
    )


class ToolPage(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_TOOL_OUT_EXAMPLE], "total": 1}]})

    items: list[ToolOut]
    total: int


class ToolCategoryOut(Category):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": "chat",
                    "name": "Assistants conversationnels",
                    "name_en": "Chat assistants",
                    "description": "Discuter avec une IA, poser des questions, rédiger.",
                    "tool_count": 14,
                }
            ]
        }
    )

    tool_count: int


class ReviewIn(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"stars": 4, "text": "Très utile pour mes sous-titres."}]},
        extra="forbid",
    )

    stars: int = Field(ge=1, le=5, examples=[4])
    text: str = Field(default="", max_length=MAX_REVIEW, examples=["Très utile pour mes sous-titres."])


class ReviewOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_REVIEW_EXAMPLE]})

    tool_id: str
    author_name: str = Field(description="First name and initial of the reviewer.")
    stars: int
    text: str
    created_at: datetime
    updated_at: datetime
    mine: bool = False


class ReviewPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"items": [_REVIEW_EXAMPLE], "next_cursor": None, "rating": {"average": 4.0, "count": 1}}
            ]
        }
    )

    items: list[ReviewOut]
    next_cursor: str | None = None
    rating: ToolRatingOut
