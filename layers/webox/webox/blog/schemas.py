"""What the blog's API reads and answers."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[str, StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=120)]
Tag = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
Language = Literal["fr", "en"]
Status = Literal["draft", "scheduled", "published", "archived"]
PostIdStr = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{24}$")]

_POST_EXAMPLE: dict[str, Any] = {
    "title": "Comparer quatre modèles sur un même brief",
    "slug": "comparer-quatre-modeles",
    "excerpt": "Ce que la comparaison côte à côte apprend sur chaque modèle.",
    "meta_description": "Comparer quatre modèles d'IA sur un même brief : méthode, résultats et conseils.",
    "body": "## Pourquoi comparer\n\nChaque modèle a ses forces.",
    "cover_url": "https://images.example.com/cover.png",
    "cover_alt": "Quatre colonnes de réponses côte à côte",
    "cover_width": 1200,
    "cover_height": 630,
    "category": "guides",
    "tags": ["comparaison", "modèles"],
    "language": "fr",
}

_ID = "01a23e0f461580a5ed6ce1d5"
_WHEN = "2026-12-03T09:30:00Z"
_POST_OUT: dict[str, Any] = {
    **_POST_EXAMPLE,
    "id": _ID,
    "slug": "comparer-quatre-modeles",
    "translation_of": None,
    "author_id": "0edb9db434ca131214bcae1670e8a6a3",
    "author_name": "Camille",
    "status": "published",
    "publish_at": None,
    "published_at": _WHEN,
    "revision": 3,
    "url": "/blog/comparer-quatre-modeles/",
    "created_at": _WHEN,
    "updated_at": _WHEN,
}
_SUMMARY: dict[str, Any] = {
    k: _POST_OUT[k]
    for k in (
        "id",
        "title",
        "slug",
        "status",
        "language",
        "author_name",
        "publish_at",
        "published_at",
        "updated_at",
        "url",
    )
}
_REVISION: dict[str, Any] = {
    "number": 2,
    "author_id": _POST_OUT["author_id"],
    "author_name": "Léa",
    "title": _POST_OUT["title"],
    "created_at": _WHEN,
}
_CATEGORY: dict[str, Any] = {"slug": "guides", "name": "Guides", "parent": None}
_COMMENT: dict[str, Any] = {
    "id": "01a23e0f4e8d2f709a89aa1c",
    "post_id": _ID,
    "author_name": "Lectrice",
    "body": "Merci, la méthode est claire.",
    "parent_id": None,
    "status": "approved",
    "created_at": _WHEN,
}
_HELD: dict[str, Any] = {
    **_COMMENT,
    "status": "held",
    "author_id": "be07515492ed33f6f27d80faa5b5e39b",
    "score": 0.4,
    "reasons": ["links"],
    "post_title": _POST_OUT["title"],
}
_SEO_CHECK: dict[str, Any] = {"id": "title_length", "ok": True, "value": "42"}


class BlogPostIn(BaseModel):
    """A post's editable fields (a save: every one is stored as a revision)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_POST_EXAMPLE]})

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    slug: Slug | None = Field(default=None, description="Made from the title when absent.")
    excerpt: Annotated[str, StringConstraints(max_length=500)] = ""
    meta_description: Annotated[str, StringConstraints(max_length=300)] = ""
    body: Annotated[str, StringConstraints(max_length=100_000)] = ""
    cover_url: Annotated[str, StringConstraints(max_length=2000, pattern=r"^(https://|/)")] | None = None
    cover_alt: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] | None = None
    cover_width: int | None = Field(default=None, ge=1, le=10_000)
    cover_height: int | None = Field(default=None, ge=1, le=10_000)
    category: Slug | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=10)
    language: Language = "fr"
    translation_of: PostIdStr | None = None

    @model_validator(mode="after")
    def _cover(self) -> BlogPostIn:
        if self.cover_url and not self.cover_alt:
            raise ValueError("a cover image needs its alt text")
        if self.cover_url and not (self.cover_width and self.cover_height):
            raise ValueError("a cover image needs its width and height")
        return self


class BlogPostOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_POST_OUT]})

    id: str
    title: str
    slug: str
    excerpt: str
    meta_description: str
    body: str
    cover_url: str | None
    cover_alt: str | None
    cover_width: int | None
    cover_height: int | None
    category: str | None
    tags: list[str]
    language: Language
    translation_of: str | None
    author_id: str
    author_name: str
    status: Status
    publish_at: datetime | None
    published_at: datetime | None
    revision: int
    url: str = Field(description="The public page's path")
    created_at: datetime
    updated_at: datetime


class BlogPostSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_SUMMARY]})

    id: str
    title: str
    slug: str
    status: Status
    language: Language
    author_name: str
    publish_at: datetime | None
    published_at: datetime | None
    updated_at: datetime
    url: str


class BlogPostList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_SUMMARY]}]})

    items: list[BlogPostSummary]


class BlogPublishIn(BaseModel):
    """Publish now, or at `at` (a time without offset is Paris time)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"at": "2026-12-24T09:00:00"}]})

    at: datetime | None = None


class BlogStatusIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"status": "archived"}]})

    status: Literal["draft", "archived"]


class BlogRevisionSummary(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_REVISION]})

    number: int
    author_id: str = Field(description="The editor who saved this revision")
    author_name: str = Field(description="Their name when they saved it")
    title: str
    created_at: datetime


class BlogRevisionList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_REVISION]}]})

    items: list[BlogRevisionSummary]


class BlogRevisionDetail(BlogRevisionSummary):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_REVISION,
                    "snapshot": {"title": _POST_OUT["title"], "body": "## Pourquoi comparer"},
                    "diff": "--- r2\n+++ r3\n-## Pourquoi comparer\n+## Pourquoi comparer les modèles",
                }
            ]
        }
    )

    snapshot: dict[str, Any]
    diff: str = Field(description="Unified diff from this revision to the current post")


class BlogImageIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"media_id": "0" * 34}]})

    media_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{34}$")] = Field(
        description="An image of the editor's media library"
    )


class BlogImageOut(BaseModel):
    """A library image's public address, for the Markdown body or the cover."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": f"/blog/images/{'0' * 34}.png",
                    "width": 1024,
                    "height": 1024,
                    "content_type": "image/png",
                }
            ]
        }
    )

    url: str = Field(description="Same-site path, public and permanent (never a presigned URL)")
    width: int | None
    height: int | None
    content_type: str


class BlogCategoryIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_CATEGORY]})

    slug: Slug
    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    parent: Slug | None = None


class BlogCategoryOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CATEGORY]})

    slug: str
    name: str
    parent: str | None


class BlogCategoryList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_CATEGORY]}]})

    items: list[BlogCategoryOut]


class BlogCommentTicket(BaseModel):
    """Proof of when the comment form opened (sent back with the comment)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "ticket": "eyJhbGciOi…",
                    "min_seconds": 3.0,
                    "title": _POST_OUT["title"],
                    "url": _POST_OUT["url"],
                }
            ]
        }
    )

    ticket: str
    min_seconds: float
    title: str
    url: str


class BlogCommentIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"body": "Merci pour cet article !", "ticket": "…"}]}
    )

    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=5000)]
    parent_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{24}$")] | None = None
    ticket: Annotated[str, StringConstraints(max_length=2000)]
    website: Annotated[str, StringConstraints(max_length=500)] = Field(
        default="", description="Honeypot: left empty by people, filled by bots."
    )


class BlogCommentOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_COMMENT]})

    id: str
    post_id: str
    author_name: str
    body: str
    parent_id: str | None
    status: Literal["approved", "held", "rejected"]
    created_at: datetime


class BlogHeldComment(BlogCommentOut):
    model_config = ConfigDict(json_schema_extra={"examples": [_HELD]})

    author_id: str
    score: float
    reasons: list[str]
    post_title: str


class BlogCommentList(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_COMMENT]}]})

    items: list[BlogCommentOut]


class BlogModerationQueue(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_HELD]}]})

    items: list[BlogHeldComment]


class BlogModerationIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"action": "approve"}]})

    action: Literal["approve", "reject", "ban"]


class BlogAssistIn(BaseModel):
    """Ask up to four models for a suggestion on a paragraph or a brief."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"models": ["gpt-4o-mini", "claude-3-5-haiku"], "task": "title", "text": "…"}]
        },
    )

    models: list[Annotated[str, StringConstraints(max_length=100)]] = Field(min_length=1, max_length=4)
    task: Literal["rewrite", "continue", "brief", "title", "excerpt", "meta_description"]
    text: Annotated[str, StringConstraints(max_length=20_000)] = ""
    brief: Annotated[str, StringConstraints(max_length=2_000)] = ""
    language: Language = "fr"


class BlogSuggestion(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"model": "gpt-4o-mini", "text": "Comparer pour mieux choisir", "error": None}]
        }
    )

    model: str
    text: str | None
    error: str | None = None


class BlogAssistOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "suggestions": [
                        {"model": "gpt-4o-mini", "text": "Comparer pour mieux choisir", "error": None},
                        {"model": "claude-haiku-4-5", "text": None, "error": "rate_limited"},
                    ]
                }
            ]
        }
    )

    suggestions: list[BlogSuggestion]


class BlogSeoIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "title": _POST_OUT["title"],
                    "meta_description": _POST_OUT["meta_description"],
                    "body": _POST_OUT["body"],
                    "cover_url": None,
                    "cover_alt": None,
                }
            ]
        },
    )

    title: Annotated[str, StringConstraints(max_length=200)] = ""
    meta_description: Annotated[str, StringConstraints(max_length=300)] = ""
    body: Annotated[str, StringConstraints(max_length=100_000)] = ""
    cover_url: str | None = None
    cover_alt: str | None = None


class BlogSeoCheck(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_SEO_CHECK]})

    id: str
    ok: bool
    value: str


class BlogSeoReport(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"checks": [_SEO_CHECK], "reading_minutes": 4}]}
    )

    checks: list[BlogSeoCheck]
    reading_minutes: int


class BlogPostViews(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"id": _ID, "title": _POST_OUT["title"], "views": 128}]}
    )

    id: str
    title: str
    views: int


class BlogStats(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [{"id": _ID, "title": _POST_OUT["title"], "views": 128}]}]}
    )

    items: list[BlogPostViews]
