"""Every DynamoDB call of the usage feature."""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.expressions.update import Action

from webox.usage.models import UsageDaily, UsageRecord

PLATFORM = "*"
RETENTION = timedelta(days=400)


def add(record: UsageRecord) -> None:
    record.expires_at = record.created_at + RETENTION
    record.save()
    day = record.created_at.strftime("%Y-%m-%d")
    failed = record.status != "done"
    for owner in (record.user_id, PLATFORM):
        counter = UsageDaily(owner, f"{day}#{record.feature}#{record.model}")
        actions: list[Action] = [
            UsageDaily.requests.add(1),
            UsageDaily.errors.add(1 if failed else 0),
            UsageDaily.input_tokens.add(record.input_tokens),
            UsageDaily.output_tokens.add(record.output_tokens),
            UsageDaily.cost_micro_usd.add(round(record.cost * 1_000_000)),
            UsageDaily.duration_ms_sum.add(record.duration_ms or 0),
        ]
        if record.ttft_ms is not None:
            actions += [UsageDaily.ttft_ms_sum.add(record.ttft_ms), UsageDaily.ttft_count.add(1)]
        counter.update(actions=actions)


def records(user_id: str, since: datetime, limit: int = 1000) -> list[UsageRecord]:
    return list(UsageRecord.query(user_id, UsageRecord.sk >= since.isoformat(), limit=limit))


def daily(user_id: str, first_day: str, last_day: str) -> list[UsageDaily]:
    return list(UsageDaily.query(user_id, UsageDaily.sk.between(first_day, f"{last_day}#\uffff")))
