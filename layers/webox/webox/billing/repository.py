"""Every DynamoDB and Secrets Manager call of the billing feature (Stripe calls live in `service`)."""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime, timedelta
from typing import Any

from botocore.exceptions import ClientError
from pynamodb.exceptions import DoesNotExist, PutError

from webox.auth import repository as auth_repository
from webox.aws import client
from webox.billing.models import BillingAccount, StripeCustomer, StripeEvent
from webox.config import resource_env, resource_name
from webox.db import utcnow

SECRET = "stripe"  # noqa: S105 - a secret's name
EVENT_RETENTION = timedelta(days=30)  # Stripe retries a webhook for 3 days


def stripe_secret() -> dict[str, Any]:
    """The `stripe` secret (`{"api_key", "webhook_secret", "prices"?}`), {} when absent or empty."""
    secret_id = os.environ.get(resource_env("secret", SECRET)) or resource_name(SECRET)
    try:
        value = json.loads(client("secretsmanager").get_secret_value(SecretId=secret_id)["SecretString"])
    except (ClientError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def get_account(user_id: str) -> BillingAccount | None:
    try:
        return BillingAccount.get(user_id, consistent_read=True)
    except DoesNotExist:
        return None


def save_account(user_id: str, **fields: Any) -> BillingAccount:
    account = get_account(user_id) or BillingAccount(user_id)
    for name, value in fields.items():
        setattr(account, name, value)
    account.updated_at = utcnow()
    account.save()
    return account


def link_customer(customer_id: str, user_id: str) -> None:
    StripeCustomer(customer_id, user_id=user_id).save()


def user_of_customer(customer_id: str) -> str | None:
    try:
        return StripeCustomer.get(customer_id, consistent_read=True).user_id
    except DoesNotExist:
        return None


def claim_event(event_id: str, event_type: str, now: datetime) -> bool:
    """Record a webhook event; False when it was recorded before (a replay)."""
    try:
        StripeEvent(event_id, type=event_type, received_at=now, expires_at=now + EVENT_RETENTION).save(
            condition=StripeEvent.event_id.does_not_exist()
        )
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def release_event(event_id: str) -> None:
    """Forget an event whose handling failed, so Stripe's retry applies it."""
    StripeEvent(event_id).delete()


def count_request(user_id: str, minute: int) -> int:
    """Count one request in the user's fixed one-minute window; returns the window's count."""
    expires = datetime.fromtimestamp((minute + 2) * 60, tz=UTC)
    return auth_repository.add_to_counter(f"plan-rate:{user_id}:{minute}", 1, expires)


def hold(user_id: str, budget: str, minute: int, amount: int, room: int, expires_at: datetime) -> bool:
    """Reserve `amount` of a monthly `budget` ("cost" in micro-USD, "media" items, "agents" runs) in
    the user's hold of this minute, only while that hold is under `room` (what the budget has left
    once use and the other minutes' holds are counted)."""
    return auth_repository.add_to_counter_below(hold_key(user_id, budget, minute), amount, room, expires_at)


def hold_key(user_id: str, budget: str, minute: int) -> str:
    return f"hold:{budget}:{user_id}:{minute}"


def delete_user_data(user_id: str) -> None:
    account = get_account(user_id)
    if account is not None and account.customer_id:
        StripeCustomer(account.customer_id).delete()
    BillingAccount(user_id).delete()
