"""Every DynamoDB call of the usage feature."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from pynamodb.expressions.update import Action

from webox.usage.models import UsageDaily, UsageRecord

PLATFORM = "*"
BY_USER = "*users"
MONTH = "M"
RETENTION = timedelta(days=400)


def month_key(month: str, feature: str = "") -> str:
    """The sort key of a user's monthly totals (`M#<YYYY-MM>#<feature>`)."""
    return f"{MONTH}#{month}#{feature}"


_SUMS = (
    "requests",
    "errors",
    "input_tokens",
    "output_tokens",
    "cost_micro_usd",
    "duration_ms_sum",
    "billed_requests",
    "billed_tokens",
    "billed_cost_micro_usd",
)
_TIMED = ("ttft_ms_sum", "ttft_count")


def _counters(record: UsageRecord) -> list[tuple[str, str]]:
    """The (owner, sort key) of every counter a record counts in."""
    day = record.created_at.strftime("%Y-%m-%d")
    return [
        (record.user_id, f"{day}#{record.feature}#{record.model}"),
        (PLATFORM, f"{day}#{record.feature}#{record.model}"),
        (BY_USER, f"{day}#{record.user_id}"),
        (record.user_id, month_key(record.created_at.strftime("%Y-%m"), record.feature)),
    ]


def _amounts(record: UsageRecord) -> dict[str, int]:
    tokens, cost = int(record.input_tokens) + int(record.output_tokens), round(record.cost * 1_000_000)
    billed = bool(record.billed)
    amounts = {
        "requests": 1,
        "errors": 0 if record.status == "done" else 1,
        "input_tokens": int(record.input_tokens),
        "output_tokens": int(record.output_tokens),
        "cost_micro_usd": cost,
        "duration_ms_sum": int(record.duration_ms or 0),
        "billed_requests": int(billed),
        "billed_tokens": tokens if billed else 0,
        "billed_cost_micro_usd": cost if billed else 0,
    }
    if record.ttft_ms is not None:
        amounts |= {"ttft_ms_sum": int(record.ttft_ms), "ttft_count": 1}
    return amounts


def add(record: UsageRecord) -> None:
    """Store a record and bump, with atomic ADDs, every counter it counts in."""
    add_many([record])


def add_many(records: list[UsageRecord]) -> None:
    """Store records (batched writes) and bump each counter they count in with one atomic ADD of
    their sums: a turn of 12 answers, or a queue batch of calls, updates each counter once."""
    totals: dict[tuple[str, str], dict[str, Any]] = {}
    with UsageRecord.batch_write() as batch:
        for record in records:
            record.expires_at = record.created_at + RETENTION
            batch.save(record)
            for key in _counters(record):
                total = totals.setdefault(key, dict.fromkeys((*_SUMS, *_TIMED), 0))
                for name, amount in _amounts(record).items():
                    total[name] += amount
                total["vendor"] = record.vendor
    for (owner, sort_key), total in totals.items():
        actions: list[Action] = [getattr(UsageDaily, name).add(total[name]) for name in _SUMS]
        if total["ttft_count"]:
            actions += [getattr(UsageDaily, name).add(total[name]) for name in _TIMED]
        actions.append(UsageDaily.vendor.set(total["vendor"]))
        UsageDaily(owner, sort_key).update(actions=actions)


def records(user_id: str, since: datetime, limit: int = 1000) -> list[UsageRecord]:
    return list(UsageRecord.query(user_id, UsageRecord.sk >= since.isoformat(), limit=limit))


def daily(user_id: str, first_day: str, last_day: str) -> list[UsageDaily]:
    """Counters of days `first_day`..`last_day` (one Query; `*` and `*users` are the platform's)."""
    return list(UsageDaily.query(user_id, UsageDaily.sk.between(first_day, f"{last_day}#\uffff")))


def monthly(user_id: str, month: str) -> list[UsageDaily]:
    """A user's totals of one month, one item per feature."""
    return list(UsageDaily.query(user_id, UsageDaily.sk.startswith(month_key(month))))


def all_records(user_id: str) -> list[UsageRecord]:
    """Every usage record of a user (data export)."""
    return list(UsageRecord.query(user_id))


def delete_user_data(user_id: str, today: datetime) -> int:
    """Delete a user's records and counters; the platform totals keep their share, anonymous."""
    deleted = 0
    for model in (UsageRecord, UsageDaily):
        with model.batch_write() as batch:
            for item in model.query(user_id, attributes_to_get=["user_id", "sk"]):
                batch.delete(item)
                deleted += 1
    # The admins' per-user items name the user: every day they can exist on, by key (no Scan).
    with UsageDaily.batch_write() as batch:
        for back in range(RETENTION.days + 1):
            day = (today - timedelta(days=back)).strftime("%Y-%m-%d")
            batch.delete(UsageDaily(BY_USER, f"{day}#{user_id}"))
    return deleted
