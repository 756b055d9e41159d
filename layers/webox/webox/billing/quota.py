"""Quotas: one check before any work starts (chat turn, gateway call, media or agent job), and the gauges.

Budgets are per calendar month (UTC) and read from the user's monthly usage counters (one Query);
the per-minute rate is a fixed-window counter. A refusal says what was exceeded and when it resets.

Concurrent requests cannot overshoot a budget more than one request after another would: each
platform-paid request also holds what it will use (its estimated cost; a media job's item), with a conditional update that succeeds only while use plus holds are still under the budget
(DynamoDB serialises the parallel ones). A hold is a counter of the current minute that lapses
after `HOLD_MINUTES`, by when the call's real use is in the usage counters: no settling step can be
forgotten, and a crashed call frees its hold by itself. The price is that a request counts twice
for a few minutes, which can refuse a request near the limit a little early, never let one
through late.

Everything a check reads (the plan, the verified address, the cost cap, the month's use and the
recent holds) is read at once (`standing`: one BatchGetItem beside one Query), so a check costs
two round trips before its two counter updates, whatever the number of models or judges weighed.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from webox.account import repository as account_repository
from webox.account.models import AccountSettings
from webox.auth.models import Counter, User
from webox.billing import repository
from webox.billing.errors import CostCapExceeded, EmailNotVerified, ModelNotInPlan, QuotaExceeded, RateLimited
from webox.billing.models import BillingAccount
from webox.billing.schemas import Gauge, Plan, PlansFile, QuotaOut
from webox.db import get_together, utcnow
from webox.usage import service as usage_service

if TYPE_CHECKING:
    from webox.providers.model_schemas import AvailableModel

# Features whose calls count as media items / agent runs (each usage record is one).
MEDIA_FEATURES = ("media",)
AGENT_FEATURES = ("agent", "agents")
DEFAULT_OUTPUT_TOKENS = 1000  # what an answer is assumed to use when no max_tokens is given
JUDGE_OUTPUT_TOKENS = 2000  # the judge's verdict's max_tokens (webox.verification)
HOLD_MINUTES = 5  # how long a request's estimated use is held (longer than a turn takes to record)
# The budgets a request holds: its cost, a media job's item and an agent's model call (each check of
# an agent's, a workflow's or a task's model call is followed by one usage record, which the
# "agents" budget counts). Not tokens: they follow cost.
HELD = ("cost", "media", "agents")


@cache
def plans() -> dict[str, Plan]:
    """The plans, from `plans.json` (data, not code), loaded once."""
    text = resources.files("webox.billing").joinpath("plans.json").read_text(encoding="utf-8")
    return {plan.id: plan for plan in PlansFile.model_validate_json(text).plans}


def plan_of(user_id: str) -> Plan:
    """The user's current plan (Free without an active subscription)."""
    return _plan(repository.get_account(user_id))


def _plan(account: BillingAccount | None) -> Plan:
    if account is None or account.status not in ("active", "trialing", "past_due"):
        return plans()["free"]
    return plans().get(account.plan, plans()["free"])


@dataclass(frozen=True)
class Standing:
    """Where a user stands against their plan at one instant: what every check weighs."""

    plan: Plan
    email_verified: bool
    used: dict[str, int]  # this month's use, see `_used`
    cost_cap: int | None  # the user's own cap on one request's estimated cost (micro-USD)
    held: dict[str, int]  # of each `HELD` budget, what the previous `HOLD_MINUTES - 1` minutes hold
    minute: int  # the minute it was read in (the current hold's window)

    def paid_allowed(self, model_id: str) -> bool:
        """Whether the platform may pay for `model_id` for this user."""
        return self.email_verified and self.plan.allows(model_id)


# Threads start on first use (a Lambda container serves one request at a time; the local host,
# many). Two pools: a standing read on the first pool waits for its Query on the second.
_STANDINGS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="quota")
_MONTHS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="quota-month")


def standing(user_id: str, now: datetime | None = None) -> Standing:
    """Read where the user stands: their billing account, user, settings and recent holds in one
    BatchGetItem, while the month's usage totals are queried beside it."""
    now = now or utcnow()
    minute = int(now.timestamp()) // 60
    month = _MONTHS.submit(_used, user_id, now)
    holds = [(name, m) for name in HELD for m in range(minute - HOLD_MINUTES + 1, minute)]
    account, user, settings, *counters = get_together(
        (BillingAccount, {"user_id": user_id}),
        (User, {"id": user_id}),
        (AccountSettings, {"user_id": user_id}),
        *((Counter, {"key": repository.hold_key(user_id, name, m)}) for name, m in holds),
    )
    held = dict.fromkeys(HELD, 0)
    for (name, _minute), counter in zip(holds, counters, strict=True):
        held[name] += int(counter.hits) if isinstance(counter, Counter) else 0
    cap = settings.cost_cap_micro_usd if isinstance(settings, AccountSettings) else None
    return Standing(
        plan=_plan(account if isinstance(account, BillingAccount) else None),
        email_verified=isinstance(user, User) and bool(user.email_verified),
        used=month.result(),
        cost_cap=int(cap) if cap is not None else None,
        held=held,
        minute=minute,
    )


def standing_soon(user_id: str) -> Future[Standing]:
    """`standing`, read on another thread while the caller reads what else it needs."""
    return _STANDINGS.submit(standing, user_id)


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
    # Imported here: the functions showing plans and gauges need no model's prices.
    from webox.providers import registry

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
    known: Standing | None = None,
) -> Plan:
    """Refuse work the user's plan does not allow right now, before it starts (402 or 429);
    counts the request against the plan's per-minute rate. Returns the plan.

    Plans sell what the platform pays for: `models` are those its own keys would answer, and only
    `paid` work is held to the plan's models and budgets, and needs a verified e-mail address.
    Work answered by the user's own keys (`paid=False`) only counts against the per-minute rate.
    `known`: the user's standing when the caller read it already (`standing_soon`)."""
    now = utcnow()
    if not paid:
        plan = known.plan if known is not None else plan_of(user_id)
        _count_request(user_id, plan, now)
        return plan
    state = known or standing(user_id, now)
    plan = state.plan
    if not state.email_verified:
        raise EmailNotVerified()
    refused = [m for m in models if not plan.allows(m)]
    if refused:
        raise ModelNotInPlan(refused, plan.id)
    _, resets_at = period(now)
    # The plan's models per message count the models that answer (`answering`, default: all of
    # `models`), not the judge that reads their answers.
    per_turn = len(models) if answering is None else answering
    if per_turn > plan.max_models_per_turn:
        raise QuotaExceeded("models_per_turn", per_turn, plan.max_models_per_turn, resets_at, plan.id)
    used, limits = state.used, _limits(plan)
    checked = ["cost", "tokens"]
    checked += ["media"] if feature in MEDIA_FEATURES else ["agents"] if feature in AGENT_FEATURES else []
    for name in checked:
        limit = limits[name]
        if limit is not None and used[name] >= limit:
            raise QuotaExceeded(name, used[name], limit, resets_at, plan.id)
    cap = state.cost_cap
    if cap is not None and estimated_cost_micro_usd is not None and estimated_cost_micro_usd > cap:
        raise CostCapExceeded(estimated_cost_micro_usd, cap)
    # The minute's count and the holds are written side by side (one round trip, not three); a
    # request the rate refuses keeps its holds until they lapse, which can only refuse early.
    wanted = {
        "cost": estimated_cost_micro_usd or 0,
        "media": int(feature in MEDIA_FEATURES),
        "agents": int(feature in AGENT_FEATURES),
    }
    holding = [
        _STANDINGS.submit(_hold, user_id, name, amount, state, resets_at)
        for name, amount in wanted.items()
        if amount and limits[name] is not None
    ]
    try:
        _count_request(user_id, plan, now)
    finally:
        failed = [error for future in holding if (error := future.exception()) is not None]
    if failed:
        raise failed[0]
    return plan


def _hold(user_id: str, name: str, amount: int, state: Standing, resets_at: datetime) -> None:
    """Hold `amount` of budget `name` in the current minute's hold, or refuse when use and holds
    already reach it (the earlier minutes' holds were read with the standing)."""
    limit = _limits(state.plan)[name]
    assert limit is not None
    room = limit - state.used[name] - state.held[name]
    expires = datetime.fromtimestamp((state.minute + HOLD_MINUTES + 1) * 60, tz=UTC)
    if room <= 0 or not repository.hold(user_id, name, state.minute, amount, room, expires):
        raise QuotaExceeded(name, state.used[name], limit, resets_at, state.plan.id)


def _count_request(user_id: str, plan: Plan, now: datetime) -> None:
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
    known: Standing | None = None,
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
        user_id,
        feature,
        models=paid,
        estimated_cost_micro_usd=estimate,
        paid=bool(paid),
        answering=answering,
        known=known,
    )


def judge_allowed(user_id: str, model_id: str, source: str) -> bool:
    """Whether a judge answered by `source` costs the platform nothing or is within the user's plan."""
    return bool(judges_allowed(user_id, {model_id: source}))


def judges_allowed(user_id: str, sources: dict[str, str], known: Standing | None = None) -> list[str]:
    """Of these candidate judges (`{model: key source}`), those `judge_allowed` keeps, with the
    user's standing read once (not once per model)."""
    if known is None and any(source == "platform" for source in sources.values()):
        known = standing(user_id)
    return [m for m, source in sources.items() if source != "platform" or (known and known.paid_allowed(m))]


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
