"""Billing and quota errors: what was exceeded, how much is used, when it resets."""

from __future__ import annotations

from datetime import datetime

from webox.errors import Conflict, Forbidden, Invalid, TooManyRequests, UpstreamError, WeboxError


class PaymentRequired(WeboxError):
    status, code, title = 402, "quota.exceeded", "Quota exceeded"


class QuotaExceeded(PaymentRequired):
    """A monthly budget of the plan is used up (402)."""

    def __init__(self, quota: str, used: int, limit: int, resets_at: datetime, plan: str) -> None:
        super().__init__(
            f"The {plan} plan's {quota} quota is used up until {resets_at:%Y-%m-%d}",
            extra={
                "quota": quota,
                "used": used,
                "limit": limit,
                "resets_at": resets_at.isoformat(),
                "plan": plan,
            },
        )


class ModelNotInPlan(PaymentRequired):
    code, title = "quota.model_not_in_plan", "Model not in your plan"

    def __init__(self, models: list[str], plan: str) -> None:
        super().__init__(
            f"Not in the {plan} plan: {', '.join(models)}", extra={"models": models, "plan": plan}
        )


class CostCapExceeded(PaymentRequired):
    code, title = "quota.cost_cap", "Over your per-request cost cap"

    def __init__(self, estimated: int, cap: int) -> None:
        super().__init__(
            "This request may cost more than your per-request cap",
            extra={"estimated_cost_micro_usd": estimated, "cost_cap_micro_usd": cap},
        )


class EmailNotVerified(Forbidden):
    """The platform pays only for accounts whose e-mail address is proven (else one could open free
    accounts without end); simulated models and the user's own keys need no verification."""

    status, code, title = 403, "email_not_verified", "Confirm your e-mail address first"

    def __init__(self) -> None:
        super().__init__(
            "Models paid by the platform need a verified e-mail address: open the link we sent you"
        )


class RateLimited(TooManyRequests):
    code, title = "quota.rate_limited", "Too many requests for your plan"

    def __init__(self, limit: int, retry_after: int) -> None:
        super().__init__(f"At most {limit} requests a minute on your plan", retry_after=retry_after)
        self.extra.update({"quota": "requests_per_minute", "limit": limit})


class UnknownPlan(Invalid):
    code, title = "billing.unknown_plan", "Unknown or free plan"


class BadSignature(WeboxError):
    status, code, title = 400, "billing.bad_signature", "Invalid webhook signature"


class BillingUnavailable(WeboxError):
    status, code, title = 503, "billing.unavailable", "Payments are not configured"


class NoCustomer(Invalid):
    code, title = "billing.no_customer", "No subscription yet"


class AlreadySubscribed(Conflict):
    code, title = "billing.already_subscribed", "You already have a subscription: use the portal"


class StripeFailed(UpstreamError):
    code, title = "billing.stripe_error", "The payment provider failed; try again"


# What the quota check before any model call can refuse (documented on every route that calls one).
QUOTA_ERRORS: tuple[type[WeboxError], ...] = (
    QuotaExceeded,
    ModelNotInPlan,
    CostCapExceeded,
    RateLimited,
    EmailNotVerified,
)
