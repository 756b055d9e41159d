"""When an EventBridge (Scheduler) expression fires: `rate(...)`, `cron(...)` read as wall-clock time
in a time zone, and `at(...)`. Pure code shared by the local host's scheduler (which fires schedules
moto only stores) and the services that show a schedule's next fire time."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

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


AT_EXPRESSION = re.compile(r"^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$")


def due_time(expression: str, timezone: str, after: datetime) -> datetime | None:
    """When a Scheduler schedule next fires after `after` (None: a one-time schedule already past)."""
    one_time = AT_EXPRESSION.match(expression)
    if one_time:
        at = datetime.fromisoformat(one_time.group(1)).replace(tzinfo=ZoneInfo(timezone or "UTC"))
        return at.astimezone(UTC) if at.astimezone(UTC) > after else None
    return next_fire(expression, after, timezone or "UTC")
