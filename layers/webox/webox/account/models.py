"""A user's preferences, one item per user (name and language live on the user item itself)."""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class AccountSettings(Model):
    class Meta(TableMeta):
        table_name = table_name("account_settings")

    user_id = UnicodeAttribute(hash_key=True)
    theme = UnicodeAttribute(default="system")
    default_models = ListAttribute(of=UnicodeAttribute, default=list)
    default_params = JSONAttribute(default=dict)
    notify_product_news = BooleanAttribute(default=False)
    notify_usage_alerts = BooleanAttribute(default=True)
    notify_job_done = BooleanAttribute(default=True)
    cost_cap_micro_usd = NumberAttribute(null=True)
    updated_at = UTCDateTimeAttribute(null=True)


class KeyTest(Model):
    """The last test of a user's own key for a vendor."""

    class Meta(TableMeta):
        table_name = table_name("provider_key_tests")

    user_id = UnicodeAttribute(hash_key=True)
    vendor = UnicodeAttribute(range_key=True)
    ok = BooleanAttribute()
    latency_ms = NumberAttribute()
    error_code = UnicodeAttribute(null=True)
    error_message = UnicodeAttribute(null=True)
    tested_at = UTCDateTimeAttribute()
