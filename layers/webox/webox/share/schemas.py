"""Share link bodies: what the owner manages, and the read-only view a link opens."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from webox.auth.fields import Email
from webox.export.schemas import ExportedError, ExportedUsage, ExportedVerdict
from webox.media.shared_schemas import SharedMedia
from webox.workflows.schemas import SharedWorkflow

Visibility = Literal["public", "private"]
Kind = Literal["conversation", "media", "workflow"]
MAX_EMAILS = 50
MAX_HOURS = 24 * 366
TargetId = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]
Emails = Annotated[list[Email], Field(max_length=MAX_EMAILS)]
ExpiresIn = Annotated[
    int | None, Field(ge=1, le=MAX_HOURS, description="Hours from now; null: the link never expires.")
]

_LINK_EXAMPLE: dict[str, Any] = {
    "id": "9f2c…64 hex",
    "kind": "conversation",
    "target_id": "3f9a0c1e5b7d4e2f8a6b1c3d5e7f9a0b",
    "title": "Plan du blog de décembre",
    "token": "q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6",
    "url": "https://webox.example/s/q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6",
    "visibility": "private",
    "allowed_emails": ["ada@example.com"],
    "expires_at": "2025-02-07T09:30:00Z",
    "created_at": "2025-01-31T09:30:00Z",
    "updated_at": "2025-01-31T09:30:00Z",
    "revoked": False,
    "revoked_at": None,
    "expired": False,
    "stats": {
        "views": 12,
        "unique_visitors": 7,
        "last_viewed_at": "2025-02-01T18:02:11Z",
        "referrers": {"linkedin.com": 5, "t.co": 2},
        "other_referrers": 0,
    },
}


def _distinct(emails: list[str]) -> list[str]:
    return list(dict.fromkeys(emails))


class LinkCreate(BaseModel):
    """A new link to one of the caller's items (`conversation_id`, or `kind` + `target_id`)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "conversation_id": "3f9a0c1e5b7d4e2f8a6b1c3d5e7f9a0b",
                    "visibility": "private",
                    "allowed_emails": ["ada@example.com"],
                    "expires_in_hours": 168,
                }
            ]
        },
    )

    kind: Kind = "conversation"
    conversation_id: TargetId | None = None
    target_id: TargetId | None = None
    visibility: Visibility = "public"
    allowed_emails: Emails = Field(
        default_factory=list, description="Private links: the signed-in users who may open it."
    )
    expires_in_hours: ExpiresIn = None

    @model_validator(mode="after")
    def _target(self) -> LinkCreate:
        if self.conversation_id and self.kind != "conversation":
            raise ValueError("conversation_id is only for conversation links")
        if self.conversation_id and self.target_id and self.conversation_id != self.target_id:
            raise ValueError("give conversation_id or target_id, not both")
        if not (self.conversation_id or self.target_id):
            raise ValueError("conversation_id (or target_id) is required")
        self.allowed_emails = _distinct(self.allowed_emails)
        return self

    @property
    def target(self) -> str:
        return self.target_id or self.conversation_id or ""


class LinkUpdate(BaseModel):
    """Change a link: only the fields sent change (`expires_in_hours: null` removes the expiry)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"expires_in_hours": 24, "visibility": "public"}]}
    )

    visibility: Visibility | None = None
    allowed_emails: Emails | None = None
    expires_in_hours: ExpiresIn = None

    @model_validator(mode="after")
    def _something(self) -> LinkUpdate:
        if not self.model_fields_set:
            raise ValueError("nothing to change")
        for name in ("visibility", "allowed_emails"):
            if name in self.model_fields_set and getattr(self, name) is None:
                raise ValueError(f"{name} cannot be null")
        if self.allowed_emails is not None:
            self.allowed_emails = _distinct(self.allowed_emails)
        return self


class LinkStats(BaseModel):
    views: int
    unique_visitors: int = Field(
        description="Distinct signed-in accounts, plus distinct anonymous (address, browser) pairs per day."
    )
    last_viewed_at: datetime | None
    referrers: dict[str, int] = Field(description="Views by referring domain (at most 20 domains).")
    other_referrers: int = Field(description="Views from referring domains past those 20.")


class LinkOut(BaseModel):
    """A link as its owner sees it (never shown to anyone else)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_LINK_EXAMPLE]})

    id: str
    kind: str
    target_id: str
    title: str = Field(description="The shared item's title when the link was made.")
    token: str
    url: str = Field(description="`<public_url>/s/<token>`: the page the SPA serves.")
    visibility: Visibility
    allowed_emails: list[str]
    expires_at: datetime | None
    created_at: datetime
    updated_at: datetime
    revoked: bool
    revoked_at: datetime | None
    expired: bool
    stats: LinkStats


class LinkPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_LINK_EXAMPLE], "next_cursor": None}]}
    )

    items: list[LinkOut]
    next_cursor: str | None = None


class SharedAnswer(BaseModel):
    model: str
    model_name: str
    status: str
    text: str
    usage: ExportedUsage
    ttft_ms: int | None
    duration_ms: int | None
    error: ExportedError | None = None
    simulated: bool = False


class SharedTurn(BaseModel):
    turn: int
    created_at: datetime
    content: str
    models: list[str]
    chosen_model: str | None
    answers: list[SharedAnswer]
    verdict: ExportedVerdict | None = None


class SharedConversation(BaseModel):
    """A conversation as a link shows it: messages, answers, verdicts; no costs, settings or ids."""

    title: str
    created_at: datetime
    updated_at: datetime
    turns: list[SharedTurn]


class SharedView(BaseModel):
    """What `/s/<token>` shows: the shared item, read-only, for its `kind`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "kind": "conversation",
                    "title": "Plan de lancement du podcast",
                    "shared_at": "2026-11-24T09:00:00Z",
                    "expires_at": None,
                    "conversation": {
                        "title": "Plan de lancement du podcast",
                        "created_at": "2026-11-24T08:12:00Z",
                        "updated_at": "2026-11-24T08:40:00Z",
                        "turns": [
                            {
                                "turn": 1,
                                "created_at": "2026-11-24T08:12:00Z",
                                "content": "Propose trois titres pour un podcast sur la cuisine lyonnaise.",
                                "models": ["gpt-4o-mini"],
                                "chosen_model": None,
                                "answers": [
                                    {
                                        "model": "gpt-4o-mini",
                                        "model_name": "GPT-4o mini",
                                        "status": "done",
                                        "text": "1. Les Bouchons du Rhône\n2. Quenelles & Cie\n3. Mâchon Radio",
                                        "usage": {"input_tokens": 28, "output_tokens": 31},
                                        "ttft_ms": 410,
                                        "duration_ms": 1350,
                                        "error": None,
                                        "simulated": False,
                                    }
                                ],
                                "verdict": None,
                            }
                        ],
                    },
                    "media": None,
                    "workflow": None,
                }
            ]
        }
    )

    kind: str
    title: str
    shared_at: datetime
    expires_at: datetime | None
    conversation: SharedConversation | None = None
    media: SharedMedia | None = None
    workflow: SharedWorkflow | None = None
