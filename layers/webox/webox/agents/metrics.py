"""Per-agent metrics from daily counters: what one agent step adds, and what 7/30/90 days add up to.

Durations and step counts are kept as histograms (one counter per bucket), so percentiles come from
counters too: a percentile is the upper bound of the bucket where it falls (durations are reported
to within their bucket: 0.5 s, 1 s, 2 s, 5 s, 10 s, 20 s, 30 s, 1 min, 2 min, 5 min, 15 min).
"""

from __future__ import annotations

from datetime import timedelta

from webox.agents import repository
from webox.agents.errors import UnknownPeriod
from webox.agents.metric_schemas import AgentMetrics
from webox.db import utcnow

DURATION_BOUNDS_MS = (500, 1000, 2000, 5000, 10_000, 20_000, 30_000, 60_000, 120_000, 300_000, 900_000)
MAX_STEP_BUCKET = 20
PERIODS = (7, 30, 90)


def _duration_bucket(duration_ms: int) -> int:
    for index, bound in enumerate(DURATION_BOUNDS_MS):
        if duration_ms <= bound:
            return index
    return len(DURATION_BOUNDS_MS) - 1


def record(
    user_id: str,
    agent_id: str,
    *,
    succeeded: bool,
    steps: int,
    cost_micro_usd: int,
    duration_ms: int,
    tool_calls: int,
    tool_errors: int,
) -> None:
    """Count one agent step (call it through `ctx.once`: counters are not idempotent)."""
    counters = {
        "runs": 1,
        "succeeded" if succeeded else "failed": 1,
        "cost": cost_micro_usd,
        "tool_calls": tool_calls,
        "tool_errors": tool_errors,
        f"d{_duration_bucket(duration_ms)}": 1,
        f"s{min(max(steps, 1), MAX_STEP_BUCKET)}": 1,
    }
    if succeeded:
        counters["success_cost"] = cost_micro_usd
    repository.add_counters(user_id, agent_id, utcnow().date().isoformat(), counters)


def _percentile(histogram: list[int], bounds: list[int], fraction: float) -> int | None:
    total = sum(histogram)
    if not total:
        return None
    rank = fraction * total
    seen = 0
    for count, bound in zip(histogram, bounds, strict=True):
        seen += count
        if seen >= rank:
            return bound
    return bounds[-1]


def summary(user_id: str, agent_id: str, days: int) -> AgentMetrics:
    """An agent's metrics over the last `days` days (7, 30 or 90), today included."""
    if days not in PERIODS:
        raise UnknownPeriod()
    today = utcnow().date()
    items = repository.counters(
        user_id, agent_id, (today - timedelta(days=days - 1)).isoformat(), today.isoformat()
    )
    total: dict[str, int] = {}
    for item in items:
        for name, value in item.items():
            total[name] = total.get(name, 0) + value
    runs, succeeded = total.get("runs", 0), total.get("succeeded", 0)
    tool_calls, tool_errors = total.get("tool_calls", 0), total.get("tool_errors", 0)
    durations = [total.get(f"d{i}", 0) for i in range(len(DURATION_BOUNDS_MS))]
    steps = [total.get(f"s{i}", 0) for i in range(1, MAX_STEP_BUCKET + 1)]
    step_values = list(range(1, MAX_STEP_BUCKET + 1))
    return AgentMetrics(
        agent_id=agent_id,
        days=days,
        runs=runs,
        succeeded=succeeded,
        failed=total.get("failed", 0),
        success_rate=round(succeeded / runs, 4) if runs else None,
        median_steps=_percentile(steps, step_values, 0.5),
        cost_micro_usd=total.get("cost", 0),
        cost_per_success_micro_usd=total.get("success_cost", 0) // succeeded if succeeded else None,
        tool_calls=tool_calls,
        tool_errors=tool_errors,
        tool_error_rate=round(tool_errors / tool_calls, 4) if tool_calls else None,
        p50_duration_ms=_percentile(durations, list(DURATION_BOUNDS_MS), 0.5),
        p95_duration_ms=_percentile(durations, list(DURATION_BOUNDS_MS), 0.95),
    )
