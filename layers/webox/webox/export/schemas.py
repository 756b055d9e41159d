"""The conversation export document: the JSON format, versioned, and what every other format prints.

Schema `webox.conversation-export`, version 1. Within a version, fields are only ever added, never
renamed or removed; a breaking change bumps `version`. Times are ISO 8601 UTC, costs USD, durations
milliseconds. `turns` are in order; each turn's `answers` follow the order the models were chosen in.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT_NAME: Literal["webox.conversation-export"] = "webox.conversation-export"
VERSION: Literal[1] = 1
Format = Literal["json", "md", "html", "txt", "pdf"]


class ExportedUsage(BaseModel):
    input_tokens: int = 0
    output_tokens: int = 0


class ExportedError(BaseModel):
    code: str
    message: str


class ExportedAnswer(BaseModel):
    """One model's answer, as the user saw it."""

    model: str = Field(description="WeBox model id, e.g. `gpt-4o-mini`.")
    model_name: str = Field(description="The model's display name, e.g. `GPT-4o mini`.")
    vendor: str | None = None
    status: Literal["pending", "streaming", "done", "error", "stopped"]
    text: str = Field(description="The answer as the model wrote it (Markdown; untrusted).")
    usage: ExportedUsage
    cost: float = Field(description="USD.")
    ttft_ms: int | None = Field(description="Time to the first token.")
    duration_ms: int | None
    error: ExportedError | None = None
    simulated: bool = False


class ExportedContradiction(BaseModel):
    topic: str
    claims: dict[str, str] = Field(description="What each model claims, by model id.")


class ExportedVerdict(BaseModel):
    """The cross-verification of a turn's answers by a judge model."""

    judge_model: str
    agreement: int = Field(ge=0, le=100, description="How much the answers agree, 0–100.")
    shared_points: list[str]
    contradictions: list[ExportedContradiction]
    fused_answer: str = Field(description="The best answer fused from all (Markdown; untrusted).")
    error: ExportedError | None = None
    simulated: bool = False


class ExportedParams(BaseModel):
    temperature: float | None = None
    max_tokens: int | None = None
    system: str | None = None


class ExportedTurn(BaseModel):
    turn: int
    created_at: datetime
    content: str = Field(description="The user's message.")
    models: list[str]
    chosen_model: str | None = Field(description="The answer the user picked to carry on from.")
    params: ExportedParams
    answers: list[ExportedAnswer]
    verdict: ExportedVerdict | None = None


class ExportedTotals(BaseModel):
    input_tokens: int
    output_tokens: int
    cost: float


class ExportedConversation(BaseModel):
    id: str
    title: str
    created_at: datetime
    updated_at: datetime
    turn_count: int


class ConversationExport(BaseModel):
    """A whole conversation: every turn, every model's answer and every verdict."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "format": "webox.conversation-export",
                    "version": 1,
                    "exported_at": "2026-11-24T10:00:00Z",
                    "conversation": {
                        "id": "3f2a9c1e5b7d4e8fa0c6b2d4e6f8a1c3",
                        "title": "Plan de lancement du podcast",
                        "created_at": "2026-11-24T08:12:00Z",
                        "updated_at": "2026-11-24T08:40:00Z",
                        "turn_count": 1,
                    },
                    "totals": {"input_tokens": 56, "output_tokens": 75, "cost": 6.12e-05},
                    "turns": [
                        {
                            "turn": 1,
                            "created_at": "2026-11-24T08:12:00Z",
                            "content": "Propose trois titres pour un podcast sur la cuisine lyonnaise.",
                            "models": ["gpt-4o-mini", "mistral-small-latest"],
                            "chosen_model": "gpt-4o-mini",
                            "params": {"temperature": 0.7, "max_tokens": None, "system": None},
                            "answers": [
                                {
                                    "model": "gpt-4o-mini",
                                    "model_name": "GPT-4o mini",
                                    "vendor": "openai",
                                    "status": "done",
                                    "text": "1. Les Bouchons du Rhône\n2. Quenelles & Cie\n3. Mâchon Radio",
                                    "usage": {"input_tokens": 28, "output_tokens": 31},
                                    "cost": 2.28e-05,
                                    "ttft_ms": 410,
                                    "duration_ms": 1350,
                                    "error": None,
                                    "simulated": False,
                                },
                                {
                                    "model": "mistral-small-latest",
                                    "model_name": "Mistral Small",
                                    "vendor": "mistral",
                                    "status": "done",
                                    "text": "1. Lyon à table\n2. Le Gone gourmand\n3. Saveurs des traboules",
                                    "usage": {"input_tokens": 28, "output_tokens": 44},
                                    "cost": 3.84e-05,
                                    "ttft_ms": 380,
                                    "duration_ms": 1120,
                                    "error": None,
                                    "simulated": False,
                                },
                            ],
                            "verdict": {
                                "judge_model": "claude-haiku-4-5",
                                "agreement": 72,
                                "shared_points": ["Des titres courts qui évoquent Lyon"],
                                "contradictions": [],
                                "fused_answer": "1. Les Bouchons du Rhône\n2. Le Gone gourmand\n3. Mâchon Radio",
                                "error": None,
                                "simulated": False,
                            },
                        }
                    ],
                }
            ]
        }
    )

    format: Literal["webox.conversation-export"] = FORMAT_NAME
    version: Literal[1] = VERSION
    exported_at: datetime
    conversation: ExportedConversation
    totals: ExportedTotals
    turns: list[ExportedTurn]


class Exported(BaseModel):
    """A rendered export: the bytes to send and how to name them."""

    body: bytes
    media_type: str
    filename: str
