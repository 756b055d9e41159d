"""Usage records and their daily pre-aggregated counters."""

from __future__ import annotations

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class UsageRecord(Model):
    """One per model answer (chat, gateway, verdict), time-ordered per user; kept 400 days."""

    class Meta(TableMeta):
        table_name = table_name("usage_records")

    user_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)  # "<ISO time>#<request_id>#<model>"
    feature = UnicodeAttribute()
    model = UnicodeAttribute()
    vendor = UnicodeAttribute()
    input_tokens = NumberAttribute(default=0)
    output_tokens = NumberAttribute(default=0)
    cost = NumberAttribute(default=0)
    ttft_ms = NumberAttribute(null=True)
    duration_ms = NumberAttribute(null=True)
    status = UnicodeAttribute()
    error_code = UnicodeAttribute(null=True)
    simulated = NumberAttribute(default=0)
    billed = NumberAttribute(default=0)  # 1: answered with the platform's own key (the plan pays)
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute(null=True)


class UsageDaily(Model):
    """Counters per user, day, feature and model, updated atomically with each record.

    The key `<day>#<feature>#<model>` makes "the last N days" one Query on a key range. The
    platform-wide view for admins uses the same items under the user id `*`; `*users` holds one
    item per day and user (`<day>#<user_id>`, the admins' top users); `M#<YYYY-MM>#<feature>`
    under the user's id holds the month's totals per feature (what quotas read). The `billed_*`
    counters count only what the platform's own keys answered: what the plans' budgets limit.
    """

    class Meta(TableMeta):
        table_name = table_name("usage_daily")

    user_id = UnicodeAttribute(hash_key=True)
    sk = UnicodeAttribute(range_key=True)  # "<YYYY-MM-DD>#<feature>#<model>"
    requests = NumberAttribute(default=0)
    errors = NumberAttribute(default=0)
    input_tokens = NumberAttribute(default=0)
    output_tokens = NumberAttribute(default=0)
    # Whole micro-dollars: counters add integers exactly (floats drift, and "5e-05" is not an integer).
    cost_micro_usd = NumberAttribute(default=0)
    ttft_ms_sum = NumberAttribute(default=0)
    ttft_count = NumberAttribute(default=0)
    duration_ms_sum = NumberAttribute(default=0)
    billed_requests = NumberAttribute(default=0)
    billed_tokens = NumberAttribute(default=0)
    billed_cost_micro_usd = NumberAttribute(default=0)
    vendor = UnicodeAttribute(null=True)
