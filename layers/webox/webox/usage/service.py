"""Recording usage: every model call leaves one record and bumps its daily counters."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from webox.db import utcnow
from webox.usage import repository
from webox.usage.models import UsageDaily, UsageRecord

PLATFORM = repository.PLATFORM
BY_USER = repository.BY_USER


@dataclass(frozen=True)
class Usage:
    """What one model call cost and how fast it was."""

    user_id: str
    feature: str
    model: str
    vendor: str
    request_id: str
    status: str
    input_tokens: int = 0
    output_tokens: int = 0
    cost: float = 0.0
    ttft_ms: int | None = None
    duration_ms: int | None = None
    error_code: str | None = None
    simulated: bool = False
    billed: bool = False  # answered with the platform's own key: counts against the plan's budgets
    at: datetime | None = None  # when it happened (now, unless replayed or imported)


def _record_item(usage: Usage) -> UsageRecord:
    now = usage.at or utcnow()
    return UsageRecord(
        usage.user_id,
        f"{now.isoformat()}#{usage.request_id}#{usage.model}",
        feature=usage.feature,
        model=usage.model,
        vendor=usage.vendor,
        input_tokens=usage.input_tokens,
        output_tokens=usage.output_tokens,
        cost=round(usage.cost, 6),
        ttft_ms=usage.ttft_ms,
        duration_ms=usage.duration_ms,
        status=usage.status,
        error_code=usage.error_code,
        simulated=int(usage.simulated),
        billed=int(usage.billed),
        created_at=now,
    )


def record(usage: Usage) -> None:
    """Store one usage record and update the user's and the platform's daily counters."""
    record_many([usage])


def record_many(usages: list[Usage]) -> None:
    """Store several records at once; each counter is updated once with their sums."""
    if usages:
        repository.add_many([_record_item(usage) for usage in usages])


def log(usage: Usage) -> None:
    """Record usage through this function's log: one line, written before the answer returns, that a
    log subscription delivers to the usage worker (`webox.log_lines`). Nothing on the response's
    path waits for the network, and the line outlives a crash just after the response."""
    from webox import log_lines
    from webox.usage.feature import LOG_KEY
    from webox.usage.jobs import UsageMessage

    message = UsageMessage(**{**usage.__dict__, "at": usage.at or utcnow()})
    log_lines.write(LOG_KEY, message.model_dump(mode="json"))


def from_log(event: dict[str, Any]) -> list[Usage]:
    """The usage lines of an `awslogs` event; a line that cannot be read is logged and skipped (a
    retry could not mend it)."""
    from pydantic import ValidationError

    from webox import log_lines
    from webox.usage.feature import LOG_KEY
    from webox.usage.jobs import UsageMessage

    usages = []
    for fields in log_lines.delivered(event, LOG_KEY):
        try:
            usages.append(Usage(**UsageMessage.model_validate(fields).model_dump()))
        except ValidationError:
            from webox.logging import get_logger

            get_logger().warning("unreadable usage line", extra={"fields": sorted(fields)})
    return usages


def record_safely(*usages: Usage) -> None:
    """Record usage without ever failing the answers it describes (a lost record is logged)."""
    try:
        record_many(list(usages))
    except Exception:
        from webox.logging import get_logger

        get_logger().exception(
            "usage not recorded",
            extra={"models": [u.model for u in usages], "features": [u.feature for u in usages]},
        )


def daily_counters(owner: str, first_day: str, last_day: str) -> list[UsageDaily]:
    """Counters of a user (or `PLATFORM`, `BY_USER`) for days `first_day`..`last_day`, one Query."""
    return repository.daily(owner, first_day, last_day)


def month_totals(user_id: str, month: str) -> list[UsageDaily]:
    """A user's totals of one month (`YYYY-MM`), one item per feature."""
    return repository.monthly(user_id, month)


def export_user_data(user_id: str) -> list[dict[str, Any]]:
    """Every usage record of a user, oldest first (data export)."""
    return [
        {k: v for k, v in record.to_simple_dict().items() if k != "expires_at"}
        for record in repository.all_records(user_id)
    ]


def delete_user_data(user_id: str) -> int:
    """Forget a user's usage (records and counters)."""
    return repository.delete_user_data(user_id, utcnow())
