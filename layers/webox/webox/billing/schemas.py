"""Plans (as data), quota gauges, subscriptions and invoices."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PlanId = Literal["free", "pro", "team"]
Currency = Literal["eur", "usd"]


_PLAN_EXAMPLE: dict[str, Any] = {
    "id": "pro",
    "name": "Pro",
    "price_micro_usd_month": 19000000,
    "monthly_cost_budget_micro_usd": 25000000,
    "monthly_token_budget": 10000000,
    "models": "all",
    "media_per_month": 300,
    "agent_runs_per_month": 200,
    "max_models_per_turn": 8,
    "requests_per_minute": 60,
    "prices": [
        {"currency": "eur", "amount": 2280, "vat_percent": 20},
        {"currency": "usd", "amount": 1900, "vat_percent": 0},
    ],
}


class PlanPrice(BaseModel):
    """What a plan costs a month in one currency, as the customer pays it (tax included)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    currency: Currency
    amount: int = Field(ge=0, description="In the currency's smallest unit (cents), tax included")
    vat_percent: float = Field(
        default=0, ge=0, le=100, description="The VAT included in `amount` (20 for France), 0 when none"
    )
    stripe_price: str | None = Field(default=None, exclude=True)


class Plan(BaseModel):
    """One plan of `plans.json`; budgets are per calendar month (UTC)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_PLAN_EXAMPLE]}, frozen=True, extra="forbid")

    id: PlanId
    name: str
    price_micro_usd_month: int = Field(ge=0)
    monthly_cost_budget_micro_usd: int = Field(ge=0)
    monthly_token_budget: int | None = Field(default=None, ge=0)
    models: Literal["all"] | list[str]
    media_per_month: int = Field(ge=0)
    agent_runs_per_month: int = Field(ge=0)
    max_models_per_turn: int = Field(ge=1, le=12)
    requests_per_minute: int = Field(ge=1)
    prices: list[PlanPrice] = Field(
        default_factory=list, description="What the plan costs in each currency sold (none for Free)"
    )

    def allows(self, model: str) -> bool:
        return self.models == "all" or model in self.models

    def price_in(self, currency: Currency) -> PlanPrice | None:
        """The plan's price in `currency`, else in dollars, else none."""
        by_currency = {price.currency: price for price in self.prices}
        return by_currency.get(currency) or by_currency.get("usd")


class PlansFile(BaseModel):
    """`plans.json` as a whole."""

    plans: list[Plan]


class PlanList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": "free",
                            "name": "Gratuit",
                            "price_micro_usd_month": 0,
                            "monthly_cost_budget_micro_usd": 2000000,
                            "monthly_token_budget": 1000000,
                            "models": ["gpt-4o-mini", "claude-haiku-4-5", "mistral-small-latest"],
                            "media_per_month": 20,
                            "agent_runs_per_month": 10,
                            "max_models_per_turn": 3,
                            "requests_per_minute": 20,
                            "prices": [],
                        },
                        _PLAN_EXAMPLE,
                    ],
                    "currency": "eur",
                }
            ]
        }
    )

    items: list[Plan]
    currency: Currency = Field(
        description="The currency the caller pays in: euros (VAT included) in French, dollars otherwise"
    )


class Gauge(BaseModel):
    name: Literal["cost", "tokens", "media", "agents"]
    used: int
    limit: int | None
    unit: Literal["micro_usd", "tokens", "items", "runs"]


class QuotaOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "plan": "free",
                    "period_start": "2026-11-01T00:00:00Z",
                    "resets_at": "2026-12-01T00:00:00Z",
                    "gauges": [{"name": "cost", "used": 125000, "limit": 2000000, "unit": "micro_usd"}],
                    "cost_cap_micro_usd": None,
                    "max_paid_models_per_turn": 3,
                }
            ]
        }
    )

    plan: PlanId
    period_start: datetime
    resets_at: datetime
    gauges: list[Gauge]
    cost_cap_micro_usd: int | None
    max_paid_models_per_turn: int = Field(
        description="How many models the platform pays for may answer one message (own keys and "
        "simulated models are not counted)."
    )


class CheckoutIn(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"plan": "pro"}]}, extra="forbid")

    plan: Literal["pro", "team"]


class UrlOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"url": "https://checkout.stripe.com/c/pay/cs_test_a1B2c3D4e5F6g7H8"}]
        }
    )

    url: str = Field(examples=["https://checkout.stripe.com/c/pay/cs_test_…"])


class SubscriptionOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "plan": "pro",
                    "status": "active",
                    "current_period_end": "2026-12-24T10:00:00Z",
                    "cancel_at_period_end": False,
                }
            ]
        }
    )

    plan: PlanId
    status: str = Field(examples=["active", "canceled", "past_due", "none"])
    current_period_end: datetime | None
    cancel_at_period_end: bool


class InvoiceOut(BaseModel):
    id: str
    number: str | None
    amount_paid_micro_usd: int
    amount_paid: int = Field(description="In the currency's smallest unit (cents), as Stripe reports it")
    currency: str
    status: str | None
    created_at: datetime
    hosted_invoice_url: str | None
    pdf_url: str | None


class InvoiceList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "items": [
                        {
                            "id": "in_1QxYz2AbCdEfGhIj",
                            "number": "WEBOX-0042",
                            "amount_paid_micro_usd": 19000000,
                            "amount_paid": 1900,
                            "currency": "eur",
                            "status": "paid",
                            "created_at": "2026-11-24T10:00:00Z",
                            "hosted_invoice_url": "https://invoice.stripe.com/i/acct_1Webox/test_YWNjdF8x",
                            "pdf_url": "https://pay.stripe.com/invoice/acct_1Webox/test_YWNjdF8x/pdf",
                        }
                    ]
                }
            ]
        }
    )

    items: list[InvoiceOut]


class WebhookOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"received": True, "applied": True}]})

    received: bool
    applied: bool = Field(description="False for a replay of an event already applied")
