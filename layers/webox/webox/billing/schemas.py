"""Plans (as data), quota gauges, subscriptions and invoices."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

PlanId = Literal["free", "pro", "team"]


class Plan(BaseModel):
    """One plan of `plans.json`; budgets are per calendar month (UTC)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

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
    stripe_price: str | None = Field(default=None, exclude=True)

    def allows(self, model: str) -> bool:
        return self.models == "all" or model in self.models


class PlansFile(BaseModel):
    """`plans.json` as a whole."""

    plans: list[Plan]


class PlanList(BaseModel):
    items: list[Plan]


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
                }
            ]
        }
    )

    plan: PlanId
    period_start: datetime
    resets_at: datetime
    gauges: list[Gauge]
    cost_cap_micro_usd: int | None


class CheckoutIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    plan: Literal["pro", "team"]


class UrlOut(BaseModel):
    url: str = Field(examples=["https://checkout.stripe.com/c/pay/cs_test_…"])


class SubscriptionOut(BaseModel):
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
    items: list[InvoiceOut]


class WebhookOut(BaseModel):
    received: bool
    applied: bool = Field(description="False for a replay of an event already applied")
