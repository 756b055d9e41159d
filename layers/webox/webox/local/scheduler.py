"""Fires the manifest's EventBridge schedules (`rate(...)`, `cron(...)`) at the same handlers, and the
EventBridge Scheduler schedules functions create at run time (moto stores them but never fires them):
`UserSchedules` reads them from the embedded AWS and sends their SQS targets' input on time."""

from __future__ import annotations

import re
import threading
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from webox import manifest
from webox.config import get_settings
from webox.local import lambdas
from webox.logging import get_logger
from webox.manifest import Function, Schedule

_RATE = re.compile(r"^rate\((\d+) (minute|minutes|hour|hours|day|days)\)$")


# EventBridge's names for months (JAN = 1) and days of the week (SUN = 1).
_MONTHS = {
    name: number
    for number, name in enumerate(
        ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"], 1
    )
}
_WEEKDAYS = {name: number for number, name in enumerate(["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"], 1)}


def _field(spec: str, low: int, high: int, names: dict[str, int] | None = None) -> set[int] | None:
    """Values an EventBridge cron field allows (None for `*` or `?`); `names`: the field's words."""
    if spec in {"*", "?"}:
        return None
    for name, number in (names or {}).items():
        spec = spec.upper().replace(name, str(number))
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


def _wall_clock(candidate: datetime, zone: ZoneInfo) -> datetime | None:
    """The aware instant of a wall-clock minute in `zone`; None for a minute the spring-forward change
    skips. A minute that happens twice (autumn) is its first occurrence."""
    aware = candidate.replace(tzinfo=zone, fold=0)
    back = aware.astimezone(UTC).astimezone(zone)
    if back.replace(tzinfo=None) != candidate:
        return None
    return aware


def next_fire(expression: str, after: datetime, timezone: str = "UTC") -> datetime:
    """The first time after `after` that an EventBridge schedule expression fires (in UTC); a cron
    expression reads as wall-clock time in `timezone` (EventBridge Scheduler's
    `ScheduleExpressionTimezone`), so `cron(0 9 * * ? *)` in Europe/Paris stays at 09:00 across the
    daylight-saving changes."""
    after = after.astimezone(UTC)
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
    days, months = _field(day, 1, 31), _field(month, 1, 12, _MONTHS)
    weekdays = _field(weekday, 1, 7, _WEEKDAYS)  # EventBridge: 1 = Sunday
    zone = ZoneInfo(timezone)
    local = after.astimezone(zone).replace(tzinfo=None)
    candidate = local.replace(second=0, microsecond=0) + timedelta(minutes=1)
    for _ in range(60 * 24 * 366):
        if (
            (minutes is None or candidate.minute in minutes)
            and (hours is None or candidate.hour in hours)
            and (days is None or candidate.day in days)
            and (months is None or candidate.month in months)
            and (weekdays is None or (candidate.isoweekday() % 7) + 1 in weekdays)
        ):
            instant = _wall_clock(candidate, zone)
            if instant is not None and instant.astimezone(UTC) > after:
                return instant.astimezone(UTC)
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


# --- EventBridge Scheduler -------------------------------------------------------------------------

_AT = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")
POLL_S = 0.1  # how often the stored schedules are read: a schedule fires at most this late


def due_time(expression: str, timezone: str, after: datetime) -> datetime | None:
    """When a Scheduler schedule next fires after `after` (None: a one-time schedule already past)."""
    one_time = _AT.match(expression)
    if one_time:
        at = datetime.fromisoformat(one_time.group(1)).replace(tzinfo=ZoneInfo(timezone or "UTC"))
        return at.astimezone(UTC) if at.astimezone(UTC) > after else None
    return next_fire(expression, after, timezone or "UTC")


class UserSchedules:
    """Fires the schedules of the manifest's Scheduler groups: each is read from the embedded AWS,
    and when due its target (an SQS queue) receives its input, with the FIFO group it names; a
    one-time schedule that asks for it is then deleted, as Scheduler does."""

    def __init__(self, groups: tuple[str, ...] | None = None) -> None:
        from webox.config import resource_name

        self.groups = [resource_name(g) for g in (manifest.SCHEDULE_GROUPS if groups is None else groups)]
        self.fired = 0
        self._next: dict[tuple[str, str], tuple[str, datetime | None]] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="user-schedules", daemon=True)

    def start(self) -> None:
        if self.groups:
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout=5)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive() or not self.groups

    def _run(self) -> None:
        while not self._stop.wait(POLL_S):
            try:
                self.fire_due(datetime.now(UTC))
            except Exception:
                get_logger().exception("user schedules failed")

    def fire_due(self, now: datetime) -> int:
        """Fire every schedule due at `now`; returns how many fired."""
        from webox.aws import client

        scheduler, fired = client("scheduler"), 0
        for group in self.groups:
            listed = scheduler.list_schedules(GroupName=group, State="ENABLED").get("Schedules", [])
            for summary in listed:
                key = (group, summary["Name"])
                version = str(summary.get("LastModificationDate"))
                known = self._next.get(key)
                if known is None or known[0] != version:
                    schedule = scheduler.get_schedule(GroupName=group, Name=summary["Name"])
                    created = schedule.get("CreationDate") or now
                    since = (
                        created.astimezone(UTC) - timedelta(seconds=1)
                        if isinstance(created, datetime)
                        else now
                    )
                    known = (
                        version,
                        due_time(
                            schedule["ScheduleExpression"],
                            schedule.get("ScheduleExpressionTimezone", "UTC"),
                            since,
                        ),
                    )
                    self._next[key] = known
                due = known[1]
                if due is None or due > now:
                    continue
                schedule = scheduler.get_schedule(GroupName=group, Name=summary["Name"])
                self._send(schedule["Target"], due)
                fired += 1
                expression = schedule["ScheduleExpression"]
                if _AT.match(expression):
                    self._next[key] = (version, None)
                    if schedule.get("ActionAfterCompletion") == "DELETE":
                        scheduler.delete_schedule(GroupName=group, Name=summary["Name"])
                        del self._next[key]
                else:
                    timezone = schedule.get("ScheduleExpressionTimezone", "UTC")
                    self._next[key] = (version, next_fire(expression, due, timezone))
        self.fired += fired
        return fired

    def _send(self, target: dict[str, Any], due: datetime) -> None:
        """Send the target's input, with Scheduler's context attributes filled in."""
        from webox.aws import client

        arn = str(target["Arn"])
        if not arn.startswith("arn:aws:sqs:"):
            raise ValueError(f"Only SQS targets are fired locally, not {arn}")
        sqs = client("sqs")
        url = sqs.get_queue_url(QueueName=arn.rsplit(":", 1)[1])["QueueUrl"]
        extra: dict[str, Any] = {}
        group = (target.get("SqsParameters") or {}).get("MessageGroupId")
        if group:
            extra["MessageGroupId"] = group
        body = (
            (target.get("Input") or "{}")
            .replace("<aws.scheduler.scheduled-time>", due.strftime("%Y-%m-%dT%H:%M:%SZ"))
            .replace("<aws.scheduler.execution-id>", str(uuid.uuid4()))
        )
        sqs.send_message(QueueUrl=url, MessageBody=body, **extra)
