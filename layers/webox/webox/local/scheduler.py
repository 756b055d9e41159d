"""Fires the manifest's EventBridge schedules (`rate(...)`, `cron(...)`) at the same handlers."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from webox import manifest
from webox.config import get_settings
from webox.local import lambdas
from webox.logging import get_logger
from webox.manifest import Function, Schedule

_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")


def _field(spec: str, low: int, high: int) -> set[int] | None:
    """Values an EventBridge cron field allows (None for `*` or `?`)."""
    if spec in {"*", "?"}:
        return None
    values: set[int] = set()
    for part in spec.split(","):
        step, stepped = 1, "/" in part
        if stepped:
            part, step_text = part.split("/", 1)
            step = int(step_text)
        if part in {"*", ""}:
            start, end = low, high
        elif "-" in part:
            start, end = (int(x) for x in part.split("-", 1))
        else:
            start = int(part)
            end = high if stepped else start  # "5/15": from 5 every 15
        values.update(range(start, end + 1, step))
    return values


def next_fire(expression: str, after: datetime) -> datetime:
    """The first time after `after` that an EventBridge schedule expression fires (UTC)."""
    rate = _RATE.match(expression)
    if rate:
        amount, unit = int(rate.group(1)), rate.group(2).rstrip("s")
        return after + timedelta(**{f"{unit}s": amount})
    if not (expression.startswith("cron(") and expression.endswith(")")):
        raise ValueError(f"Unsupported schedule expression: {expression}")
    minute, hour, day, month, weekday, *_year = expression[5:-1].split()
    if any(c in "LW#" for c in day + weekday):
        raise ValueError(f"Unsupported cron field in {expression}")
    minutes, hours = _field(minute, 0, 59), _field(hour, 0, 23)
    days, months = _field(day, 1, 31), _field(month, 1, 12)
    weekdays = _field(weekday, 1, 7)  # EventBridge: 1 = Sunday
    candidate = after.replace(second=0, microsecond=0) + timedelta(minutes=1)
    for _ in range(60 * 24 * 366):
        if (
            (minutes is None or candidate.minute in minutes)
            and (hours is None or candidate.hour in hours)
            and (days is None or candidate.day in days)
            and (months is None or candidate.month in months)
            and (weekdays is None or (candidate.isoweekday() % 7) + 1 in weekdays)
        ):
            return candidate
        candidate += timedelta(minutes=1)
    raise ValueError(f"Schedule never fires: {expression}")


def scheduled_event(schedule: Schedule, at: datetime) -> dict[str, Any]:
    """The event EventBridge sends a target on a schedule."""
    region = get_settings().region
    return {
        "version": "0",
        "id": str(uuid.uuid4()),
        "detail-type": "Scheduled Event",
        "source": "aws.events",
        "account": "000000000000",
        "time": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "region": region,
        "resources": [f"arn:aws:events:{region}:000000000000:rule/{schedule.name}"],
        "detail": {},
    }


class Scheduler:
    """One thread that sleeps until the next schedule is due and invokes its function."""

    def __init__(
        self,
        entries: list[tuple[Function, Schedule]] | None = None,
        invoke: Callable[[Function, dict[str, Any]], Any] = lambdas.invoke,
    ) -> None:
        self.entries = (
            entries if entries is not None else [(f, s) for f in manifest.FUNCTIONS for s in f.schedules]
        )
        self.invoke = invoke
        self.fired = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="scheduler", daemon=True)

    def start(self) -> None:
        if self.entries:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() or not self.entries

    def _run(self) -> None:
        now = datetime.now(UTC)
        due = {i: next_fire(s.expression, now) for i, (_f, s) in enumerate(self.entries)}
        while not self._stop.is_set():
            index = min(due, key=lambda i: due[i])
            wait = (due[index] - datetime.now(UTC)).total_seconds()
            if wait > 0 and self._stop.wait(min(wait, 1.0)):
                break
            if wait > 0:
                continue
            function, schedule = self.entries[index]
            try:
                self.invoke(function, scheduled_event(schedule, due[index]))
                self.fired += 1
            except Exception:
                get_logger().exception("scheduled run failed", extra={"schedule": schedule.name})
            due[index] = next_fire(schedule.expression, datetime.now(UTC))
