"""Chat inputs and outputs: the WebSocket frames, the REST bodies, and the stored turn as the SPA reads it."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from webox.verification.schemas import ErrorOut, Verdict

MAX_MODELS = 12
MAX_CONTENT = 32_000

Identifier = Annotated[str, StringConstraints(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")]
ModelId = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=r"^[A-Za-z0-9._:/-]+$")]


class ChatParams(BaseModel):
    """Generation parameters a turn keeps."""

    model_config = ConfigDict(extra="forbid")

    temperature: float | None = Field(default=None, ge=0, le=2, examples=[0.7])
    max_tokens: int | None = Field(default=None, ge=1, le=16_000, examples=[800])
    system: str | None = Field(
        default=None, max_length=20_000, examples=["Réponds en français, en 5 lignes."]
    )


class Pick(BaseModel):
    """Carry on from one model's answer: later turns see that answer as the conversation's reply."""

    turn: int = Field(ge=1)
    model: ModelId


class TurnRequest(BaseModel):
    """What the user sends: one message to one or more models."""

    model_config = ConfigDict(extra="forbid")

    models: list[ModelId] = Field(
        min_length=1, max_length=MAX_MODELS, examples=[["gpt-4o", "claude-sonnet-4-6"]]
    )
    content: str = Field(
        min_length=1, max_length=MAX_CONTENT, examples=["Explique la photosynthèse simplement."]
    )
    params: ChatParams = Field(default_factory=ChatParams)
    verify: bool = Field(default=True, description="Cross-verify the answers when two or more models answer.")
    pick: Pick | None = None
    assistant_id: Identifier | None = Field(
        default=None,
        examples=["redacteur"],
        description="Apply an assistant: its system prompt and parameters, unless `params` sets them.",
    )

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


class ConversationCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, min_length=1, max_length=200, examples=["Idées d'articles"])


class ConversationRename(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str = Field(min_length=1, max_length=200, examples=["Plan du blog de décembre"])


class UsageOut(BaseModel):
    input_tokens: int = 0
    output_tokens: int = 0


class AnswerOut(BaseModel):
    """One model's answer in a turn."""

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
    turn: int
    request_id: str | None
    content: str
    models: list[str]
    params: ChatParams
    chosen_model: str | None = None
    verify: bool = True
    assistant_id: str | None = None
    created_at: datetime
    answers: list[AnswerOut]
    verdict: Verdict | None = None


class ConversationOut(BaseModel):
    id: str
    title: str
    created_at: datetime
    updated_at: datetime
    turn_count: int
    last_models: list[str]


class ConversationDetail(ConversationOut):
    turns: list[TurnOut]


class ConversationPage(BaseModel):
    items: list[ConversationOut]
    next_cursor: str | None = None


class TurnStarted(BaseModel):
    """What `chat.send` answers at once (also pushed as `chat.started`)."""

    request_id: str
    conversation_id: str
    turn: int
    models: list[str]
