"""Chat inputs and outputs: the WebSocket frames, the REST bodies, and the stored turn as the SPA reads it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from webox.verification.schemas import ErrorOut, Verdict

MAX_MODELS = 12
MAX_CONTENT = 32_000
MAX_ATTACHMENTS = 4

Identifier = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]
ModelId = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._:/-]+$")]
UploadId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]


_CONVERSATION_EXAMPLE: dict[str, Any] = {
    "id": "3f2a9c1e5b7d4e8fa0c6b2d4e6f8a1c3",
    "title": "Plan de lancement du podcast",
    "created_at": "2026-11-24T08:12:00Z",
    "updated_at": "2026-11-24T08:40:00Z",
    "turn_count": 2,
    "last_models": ["gpt-4o-mini", "claude-haiku-4-5"],
    "pinned": False,
}


_ANSWER_EXAMPLE: dict[str, Any] = {
    "model": "gpt-4o-mini",
    "status": "done",
    "text": "1. Les Bouchons du Rhône\n2. Quenelles & Cie\n3. Mâchon Radio",
    "usage": {"input_tokens": 28, "output_tokens": 31},
    "cost": 2.28e-05,
    "ttft_ms": 410,
    "duration_ms": 1350,
    "error": None,
    "simulated": False,
}


_TURN_EXAMPLE: dict[str, Any] = {
    "turn": 1,
    "parent": None,
    "versions": [1],
    "request_id": "r-7c1e2a",
    "content": "Propose trois titres pour un podcast sur la cuisine lyonnaise.",
    "models": ["gpt-4o-mini", "claude-haiku-4-5"],
    "params": {"temperature": 0.7, "max_tokens": 800, "system": None},
    "chosen_model": None,
    "verify": False,
    "assistant_id": None,
    "created_at": "2026-11-24T08:12:00Z",
    "answers": [_ANSWER_EXAMPLE],
    "verdict": None,
}


class ChatParams(BaseModel):
    """Generation parameters a turn keeps."""

    model_config = ConfigDict(extra="forbid")

    temperature: float | None = Field(default=None, ge=0, le=2, examples=[0.7])
    max_tokens: int | None = Field(default=None, ge=1, le=16_000, examples=[800])
    system: str | None = Field(
        default=None, max_length=20_000, examples=["Réponds en français, en 5 lignes."]
    )


class AttachmentOut(BaseModel):
    """A file attached to a message: an image (seen by the models that read images) or a document
    whose text went with the message (`truncated`: only its beginning fitted)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "upload_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d1",
                    "kind": "document",
                    "filename": "devis.pdf",
                    "content_type": "application/pdf",
                    "size": 48213,
                    "truncated": False,
                }
            ]
        }
    )

    upload_id: str
    kind: Literal["image", "document"]
    filename: str
    content_type: str
    size: int
    truncated: bool = False


class Pick(BaseModel):
    """Carry on from one model's answer: later turns see that answer as the conversation's reply."""

    turn: int = Field(ge=1)
    model: ModelId


class TurnRequest(BaseModel):
    """What the user sends: one message to one or more models."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "models": ["gpt-4o-mini", "claude-haiku-4-5"],
                    "content": "Propose trois titres pour un podcast sur la cuisine lyonnaise.",
                    "params": {"temperature": 0.7, "max_tokens": 800},
                    "verify": True,
                }
            ]
        },
        extra="forbid",
    )

    models: list[ModelId] = Field(
        min_length=1, max_length=MAX_MODELS, examples=[["gpt-4o", "claude-sonnet-4-6"]]
    )
    content: str = Field(
        min_length=1, max_length=MAX_CONTENT, examples=["Explique la photosynthèse simplement."]
    )
    params: ChatParams = Field(default_factory=ChatParams)
    verify: bool = Field(default=True, description="Cross-verify the answers when two or more models answer.")
    judge: ModelId | None = Field(
        default=None,
        description="The model that cross-verifies the answers; absent: chosen among the models your "
        "plan or your own keys allow; `null`: no cross-verification.",
        examples=["claude-haiku-4-5"],
    )
    pick: Pick | None = None
    edit_of: int | None = Field(
        default=None,
        ge=1,
        description="Send this message as a new version of that turn's message (edit and resend, or "
        "regenerate with the same text): the conversation branches there, the earlier version and "
        "what followed it are kept.",
        examples=[2],
    )
    assistant_id: Identifier | None = Field(
        default=None,
        examples=["redacteur"],
        description="Apply an assistant: its system prompt and parameters, unless `params` sets them.",
    )
    attachments: list[UploadId] = Field(
        default_factory=list,
        max_length=MAX_ATTACHMENTS,
        description="Completed uploads (`POST /api/media/uploads`, kind `image` or `document`) to attach: "
        "images go to the models that read images, a document's text goes with the message. An edit "
        "without any keeps the edited message's.",
        examples=[["0193a5c1e2f4a1b2c3d4e5f6a7b8c9d1"]],
    )

    @field_validator("attachments")
    @classmethod
    def _distinct_files(cls, attachments: list[str]) -> list[str]:
        if len(set(attachments)) != len(attachments):
            raise ValueError("each file may be attached once")
        return attachments

    @field_validator("models")
    @classmethod
    def _distinct(cls, models: list[str]) -> list[str]:
        if len(set(models)) != len(models):
            raise ValueError("each model may be chosen once")
        return models

    @field_validator("content")
    @classmethod
    def _not_blank(cls, content: str) -> str:
        if not content.strip():
            raise ValueError("the message is empty")
        return content

    @property
    def judge_off(self) -> bool:
        """Whether the request turned the judge off (`"judge": null` or `"verify": false`)."""
        return not self.verify or ("judge" in self.model_fields_set and self.judge is None)


class ConversationCreate(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"title": "Idées d'articles"}]}, extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200, examples=["Idées d'articles"])


class ConversationRename(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"title": "Plan du blog de décembre"}]}, extra="forbid"
    )

    title: str = Field(min_length=1, max_length=200, examples=["Plan du blog de décembre"])


class UsageOut(BaseModel):
    input_tokens: int = 0
    output_tokens: int = 0


class AnswerOut(BaseModel):
    """One model's answer in a turn."""

    model_config = ConfigDict(json_schema_extra={"examples": [_ANSWER_EXAMPLE]})

    model: str
    status: Literal["pending", "streaming", "done", "error", "stopped"]
    text: str = ""
    usage: UsageOut = Field(default_factory=UsageOut)
    cost: float = 0.0
    ttft_ms: int | None = None
    duration_ms: int | None = None
    error: ErrorOut | None = None
    simulated: bool = False


class TurnOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_TURN_EXAMPLE]})

    turn: int
    parent: int | None = Field(
        default=None, description="The turn this one follows (null: the first message)."
    )
    versions: list[int] = Field(
        default_factory=list,
        description="Every version of this message (the turns sharing its parent, oldest first): "
        "editing a message or regenerating its answers adds one.",
    )
    request_id: str | None
    content: str
    models: list[str]
    params: ChatParams
    chosen_model: str | None = None
    verify: bool = True
    judge: str | None = None
    assistant_id: str | None = None
    assistant_name: str | None = None
    attachments: list[AttachmentOut] = Field(default_factory=list)
    created_at: datetime
    answers: list[AnswerOut]
    verdict: Verdict | None = None


class ConversationOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_CONVERSATION_EXAMPLE]})

    id: str
    title: str
    created_at: datetime
    updated_at: datetime
    turn_count: int
    last_models: list[str]
    pinned: bool = False


_RUN_EXAMPLE: dict[str, Any] = {
    "run_id": "0190f3c2a1b2c3d4e5f6a7b8c9d0e1f2",
    "title": "Article de blog SEO",
    "after_turn": 1,
    "created_at": "2026-12-01T09:30:00Z",
}


class ConversationRunIn(BaseModel):
    """A workflow run started from the conversation (`/workflow`), to show there from now on."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"title": "Article de blog SEO"}]}
    )

    title: str = Field(min_length=1, max_length=200)


class ConversationRun(BaseModel):
    """A workflow run started from the conversation, after its turn `after_turn` (0: before any).
    Its card reads the run itself (`GET /api/tasks/{run_id}`), which only its owner can."""

    model_config = ConfigDict(json_schema_extra={"examples": [_RUN_EXAMPLE]})

    run_id: str
    title: str
    after_turn: int
    created_at: datetime


class ConversationDetail(ConversationOut):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_CONVERSATION_EXAMPLE,
                    "turn_count": 1,
                    "turns": [_TURN_EXAMPLE],
                    "workflow_runs": [_RUN_EXAMPLE],
                }
            ]
        }
    )

    turns: list[TurnOut]
    workflow_runs: list[ConversationRun] = Field(default_factory=list)


class ConversationPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_CONVERSATION_EXAMPLE], "next_cursor": None}]}
    )

    items: list[ConversationOut]
    next_cursor: str | None = None


class TurnStarted(BaseModel):
    """What `chat.send` answers at once (also pushed as `chat.started`)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "request_id": "r-7c1e2a",
                    "conversation_id": "3f2a9c1e5b7d4e8fa0c6b2d4e6f8a1c3",
                    "turn": 2,
                    "models": ["gpt-4o-mini", "claude-haiku-4-5"],
                }
            ]
        }
    )

    request_id: str
    conversation_id: str
    turn: int
    models: list[str]


class VersionChoice(BaseModel):
    """Which version of a message to show: the conversation then shows its branch."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"turn": 3}]}, extra="forbid")

    turn: int = Field(ge=1, description="The turn (one of a message's `versions`) to show.")


class Highlight(BaseModel):
    """Where a searched word falls in a snippet (character offsets, end excluded)."""

    start: int
    end: int


_HIT_EXAMPLE: dict[str, Any] = {
    "conversation_id": "3f2a9c1e5b7d4e8fa0c6b2d4e6f8a1c3",
    "title": "Plan de lancement du podcast",
    "turn": 2,
    "model": "gpt-4o-mini",
    "snippet": "…la photosynthèse transforme la lumière en énergie chimique…",
    "highlights": [{"start": 4, "end": 17}],
    "created_at": "2026-11-24T08:40:00Z",
}


class MessageHit(BaseModel):
    """A message or an answer that holds every searched word."""

    model_config = ConfigDict(json_schema_extra={"examples": [_HIT_EXAMPLE]})

    conversation_id: str
    title: str
    turn: int
    model: str | None = Field(description="The model whose answer matched; null: the user's own message.")
    snippet: str
    highlights: list[Highlight]
    created_at: datetime


class MessageSearchPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_HIT_EXAMPLE], "next_cursor": None}]}
    )

    items: list[MessageHit]
    next_cursor: str | None = None
