"""The providers feature: users' own provider keys and the platform's (no function of its own)."""

from __future__ import annotations

from webox.platform import Feature, Secret

# What every function that calls AI models needs: the registry's keys (BYOK decrypted with KMS).
# The quota check before any model call reads the plan, the cost cap and counts the request.
QUOTA_TABLES = ("billing_accounts", "account_settings", "rate_limits")
MODEL_TABLES = ("provider_keys", "usage_records", "usage_daily", *QUOTA_TABLES)

FEATURE = Feature(
    name="providers",
    models=("webox.providers.models",),
    # Platform provider keys, JSON {vendor: key}; environment variables override them.
    secrets=(Secret("provider-keys", generated=False),),
)
