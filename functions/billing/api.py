"""Plans, subscriptions with Stripe (Checkout, portal, invoices) and Stripe's signed webhook."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from webox.account.schemas import Language
from webox.auth.dependencies import SessionUser
from webox.billing import service as billing_service
from webox.billing.errors import (
    AlreadySubscribed,
    BillingUnavailable,
    NoCustomer,
    StripeFailed,
    UnknownPlan,
)
from webox.billing.schemas import CheckoutIn, InvoiceList, PlanList, SubscriptionOut, UrlOut, WebhookOut
from webox.http import create_app, error_responses, lambda_handler

billing = APIRouter(prefix="/api/billing", tags=["billing"])


@billing.get("/plans")
def list_plans(language: Language = "fr") -> PlanList:
    """The plans with their prices and monthly limits (no account needed); `language` picks the
    currency: euros with VAT for `fr`, dollars for `en`."""
    return billing_service.list_plans(language)


@billing.post(
    "/checkout", responses=error_responses(UnknownPlan, AlreadySubscribed, BillingUnavailable, StripeFailed)
)
def create_checkout(user: SessionUser, body: CheckoutIn) -> UrlOut:
    """Start a subscription: the Stripe Checkout page to send the browser to."""
    return UrlOut(url=billing_service.checkout(user, body.plan))


@billing.post("/portal", responses=error_responses(NoCustomer, BillingUnavailable, StripeFailed))
def create_portal(user: SessionUser) -> UrlOut:
    """Stripe's customer portal (card, cancellation, invoices) for the caller."""
    return UrlOut(url=billing_service.portal(user))


@billing.get("/subscription")
def get_subscription(user: SessionUser) -> SubscriptionOut:
    """The caller's plan and subscription state."""
    return billing_service.subscription(user.id)


@billing.get("/invoices", responses=error_responses(BillingUnavailable, StripeFailed))
def list_invoices(user: SessionUser) -> InvoiceList:
    """The caller's invoices, newest first."""
    return billing_service.invoices(user.id)


@billing.post("/webhook", responses={200: {"description": "Applied, or a replay (no effect)."}})
async def receive_webhook(request: Request) -> WebhookOut:
    """Stripe events (signature checked; each event applied once)."""
    payload = await request.body()
    signature = request.headers.get("stripe-signature")
    applied = await run_in_threadpool(billing_service.handle_webhook, payload, signature)
    return WebhookOut(received=True, applied=applied)


app = create_app(billing, title="Billing", description="Plans, Stripe subscriptions, invoices and webhooks.")
handler = lambda_handler(app)
