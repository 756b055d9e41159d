"""The engine's own step kinds: `noop` (passes its input on, optionally after a delay), `approval`
(a step that exists to be approved) and `wait` (until a date or for a number of seconds)."""

from __future__ import annotations

import time
from datetime import datetime, timedelta

from webox.db import utcnow
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult, Wait, register

MAX_DELAY_MS = 10_000


def noop(ctx: StepContext) -> StepResult:
    """Its output is its input (and its predecessors' outputs under `upstream`, when it has any)."""
    delay = ctx.input.get("delay_ms", 0)
    if not isinstance(delay, int) or not 0 <= delay <= MAX_DELAY_MS:
        raise StepFailed("tasks.invalid_input", f"delay_ms must be an integer from 0 to {MAX_DELAY_MS}")
    if delay:
        time.sleep(delay / 1000)
    output = dict(ctx.input)
    if ctx.upstream:
        output["upstream"] = ctx.upstream
    return StepResult(output=output)


def _due(ctx: StepContext) -> datetime:
    if ctx.resume_at is not None:
        return ctx.resume_at
    if "until" in ctx.input:
        try:
            until = datetime.fromisoformat(str(ctx.input["until"]))
        except ValueError as exc:
            raise StepFailed("tasks.invalid_input", "until must be an ISO 8601 date-time") from exc
        if until.tzinfo is None:
            raise StepFailed("tasks.invalid_input", "until needs a time zone offset")
        return until
    seconds = ctx.input.get("seconds")
    if not isinstance(seconds, int | float) or not 0 <= seconds <= 366 * 86400:
        raise StepFailed("tasks.invalid_input", "a wait step needs `until` or `seconds` (up to a year)")
    return utcnow() + timedelta(seconds=seconds)


def wait(ctx: StepContext) -> StepResult | Wait:
    """Done once its due time has come; until then the task waits (`waiting_schedule`)."""
    due = _due(ctx)
    if utcnow() >= due:
        return StepResult(output={"waited_until": due.isoformat()})
    return Wait(until=due)


register("noop", noop)
register("approval", noop)
register("wait", wait)
