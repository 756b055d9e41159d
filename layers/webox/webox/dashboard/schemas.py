"""What the dashboard answers: usage statistics and the history timeline."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from webox.agents.metric_schemas import METRICS_EXAMPLE, AgentMetrics

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

    model_config = ConfigDict(
        json_schema_extra={"examples": [_COUNTERS_EXAMPLE]}, json_schema_serialization_defaults_required=True
    )

    requests: int = 0
    input_tokens: int = 0
    output_tokens: int = 0
    cost_micro_usd: int = 0
    errors: int = 0
    avg_ttft_ms: int | None = None
    avg_duration_ms: int | None = None


class DayCounters(Counters):
    model_config = ConfigDict(json_schema_extra={"examples": [{**_COUNTERS_EXAMPLE, "date": "2026-11-24"}]})

    date: str = Field(examples=["2026-11-24"])


class ModelCounters(Counters):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {**_COUNTERS_EXAMPLE, "model": "gpt-4o-mini", "model_name": "GPT-4o mini", "vendor": "openai"}
            ]
        }
    )

    model: str
    model_name: str
    vendor: str


class FeatureCounters(Counters):
    model_config = ConfigDict(json_schema_extra={"examples": [{**_COUNTERS_EXAMPLE, "feature": "chat"}]})

    feature: str = Field(examples=["chat", "gateway", "verification", "media"])


class UserCounters(Counters):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_COUNTERS_EXAMPLE,
                    "user_id": "8f14e45fceea167a5a36dedd4bea2543",
                    "email": "camille.durand@example.fr",
                }
            ]
        }
    )

    user_id: str
    email: str | None = None


class VendorErrors(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"vendor": "mistral", "errors": 2, "requests": 40, "error_rate": 0.05}]
        }
    )

    vendor: str
    errors: int
    requests: int
    error_rate: float = Field(description="errors / requests, 0 when there were no requests")


_USAGE_EXAMPLE: dict[str, Any] = {
    "from": "2026-11-18",
    "to": "2026-11-24",
    "days": 7,
    "totals": _COUNTERS_EXAMPLE,
    "series": [{**_COUNTERS_EXAMPLE, "date": "2026-11-24"}],
    "by_model": [
        {**_COUNTERS_EXAMPLE, "model": "gpt-4o-mini", "model_name": "GPT-4o mini", "vendor": "openai"}
    ],
    "by_feature": [{**_COUNTERS_EXAMPLE, "feature": "chat"}],
}


class UsageStats(BaseModel):
    """A user's usage over the last `days` days (today included), one entry per day."""

    model_config = ConfigDict(json_schema_extra={"examples": [_USAGE_EXAMPLE]}, populate_by_name=True)

    from_: str = Field(alias="from", serialization_alias="from", examples=["2026-10-26"])
    to: str = Field(examples=["2026-11-24"])
    days: int
    totals: Counters
    series: list[DayCounters]
    by_model: list[ModelCounters]
    by_feature: list[FeatureCounters]


class AdminUsageStats(UsageStats):
    """The platform's usage: the same views plus the top users by cost and errors per vendor."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_USAGE_EXAMPLE,
                    "by_user": [
                        {
                            **_COUNTERS_EXAMPLE,
                            "user_id": "8f14e45fceea167a5a36dedd4bea2543",
                            "email": "camille.durand@example.fr",
                        }
                    ],
                    "errors_by_vendor": [
                        {"vendor": "mistral", "errors": 2, "requests": 40, "error_rate": 0.05}
                    ],
                }
            ]
        }
    )

    by_user: list[UserCounters]
    errors_by_vendor: list[VendorErrors]


class TimelineItem(BaseModel):
    """One entry of the history: a conversation, a media item or a job."""

    kind: TimelineKind
    id: str
    title: str
    subtitle: str | None = None
    status: str | None = None
    # What the subtitle says, for a page to word in its reader's language: the models (registry ids)
    # and, for media, the item's or the job's kind (`image`, `speech`, `transcription`…).
    models: list[str] = Field(default_factory=list)
    media_kind: str | None = None
    created_at: datetime
    updated_at: datetime
    path: str = Field(examples=["/chat/3f2a…"], description="Where the SPA opens it")


class TimelinePage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "kind": "conversation",
                            "id": "3f2a9c1e5b7d4e8fa0c6b2d4e6f8a1c3",
                            "title": "Plan de lancement du podcast",
                            "subtitle": "gpt-4o-mini, claude-haiku-4-5",
                            "status": None,
                            "created_at": "2026-11-24T08:12:00Z",
                            "updated_at": "2026-11-24T08:40:00Z",
                            "path": "/chat/3f2a9c1e5b7d4e8fa0c6b2d4e6f8a1c3",
                        }
                    ],
                    "next_cursor": None,
                }
            ]
        }
    )

    items: list[TimelineItem]
    next_cursor: str | None = None


class AgentRow(AgentMetrics):
    """One agent's metrics, named."""

    # The metrics' example, with the name (the parent's example lacks the fields added here).
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **METRICS_EXAMPLE,
                    "name": "Ventes",
                    "builtin": True,
                }
            ]
        }
    )

    name: str = Field(examples=["Ventes"])
    builtin: bool = Field(examples=[True])


class AgentUsage(BaseModel):
    """Per-agent metrics of the caller's agents that ran in the period, most runs first."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "days": 30,
                    "agents": [
                        {
                            "agent_id": "ventes",
                            "name": "Ventes",
                            "builtin": True,
                            "days": 30,
                            "runs": 12,
                            "succeeded": 11,
                            "failed": 1,
                            "success_rate": 0.9167,
                            "median_steps": 3,
                            "cost_micro_usd": 36000,
                            "cost_per_success_micro_usd": 3100,
                            "tool_calls": 20,
                            "tool_errors": 1,
                            "tool_error_rate": 0.05,
                            "p50_duration_ms": 10000,
                            "p95_duration_ms": 30000,
                        }
                    ],
                }
            ]
        }
    )

    days: int
    agents: list[AgentRow]
