"""Subscriptions with Stripe: Checkout, the customer portal, invoices, and the signed webhook.

The official `stripe` SDK (imported lazily) talks to Stripe, or locally to the fake Stripe API of
`webox.testing.stripe` (its base URL in `WEBOX_STRIPE_API_BASE`). Webhooks are verified with
`stripe.Webhook.construct_event` and applied once per event id.

Each paid plan has a Stripe price per currency it is sold in (`plans.json`): French-speaking
accounts pay in euros, VAT included; the others in dollars.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from webox.auth.models import User
from webox.billing import quota, repository
from webox.billing.errors import (
    AlreadySubscribed,
    BadSignature,
    BillingUnavailable,
    NoCustomer,
    StripeFailed,
    UnknownPlan,
)
from webox.billing.schemas import Currency, InvoiceList, InvoiceOut, PlanList, SubscriptionOut
from webox.config import get_settings
from webox.db import utcnow
from webox.logging import get_logger
from webox.ttl_cache import TtlCache

if TYPE_CHECKING:
    import stripe

# What the local host uses when the `stripe` secret is empty: the fake Stripe API accepts them.
LOCAL_API_KEY = "sk_test_webox_local"
LOCAL_WEBHOOK_SECRET = "whsec_webox_local"  # noqa: S105 - the local fake's, public on purpose
API_BASE_ENV = "WEBOX_STRIPE_API_BASE"
PAID = ("active", "trialing", "past_due")
logger = get_logger()


@dataclass(frozen=True)
class StripeConfig:
    api_key: str
    webhook_secret: str
    prices: dict[str, dict[str, str]] = field(default_factory=dict)  # plan id → currency → Stripe price id
    api_base: str | None = None


_config: TtlCache[str, StripeConfig | None] = TtlCache(300.0)


def _read_config() -> StripeConfig | None:
    secret = repository.stripe_secret()
    prices: dict[str, dict[str, str]] = {
        str(plan.id): {str(price.currency): price.stripe_price for price in plan.prices if price.stripe_price}
        for plan in quota.plans().values()
    }
    # The secret may name other price ids: `{plan: id}` (dollars) or `{plan: {currency: id}}`.
    for plan_id, given in (secret.get("prices") or {}).items():
        by_currency = given if isinstance(given, dict) else {"usd": given}
        prices.setdefault(str(plan_id), {}).update({str(k): str(v) for k, v in by_currency.items()})
    if secret.get("api_key") and secret.get("webhook_secret"):
        return StripeConfig(str(secret["api_key"]), str(secret["webhook_secret"]), prices)
    api_base = os.environ.get(API_BASE_ENV) or None
    if get_settings().local and api_base:
        return StripeConfig(LOCAL_API_KEY, LOCAL_WEBHOOK_SECRET, prices, api_base)
    return None


def config() -> StripeConfig:
    """Stripe's keys and prices (read at most every 5 minutes); 503 when payments are not set up."""
    found = _config.get_or_set("stripe", _read_config)
    if found is None:
        raise BillingUnavailable()
    return found


@contextmanager
def _stripe_call() -> Iterator[None]:
    """Turn a Stripe failure (after the SDK's own retries) into a 502 problem, logged without secrets."""
    import stripe

    try:
        yield
    except stripe.StripeError as error:
        logger.warning("stripe call failed", extra={"status": error.http_status, "code": error.code})
        raise StripeFailed() from None


def _client() -> stripe.StripeClient:
    import stripe

    settings = config()
    base = {"api": settings.api_base} if settings.api_base else None
    return stripe.StripeClient(settings.api_key, base_addresses=base, max_network_retries=2)  # type: ignore[arg-type]


def currency_for(language: str) -> Currency:
    """The currency an account pays in: euros for French speakers, dollars for everyone else."""
    return "eur" if language == "fr" else "usd"


def list_plans(language: str = "fr") -> PlanList:
    """Every plan, cheapest first, with the currency a speaker of `language` pays in."""
    items = sorted(quota.plans().values(), key=lambda p: p.price_micro_usd_month)
    return PlanList(items=items, currency=currency_for(language))


# -- checkout and portal -------------------------------------------------------------------------


def _customer(user: User) -> str:
    account = repository.get_account(user.id)
    if account is not None and account.customer_id:
        return account.customer_id
    with _stripe_call():
        customer = _client().v1.customers.create(
            params={"email": user.email, "name": user.name, "metadata": {"user_id": user.id}}
        )
    repository.link_customer(customer.id, user.id)
    repository.save_account(user.id, customer_id=customer.id)
    return str(customer.id)


def checkout(user: User, plan_id: str) -> str:
    """A Stripe Checkout page subscribing the user to `plan_id` in their currency; its URL."""
    by_currency = config().prices.get(plan_id) or {}
    price = by_currency.get(currency_for(user.language)) or by_currency.get("usd")
    if price is None:
        raise UnknownPlan()
    account = repository.get_account(user.id)
    if account is not None and account.status in PAID:
        raise AlreadySubscribed()
    back = f"{get_settings().public_url}/settings/billing"
    customer = _customer(user)
    with _stripe_call():
        session = _client().v1.checkout.sessions.create(
            params={
                "mode": "subscription",
                "customer": customer,
                "line_items": [{"price": price, "quantity": 1}],
                "client_reference_id": user.id,
                "metadata": {"user_id": user.id, "plan": plan_id},
                "subscription_data": {"metadata": {"user_id": user.id, "plan": plan_id}},
                "success_url": f"{back}?checkout=success",
                "cancel_url": f"{back}?checkout=cancel",
            }
        )
    return str(session.url)


def portal(user: User) -> str:
    """Stripe's customer portal for the user (change card, cancel, invoices); its URL."""
    account = repository.get_account(user.id)
    if account is None or not account.customer_id:
        raise NoCustomer()
    back = f"{get_settings().public_url}/settings/billing"
    with _stripe_call():
        session = _client().v1.billing_portal.sessions.create(
            params={"customer": account.customer_id, "return_url": back}
        )
    return str(session.url)


def subscription(user_id: str) -> SubscriptionOut:
    """The user's plan and the state of its subscription."""
    account = repository.get_account(user_id)
    return SubscriptionOut(
        plan=quota.plan_of(user_id).id,
        status=account.status if account else "none",
        current_period_end=account.current_period_end if account else None,
        cancel_at_period_end=bool(account.cancel_at_period_end) if account else False,
    )


def invoices(user_id: str) -> InvoiceList:
    """The user's invoices, newest first (from Stripe: it keeps them)."""
    account = repository.get_account(user_id)
    if account is None or not account.customer_id:
        return InvoiceList(items=[])
    with _stripe_call():
        found = _client().v1.invoices.list(params={"customer": account.customer_id, "limit": 24})
    items = []
    for invoice in found.data:
        paid = int(invoice.amount_paid or 0)
        items.append(
            InvoiceOut(
                id=str(invoice.id),
                number=invoice.number,
                amount_paid=paid,
                # Cents → micro-units of the same currency.
                amount_paid_micro_usd=paid * 10_000,
                currency=str(invoice.currency),
                status=invoice.status,
                created_at=datetime.fromtimestamp(int(invoice.created), tz=UTC),
                hosted_invoice_url=invoice.hosted_invoice_url,
                pdf_url=invoice.invoice_pdf,
            )
        )
    return InvoiceList(items=items)


# -- webhook ---------------------------------------------------------------------------------------


def _plan_of_price(price_id: str | None) -> str | None:
    for plan_id, by_currency in config().prices.items():
        if price_id in by_currency.values():
            return plan_id
    return None


def _owner(obj: dict[str, Any]) -> str | None:
    """The user a Stripe object belongs to: its customer's (as we linked it), else its metadata's."""
    customer = obj.get("customer")
    if isinstance(customer, str) and (user_id := repository.user_of_customer(customer)):
        return user_id
    return (obj.get("metadata") or {}).get("user_id") or obj.get("client_reference_id")


def _apply_subscription(sub: dict[str, Any]) -> None:
    user_id = _owner(sub)
    if user_id is None:
        logger.warning("subscription of an unknown customer", extra={"subscription": sub.get("id")})
        return
    items = (sub.get("items") or {}).get("data") or [{}]
    price = (items[0].get("price") or {}).get("id")
    period_end = sub.get("current_period_end") or items[0].get("current_period_end")
    status = str(sub.get("status") or "none")
    if status not in PAID and repository.get_account(user_id) is None:
        return  # the end of a subscription nobody holds any more (its account was deleted)
    plan = _plan_of_price(price) or (sub.get("metadata") or {}).get("plan") or "free"
    repository.save_account(
        user_id,
        plan=plan if status in PAID else "free",
        status=status,
        customer_id=sub.get("customer"),
        subscription_id=sub.get("id"),
        current_period_end=datetime.fromtimestamp(int(period_end), tz=UTC) if period_end else None,
        cancel_at_period_end=bool(sub.get("cancel_at_period_end")),
    )
    logger.info("subscription applied", extra={"user_id": user_id, "plan": plan, "status": status})


def _sync_subscription(subscription_id: str) -> None:
    """Apply the subscription as Stripe has it now: events arrive in any order and a retried event
    carries an old snapshot (a late "active" after "deleted" must not grant the plan again)."""
    with _stripe_call():
        current = _client().v1.subscriptions.retrieve(subscription_id).to_dict()
    _apply_subscription(current)


def _subscription_changed(sub: dict[str, Any]) -> None:
    _sync_subscription(str(sub["id"]))


def _checkout_completed(session: dict[str, Any]) -> None:
    subscription_id = session.get("subscription")
    if session.get("mode") != "subscription" or not isinstance(subscription_id, str):
        return
    user_id = _owner(session)
    if user_id and isinstance(session.get("customer"), str):
        repository.link_customer(session["customer"], user_id)
    _sync_subscription(subscription_id)


HANDLERS = {
    "checkout.session.completed": _checkout_completed,
    "customer.subscription.created": _subscription_changed,
    "customer.subscription.updated": _subscription_changed,
    "customer.subscription.deleted": _subscription_changed,
}


def handle_webhook(payload: bytes, signature: str | None) -> bool:
    """Verify and apply one Stripe event; False for a replay of an event already applied."""
    import stripe

    try:
        stripe.Webhook.construct_event(payload, signature, config().webhook_secret)
    except (stripe.SignatureVerificationError, ValueError):
        raise BadSignature() from None
    event = json.loads(payload)
    event_id, event_type = str(event["id"]), str(event["type"])
    if not repository.claim_event(event_id, event_type, utcnow()):
        return False
    handler = HANDLERS.get(event_type)
    try:
        if handler is not None:
            handler(event["data"]["object"])
    except Exception:
        repository.release_event(event_id)
        raise
    return True


# -- export and deletion ---------------------------------------------------------------------------


def export_user_data(user_id: str) -> dict[str, Any]:
    """The user's plan and subscription."""
    return subscription(user_id).model_dump(mode="json")


def delete_user_data(user_id: str) -> None:
    """Cancel the user's subscription at Stripe (no further charge) and forget their billing items."""
    account = repository.get_account(user_id)
    if account is not None and account.subscription_id and account.status in PAID:
        with _stripe_call():
            _client().v1.subscriptions.cancel(account.subscription_id)
    repository.delete_user_data(user_id)
