"""What the dashboard answers: usage statistics and the history timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Window = Literal[7, 30, 90]
TimelineKind = Literal["conversation", "media", "job"]

_COUNTERS_EXAMPLE: dict[str, Any] = {
    "requests": 12,
    "input_tokens": 3400,
    "output_tokens": 9100,
    "cost_micro_usd": 41250,
    "errors": 1,
    "avg_ttft_ms": 420,
    "avg_duration_ms": 2300,
}


class Counters(BaseModel):
    """Sums over a period; averages over the calls that measured them (None when none did)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_COUNTERS_EXAMPLE]})

    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_micro_usd: int = 0
    errors: int = 0
    avg_ttft_ms: int | None = None
    avg_duration_ms: int | None = None


class DayCounters(Counters):
    date: str = Field(examples=["2026-11-24"])


class ModelCounters(Counters):
    model: str
    model_name: str
    vendor: str


class FeatureCounters(Counters):
    feature: str = Field(examples=["chat", "gateway", "verification", "media"])


class UserCounters(Counters):
    user_id: str
    email: str | None = None


class VendorErrors(BaseModel):
    vendor: str
    errors: int
    requests: int
    error_rate: float = Field(description="errors / requests, 0 when there were no requests")


class UsageStats(BaseModel):
    """A user's usage over the last `days` days (today included), one entry per day."""

    model_config = ConfigDict(populate_by_name=True)

    from_: str = Field(alias="from", serialization_alias="from", examples=["2026-10-26"])
    to: str = Field(examples=["2026-11-24"])
    days: int
    totals: Counters
    series: list[DayCounters]
    by_model: list[ModelCounters]
    by_feature: list[FeatureCounters]


class AdminUsageStats(UsageStats):
    """The platform's usage: the same views plus the top users by cost and errors per vendor."""

    by_user: list[UserCounters]
    errors_by_vendor: list[VendorErrors]


class TimelineItem(BaseModel):
    """One entry of the history: a conversation, a media item or a job."""

    kind: TimelineKind
    id: str
    title: str
    subtitle: str | None = None
    status: str | None = None
    created_at: datetime
    updated_at: datetime
    path: str = Field(examples=["/chat/3f2a…"], description="Where the SPA opens it")


class TimelinePage(BaseModel):
    items: list[TimelineItem]
    next_cursor: str | None = None
