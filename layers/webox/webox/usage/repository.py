"""Every DynamoDB call of the usage feature."""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.expressions.update import Action

from webox.usage.models import UsageDaily, UsageRecord

PLATFORM = "*"
BY_USER = "*users"
MONTH = "M"
RETENTION = timedelta(days=400)


def month_key(month: str, feature: str = "") -> str:
    """The sort key of a user's monthly totals (`M#<YYYY-MM>#<feature>`)."""
    return f"{MONTH}#{month}#{feature}"


def _counter_actions(record: UsageRecord) -> list[Action]:
    actions: list[Action] = [
        UsageDaily.requests.add(1),
        UsageDaily.errors.add(0 if record.status == "done" else 1),
        UsageDaily.input_tokens.add(record.input_tokens),
        UsageDaily.output_tokens.add(record.output_tokens),
        UsageDaily.cost_micro_usd.add(round(record.cost * 1_000_000)),
        UsageDaily.duration_ms_sum.add(record.duration_ms or 0),
        UsageDaily.vendor.set(record.vendor),
    ]
    if record.ttft_ms is not None:
        actions += [UsageDaily.ttft_ms_sum.add(record.ttft_ms), UsageDaily.ttft_count.add(1)]
    return actions


def add(record: UsageRecord) -> None:
    """Store a record and bump, with atomic ADDs, every counter it counts in."""
    record.expires_at = record.created_at + RETENTION
    record.save()
    day = record.created_at.strftime("%Y-%m-%d")
    counters = [
        (record.user_id, f"{day}#{record.feature}#{record.model}"),
        (PLATFORM, f"{day}#{record.feature}#{record.model}"),
        (BY_USER, f"{day}#{record.user_id}"),
        (record.user_id, month_key(record.created_at.strftime("%Y-%m"), record.feature)),
    ]
    actions = _counter_actions(record)
    for owner, sort_key in counters:
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
