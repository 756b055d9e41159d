"""A user's plan and subscription, Stripe customers, and the webhook events already handled."""

from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class BillingAccount(Model):
    """One per user who ever subscribed; no item means the Free plan."""

    class Meta(TableMeta):
        table_name = table_name("billing_accounts")

    user_id = UnicodeAttribute(hash_key=True)
    plan = UnicodeAttribute(default="free")
    status = UnicodeAttribute(default="none")  # Stripe's subscription status, "none" before any
    customer_id = UnicodeAttribute(null=True)
    subscription_id = UnicodeAttribute(null=True)
    current_period_end = UTCDateTimeAttribute(null=True)
    cancel_at_period_end = BooleanAttribute(default=False)
    updated_at = UTCDateTimeAttribute()


class StripeCustomer(Model):
    """Which user a Stripe customer is (webhooks name the customer)."""

    class Meta(TableMeta):
        table_name = table_name("billing_customers")

    customer_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()


class StripeEvent(Model):
    """A webhook event already applied: its id is written once, so a replay does nothing."""

    class Meta(TableMeta):
        table_name = table_name("billing_events")

    event_id = UnicodeAttribute(hash_key=True)
    type = UnicodeAttribute()
    received_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
