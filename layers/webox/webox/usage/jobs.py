"""A usage line: one model call to record, as the gateway writes it on its log (the worker bumps its
counters)."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field


class UsageMessage(BaseModel):
    """A `Usage`, as written on the log; `at` is when the call happened, not when it is recorded."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    user_id: str = Field(min_length=1, max_length=64)
    feature: str = Field(min_length=1, max_length=32)
    model: str = Field(min_length=1, max_length=128)
    vendor: str = Field(min_length=1, max_length=64)
    request_id: str = Field(min_length=1, max_length=128)
    status: str = Field(min_length=1, max_length=32)
    input_tokens: int = Field(default=0, ge=0)
    output_tokens: int = Field(default=0, ge=0)
    cost: float = Field(default=0.0, ge=0)
    ttft_ms: int | None = None
    duration_ms: int | None = None
    error_code: str | None = None
    simulated: bool = False
    billed: bool = False
    at: datetime
