"""The billing feature: plans, Stripe customers and their webhook events."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES
from webox.platform import Feature, Function, Secret, UserDataHooks

FEATURE = Feature(
    name="billing",
    functions=(
        Function(
            feature="billing",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/billing",),
            tables=(*AUTH_TABLES, "billing_accounts", "billing_customers", "billing_events"),
            secrets=(*AUTH_SECRETS, "stripe"),
            extras=("billing",),
            memory_mb=512,
        ),
    ),
    models=("webox.billing.models",),
    # Stripe, JSON {"api_key", "webhook_secret", "prices"?: {plan: price id}}; empty: the local fake.
    secrets=(Secret("stripe", generated=False),),
    hooks=UserDataHooks(
        export="webox.billing.service:export_user_data",
        delete="webox.billing.service:delete_user_data",
    ),
)
