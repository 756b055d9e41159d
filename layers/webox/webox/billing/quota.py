"""Quotas: one check before any work starts (chat turn, gateway call, media or agent job), and the gauges.

Budgets are per calendar month (UTC) and read from the user's monthly usage counters (one Query);
the per-minute rate is a fixed-window counter. A refusal says what was exceeded and when it resets.

Concurrent requests cannot overshoot the cost budget more than one request after another would:
each platform-paid request also holds its estimated cost, with a conditional update that succeeds
only while use plus holds are still under the budget (DynamoDB serialises the parallel ones). A hold
is a counter of the current minute that lapses after `HOLD_MINUTES`, by when the call's real cost is
in the usage counters: no settling step can be forgotten, and a crashed call frees its hold by
itself. The price is that a request's cost counts twice for a few minutes, which can refuse a
request near the limit a little early, never let one through late.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache
from importlib import resources

from webox.account import repository as account_repository
from webox.billing import repository
from webox.billing.errors import CostCapExceeded, EmailNotVerified, ModelNotInPlan, QuotaExceeded, RateLimited
from webox.billing.schemas import Gauge, Plan, PlansFile, QuotaOut
from webox.db import utcnow
from webox.providers import registry
from webox.providers.schemas import AvailableModel
from webox.usage import service as usage_service

# Features whose calls count as media items / agent runs (each usage record is one).
MEDIA_FEATURES = ("media",)
AGENT_FEATURES = ("agent", "agents")
DEFAULT_OUTPUT_TOKENS = 1000  # what an answer is assumed to use when no max_tokens is given
JUDGE_OUTPUT_TOKENS = 2000  # the judge's verdict's max_tokens (webox.verification)
HOLD_MINUTES = 5  # how long a request's estimated cost is held (longer than a turn takes to record)


@cache
def plans() -> dict[str, Plan]:
    """The plans, from `plans.json` (data, not code), loaded once."""
    text = resources.files("webox.billing").joinpath("plans.json").read_text(encoding="utf-8")
    return {plan.id: plan for plan in PlansFile.model_validate_json(text).plans}


def plan_of(user_id: str) -> Plan:
    """The user's current plan (Free without an active subscription)."""
    account = repository.get_account(user_id)
    if account is None or account.status not in ("active", "trialing", "past_due"):
        return plans()["free"]
    return plans().get(account.plan, plans()["free"])


def period(now: datetime | None = None) -> tuple[datetime, datetime]:
    """The current quota period: this calendar month (UTC) and the instant the next one starts."""
    now = now or utcnow()
    start = datetime(now.year, now.month, 1, tzinfo=UTC)
    end = datetime(now.year + now.month // 12, now.month % 12 + 1, 1, tzinfo=UTC)
    return start, end


def _used(user_id: str, now: datetime) -> dict[str, int]:
    """This month's use of what the plan sells: calls answered by the platform's own keys (those
    made with the user's keys or answered by local simulators are not counted)."""
    used = {"cost": 0, "tokens": 0, "media": 0, "agents": 0}
    for item in usage_service.month_totals(user_id, now.strftime("%Y-%m")):
        feature = item.sk.rsplit("#", 1)[1]
        used["cost"] += int(item.billed_cost_micro_usd or 0)
        used["tokens"] += int(item.billed_tokens or 0)
        if feature in MEDIA_FEATURES:
            used["media"] += int(item.billed_requests or 0)
        if feature in AGENT_FEATURES:
            used["agents"] += int(item.billed_requests or 0)
    return used


def _limits(plan: Plan) -> dict[str, int | None]:
    return {
        "cost": plan.monthly_cost_budget_micro_usd,
        "tokens": plan.monthly_token_budget,
        "media": plan.media_per_month,
        "agents": plan.agent_runs_per_month,
    }


def estimate_cost(models: Sequence[str], prompt_chars: int, max_tokens: int | None) -> int:
    """A request's likely cost in micro-USD: ~4 characters a token in, `max_tokens` (or 1000) out per model."""
    total = 0.0
    for model_id in models:
        model = registry.get_model(model_id)
        total += (prompt_chars / 4) * model.price_in + (max_tokens or DEFAULT_OUTPUT_TOKENS) * model.price_out
    return round(total)  # prices are USD per million tokens: the sum is already micro-USD


def _cost_cap(user_id: str) -> int | None:
    value = account_repository.get_settings(user_id).cost_cap_micro_usd
    return int(value) if value is not None else None


def check(
    user_id: str,
    feature: str,
    *,
    models: Sequence[str] = (),
    estimated_cost_micro_usd: int | None = None,
    paid: bool = True,
    answering: int | None = None,
) -> Plan:
    """Refuse work the user's plan does not allow right now, before it starts (402 or 429);
    counts the request against the plan's per-minute rate. Returns the plan.

    Plans sell what the platform pays for: `models` are those its own keys would answer, and only
    `paid` work is held to the plan's models and budgets, and needs a verified e-mail address.
    Work answered by the user's own keys (`paid=False`) only counts against the per-minute rate."""
    plan = plan_of(user_id)
    if not paid:
        _count_request(user_id, plan)
        return plan
    if not repository.email_verified(user_id):
        raise EmailNotVerified()
    refused = [m for m in models if not plan.allows(m)]
    if refused:
        raise ModelNotInPlan(refused, plan.id)
    now = utcnow()
    _, resets_at = period(now)
    # The plan's models per message count the models that answer (`answering`, default: all of
    # `models`), not the judge that reads their answers.
    per_turn = len(models) if answering is None else answering
    if per_turn > plan.max_models_per_turn:
        raise QuotaExceeded("models_per_turn", per_turn, plan.max_models_per_turn, resets_at, plan.id)
    used, limits = _used(user_id, now), _limits(plan)
    checked = ["cost", "tokens"]
    checked += ["media"] if feature in MEDIA_FEATURES else ["agents"] if feature in AGENT_FEATURES else []
    for name in checked:
        limit = limits[name]
        if limit is not None and used[name] >= limit:
            raise QuotaExceeded(name, used[name], limit, resets_at, plan.id)
    cap = _cost_cap(user_id)
    if cap is not None and estimated_cost_micro_usd is not None and estimated_cost_micro_usd > cap:
        raise CostCapExceeded(estimated_cost_micro_usd, cap)
    _count_request(user_id, plan)
    budget = limits["cost"]
    if budget is not None and estimated_cost_micro_usd:
        _hold(user_id, estimated_cost_micro_usd, used["cost"], budget, resets_at, plan.id)
    return plan


def _hold(user_id: str, estimate: int, used: int, budget: int, resets_at: datetime, plan: str) -> None:
    """Hold `estimate` against the cost budget, or refuse when use and holds already reach it."""
    minute = int(utcnow().timestamp()) // 60
    earlier = repository.budget_held(user_id, range(minute - HOLD_MINUTES + 1, minute))
    room = budget - used - earlier
    expires = datetime.fromtimestamp((minute + HOLD_MINUTES + 1) * 60, tz=UTC)
    if room <= 0 or not repository.hold_budget(user_id, minute, estimate, room, expires):
        raise QuotaExceeded("cost", used, budget, resets_at, plan)


def _count_request(user_id: str, plan: Plan) -> None:
    now = utcnow()
    window = int(now.timestamp()) // 60
    if repository.count_request(user_id, window) > plan.requests_per_minute:
        raise RateLimited(plan.requests_per_minute, retry_after=60 - int(now.timestamp()) % 60)


def check_models(
    user_id: str,
    feature: str,
    sources: dict[str, str],
    *,
    prompt_chars: int,
    max_tokens: int | None,
    judge: tuple[str, str] | None = None,
) -> None:
    """`check` for a call to models whose key sources are known (`{model: "platform" | "user" |
    "simulated"}`): the platform's models are held to the plan; a call answered only by local
    simulators costs nobody anything and is not counted. `judge`: the (model, key source) that
    will then read every answer (cross-verification), counted like the others: its input is the
    question and every answer."""
    if all(source == "simulated" for source in sources.values()) and (
        judge is None or judge[1] == "simulated"
    ):
        return
    paid = [model for model, source in sources.items() if source == "platform"]
    answering = len(paid)
    estimate = estimate_cost(paid, prompt_chars, max_tokens)
    if judge is not None and judge[1] == "platform":
        answers_chars = 4 * len(sources) * (max_tokens or DEFAULT_OUTPUT_TOKENS)
        estimate += estimate_cost([judge[0]], prompt_chars + answers_chars, JUDGE_OUTPUT_TOKENS)
        paid += [judge[0]] if judge[0] not in paid else []
    check(
        user_id, feature, models=paid, estimated_cost_micro_usd=estimate, paid=bool(paid), answering=answering
    )


def judge_allowed(user_id: str, model_id: str, source: str) -> bool:
    """Whether a judge answered by `source` costs the platform nothing or is within the user's plan."""
    return source != "platform" or (plan_of(user_id).allows(model_id) and repository.email_verified(user_id))


def gauges(user_id: str) -> QuotaOut:
    """What the dashboard's gauges show: each monthly budget, used and allowed, and when it resets."""
    plan = plan_of(user_id)
    start, resets_at = period()
    used, limits = _used(user_id, utcnow()), _limits(plan)
    units = {"cost": "micro_usd", "tokens": "tokens", "media": "items", "agents": "runs"}
    return QuotaOut(
        plan=plan.id,
        period_start=start,
        resets_at=resets_at,
        gauges=[Gauge(name=n, used=used[n], limit=limits[n], unit=units[n]) for n in units],  # type: ignore[arg-type]
        cost_cap_micro_usd=_cost_cap(user_id),
        max_paid_models_per_turn=plan.max_models_per_turn,
    )


def mark_in_plan(user_id: str, models: list[AvailableModel]) -> list[AvailableModel]:
    """The picker's models with `in_plan` set: a model the platform would pay for is locked when the
    user's plan does not include it."""
    plan = plan_of(user_id)
    return [m.model_copy(update={"in_plan": m.key_source != "platform" or plan.allows(m.id)}) for m in models]
