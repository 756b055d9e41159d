"""The verdict a judge model gives on a turn's answers."""

from __future__ import annotations

from pydantic import BaseModel, Field


class ErrorOut(BaseModel):
    code: str
    message: str


class Contradiction(BaseModel):
    topic: str = Field(max_length=300)
    claims: dict[str, str] = Field(description="What each model claims on this topic, by model id.")


class Verdict(BaseModel):
    """Cross-verification of a turn's answers by a judge model."""

    judge_model: str
    agreement: int = Field(ge=0, le=100)
    shared_points: list[str] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    fused_answer: str = ""
    simulated: bool = False
    error: ErrorOut | None = None
