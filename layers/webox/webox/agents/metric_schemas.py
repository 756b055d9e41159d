"""An agent's metrics as answered: by the agents API and inside the dashboard's usage, which needs
them without the agents' other schemas (and the task schemas they build on)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

METRICS_EXAMPLE: dict[str, Any] = {
    "agent_id": "ventes",
    "days": 30,
    "runs": 42,
    "succeeded": 39,
    "failed": 3,
    "success_rate": 0.929,
    "median_steps": 4,
    "cost_micro_usd": 126000,
    "cost_per_success_micro_usd": 3231,
    "tool_calls": 118,
    "tool_errors": 5,
    "tool_error_rate": 0.042,
    "p50_duration_ms": 8400,
    "p95_duration_ms": 21500,
}


class AgentMetrics(BaseModel):
    """An agent's results over the last `days` days (from daily counters)."""

    model_config = ConfigDict(json_schema_extra={"examples": [METRICS_EXAMPLE]})

    agent_id: str
    days: int
    runs: int
    succeeded: int
    failed: int
    success_rate: float | None
    median_steps: int | None
    cost_micro_usd: int
    cost_per_success_micro_usd: int | None
    tool_calls: int
    tool_errors: int
    tool_error_rate: float | None
    p50_duration_ms: int | None
    p95_duration_ms: int | None
