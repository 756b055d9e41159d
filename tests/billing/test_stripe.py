"""Subscriptions through Stripe: the official SDK against the fake Stripe API, signed webhooks."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
from webox.billing import repository as billing_repository
from webox.billing.service import LOCAL_WEBHOOK_SECRET
from webox.testing.stripe import StripeState, sign

from tests.accounts import Account, delete_account


def checkout(user: Account, plan: str = "pro") -> str:
    response = user.client.post("/api/billing/checkout", json={"plan": plan}, headers=user.csrf())
    assert response.status_code == 200, response.text
    return str(response.json()["url"])


def pay(url: str) -> httpx.Response:
    """What a person does on the hosted checkout page: open it, click "Payer"."""
    with httpx.Client(timeout=30) as browser:
        page = browser.get(url)
        assert page.status_code == 200 and "Payer" in page.text
        return browser.post(f"{url}/pay")


def post_event(
    api: httpx.Client, event: dict[str, Any], secret: str = LOCAL_WEBHOOK_SECRET
) -> httpx.Response:
    payload = json.dumps(event).encode()
    headers = {"Stripe-Signature": sign(payload, secret), "Content-Type": "application/json"}
    return api.post("/api/billing/webhook", content=payload, headers=headers)


class TestCheckout:
    def test_paying_on_the_checkout_page_upgrades_the_plan(
        self, create_account: Callable[..., Account], stripe_fake: StripeState
    ) -> None:
        # Given a Free user who starts a Pro subscription
        user = create_account()
        assert user.client.get("/api/billing/subscription").json()["plan"] == "free"
        url = checkout(user, "pro")
        assert urlsplit(url).path.startswith("/checkout/cs_test_")

        # When they pay on the (fake) hosted page
        paid = pay(url)

        # Then they come back to the billing page, on the Pro plan, with an invoice
        assert paid.status_code == 303 and paid.headers["location"].endswith(
            "/settings/billing?checkout=success"
        )
        assert stripe_fake.deliveries == [
            ("checkout.session.completed", 200),
            ("invoice.paid", 200),
            ("customer.subscription.updated", 200),
        ]
        subscription = user.client.get("/api/billing/subscription").json()
        assert subscription["plan"] == "pro" and subscription["status"] == "active"
        assert subscription["current_period_end"] and subscription["cancel_at_period_end"] is False
        assert user.client.get("/api/account/quota").json()["plan"] == "pro"
        # (a French-speaking account pays the euro price, VAT included)
        invoices = user.client.get("/api/billing/invoices").json()["items"]
        assert [(i["amount_paid"], i["currency"], i["status"]) for i in invoices] == [(2280, "eur", "paid")]
        assert invoices[0]["amount_paid_micro_usd"] == 22_800_000 and invoices[0]["hosted_invoice_url"]
        assert httpx.get(invoices[0]["pdf_url"]).content.startswith(b"%PDF")

    def test_an_english_speaking_account_pays_in_dollars(
        self, create_account: Callable[..., Account], stripe_fake: StripeState
    ) -> None:
        user = create_account()
        changed = user.client.patch("/api/account/settings", json={"language": "en"}, headers=user.csrf())
        assert changed.status_code == 200, changed.text

        pay(checkout(user, "team"))

        invoices = user.client.get("/api/billing/invoices").json()["items"]
        assert [(i["amount_paid"], i["currency"]) for i in invoices] == [(4900, "usd")]
        assert user.client.get("/api/billing/subscription").json()["plan"] == "team"

    def test_a_subscriber_is_sent_to_the_portal_instead(
        self, create_account: Callable[..., Account], stripe_fake: StripeState
    ) -> None:
        user = create_account()
        pay(checkout(user))
        again = user.client.post("/api/billing/checkout", json={"plan": "team"}, headers=user.csrf())
        assert again.status_code == 409 and again.json()["code"] == "billing.already_subscribed"

    def test_cancelling_in_the_portal(
        self, create_account: Callable[..., Account], stripe_fake: StripeState
    ) -> None:
        user = create_account()
        assert (
            user.client.post("/api/billing/portal", headers=user.csrf()).json()["code"]
            == "billing.no_customer"
        )
        pay(checkout(user))
        url = user.client.post("/api/billing/portal", headers=user.csrf()).json()["url"]
        with httpx.Client(timeout=30) as browser:
            assert "Résilier" in browser.get(url).text
            back = browser.post(f"{url}/cancel")
        assert back.status_code == 303
        subscription = user.client.get("/api/billing/subscription").json()
        assert subscription["cancel_at_period_end"] is True and subscription["plan"] == "pro"

    def test_a_stripe_outage_is_a_clear_502(
        self, create_account: Callable[..., Account], stripe_fake: StripeState, simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        # More failures than the SDK's two retries
        simulators["stripe"].faults.extend(["500"] * 3)
        response = user.client.post("/api/billing/checkout", json={"plan": "pro"}, headers=user.csrf())
        assert response.status_code == 502 and response.json()["code"] == "billing.stripe_error"
        assert "sk_test" not in response.text
        assert simulators["stripe"].requests == 3
        assert urlsplit(checkout(user)).path.startswith("/checkout/")

    def test_only_paid_plans_can_be_bought(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        response = user.client.post("/api/billing/checkout", json={"plan": "free"}, headers=user.csrf())
        assert response.status_code == 422

    def test_billing_needs_a_session(self, api: httpx.Client) -> None:
        assert api.post("/api/billing/checkout", json={"plan": "pro"}).status_code == 401
        assert api.get("/api/billing/invoices").status_code == 401


def subscription(user: Account, status: str) -> dict[str, Any]:
    """A Team subscription of `user` in `status`, as Stripe describes it."""
    return {
        "id": f"sub_test_{user.id[:12]}",
        "object": "subscription",
        "customer": "cus_test_manual",
        "status": status,
        "cancel_at_period_end": False,
        "current_period_end": int(time.time()) + 86400,
        "metadata": {"user_id": user.id, "plan": "team"},
        "items": {"data": [{"price": {"id": "price_webox_team_monthly"}}]},
    }


def subscription_event(
    user: Account, event_id: str, status: str, stripe: StripeState | None = None
) -> dict[str, Any]:
    """An event carrying the subscription in `status`; with `stripe`, Stripe now holds that state too."""
    snapshot = subscription(user, status)
    if stripe is not None:
        stripe.objects[snapshot["id"]] = dict(snapshot)
    return {
        "id": event_id,
        "object": "event",
        "type": "customer.subscription.updated",
        "created": int(time.time()),
        "data": {"object": snapshot},
    }


class TestWebhook:
    def test_a_bad_signature_is_refused_and_changes_nothing(
        self, api: httpx.Client, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        event = subscription_event(user, "evt_forged", "active")
        forged = post_event(api, event, secret="whsec_someone_else")
        assert forged.status_code == 400 and forged.json()["code"] == "billing.bad_signature"
        unsigned = api.post("/api/billing/webhook", content=json.dumps(event))
        assert unsigned.status_code == 400
        stale = api.post(
            "/api/billing/webhook",
            content=json.dumps(event),
            headers={
                "Stripe-Signature": sign(
                    json.dumps(event).encode(), LOCAL_WEBHOOK_SECRET, int(time.time()) - 3600
                )
            },
        )
        assert stale.status_code == 400
        assert billing_repository.get_account(user.id) is None

    def test_the_same_event_twice_has_one_effect(
        self, api: httpx.Client, create_account: Callable[..., Account], stripe_fake: StripeState
    ) -> None:
        user = create_account()
        first = post_event(api, subscription_event(user, "evt_once", "active", stripe_fake))
        assert first.status_code == 200 and first.json() == {"received": True, "applied": True}
        account = billing_repository.get_account(user.id)
        assert account is not None and account.plan == "team"

        # A later event cancels; then the first one is delivered again (Stripe retries): no effect
        post_event(api, subscription_event(user, "evt_cancel", "canceled", stripe_fake))
        replay = post_event(api, subscription_event(user, "evt_once", "active"))

        assert replay.status_code == 200 and replay.json() == {"received": True, "applied": False}
        after = billing_repository.get_account(user.id)
        assert after is not None and after.status == "canceled" and after.plan == "free"
        assert user.client.get("/api/account/quota").json()["plan"] == "free"

    def test_a_late_event_does_not_undo_a_cancellation(
        self, api: httpx.Client, create_account: Callable[..., Account], stripe_fake: StripeState
    ) -> None:
        user = create_account()
        # Given a subscription created, then cancelled at Stripe
        post_event(api, subscription_event(user, "evt_active", "active", stripe_fake))
        post_event(api, subscription_event(user, "evt_deleted", "canceled", stripe_fake))
        # When an "active" update that Stripe sent earlier arrives last (a new event id, delayed)
        late = post_event(api, subscription_event(user, "evt_late_active", "active"))
        # Then the account follows Stripe's current state: still cancelled, back on Free
        assert late.status_code == 200 and late.json()["applied"] is True
        account = billing_repository.get_account(user.id)
        assert account is not None and account.status == "canceled" and account.plan == "free"


class TestAccountDeletion:
    def test_deleting_the_account_cancels_the_subscription(
        self, create_account: Callable[..., Account], stripe_fake: StripeState
    ) -> None:
        user = create_account()
        pay(checkout(user))
        account = billing_repository.get_account(user.id)
        assert account is not None and account.subscription_id

        response = delete_account(user)

        assert response.status_code == 202, response.text
        assert stripe_fake.objects[account.subscription_id]["status"] == "canceled"
        deadline = time.monotonic() + 10
        while ("customer.subscription.deleted", 200) not in stripe_fake.deliveries:
            assert time.monotonic() < deadline, stripe_fake.deliveries
            time.sleep(0.05)
        assert billing_repository.get_account(user.id) is None
        assert billing_repository.user_of_customer(str(account.customer_id)) is None
