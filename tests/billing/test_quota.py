"""Plans and quotas: refused before any work starts (chat over HTTP and WebSocket, gateway), gauges."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from typing import Any

import openai
import pytest
from webox.billing import quota
from webox.billing import repository as billing_repository
from webox.db import utcnow
from webox.local.host import LocalHost
from webox.providers import registry
from webox.usage import service as usage_service

from tests.accounts import Account
from tests.sockets import Socket

FREE_BUDGET = 2_000_000  # plans.json: the Free plan's monthly cost budget


@pytest.fixture
def platform_keys(monkeypatch: pytest.MonkeyPatch, simulators: dict[str, Any]) -> None:
    """The platform holds keys for OpenAI, Anthropic and Mistral, and keyed calls to them reach the
    simulators (`<VENDOR>_BASE_URL`): what the platform pays for is what plans sell."""
    for vendor in ("openai", "anthropic", "mistral"):
        monkeypatch.setenv(f"{vendor.upper()}_API_KEY", f"sk-platform-{vendor}")
        monkeypatch.setenv(f"{vendor.upper()}_BASE_URL", os.environ[registry.simulated_url_env(vendor)])


def new_conversation(account: Account) -> str:
    return str(account.client.post("/api/conversations", json={}, headers=account.csrf()).json()["id"])


def send_turn(account: Account, models: list[str], **extra: Any) -> Any:
    return account.client.post(
        f"/api/conversations/{new_conversation(account)}/turns",
        json={"models": models, "content": "Bonjour", "verify": False, **extra},
        headers=account.csrf(),
    )


class TestPlans:
    def test_plans_are_listed_as_data(self, api: Any) -> None:
        plans = api.get("/api/billing/plans").json()["items"]
        assert [p["id"] for p in plans] == ["free", "pro", "team"]
        free = plans[0]
        assert free["price_micro_usd_month"] == 0 and free["monthly_cost_budget_micro_usd"] == FREE_BUDGET
        assert isinstance(free["models"], list) and plans[1]["models"] == "all"
        assert "stripe_price" not in free and free["prices"] == []

    def test_french_speakers_see_euros_with_vat_and_others_dollars(self, api: Any) -> None:
        french = api.get("/api/billing/plans", params={"language": "fr"}).json()
        english = api.get("/api/billing/plans", params={"language": "en"}).json()
        assert french["currency"] == "eur" and english["currency"] == "usd"
        pro = {price["currency"]: price for price in french["items"][1]["prices"]}
        assert pro["eur"] == {"currency": "eur", "amount": 2280, "vat_percent": 20}
        assert pro["usd"] == {"currency": "usd", "amount": 1900, "vat_percent": 0}
        assert "stripe_price" not in pro["eur"]

    def test_a_plans_dollar_price_is_its_reference_price(self) -> None:
        for plan in quota.plans().values():
            dollars = plan.price_in("usd")
            assert (dollars.amount * 10_000 if dollars else 0) == plan.price_micro_usd_month, plan.id

    def test_an_unknown_language_is_a_problem_not_a_500(self, api: Any) -> None:
        response = api.get("/api/billing/plans", params={"language": "de"})
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")


@pytest.mark.usefixtures("platform_keys")
class TestChatQuota:
    def test_allowed_below_the_budget_refused_at_it(
        self, create_account: Callable[..., Account], spend: Callable[..., None], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        spend(user.id, FREE_BUDGET - 1)
        assert send_turn(user, ["gpt-4o-mini"]).status_code == 200

        spend(user.id, FREE_BUDGET)
        refused = send_turn(user, ["gpt-4o-mini"])

        assert refused.status_code == 402 and refused.headers["content-type"] == "application/problem+json"
        body = refused.json()
        assert body["code"] == "quota.exceeded" and body["quota"] == "cost" and body["plan"] == "free"
        assert body["used"] >= FREE_BUDGET and body["limit"] == FREE_BUDGET
        start = utcnow()
        assert body["resets_at"].startswith(f"{start.year + start.month // 12}-{start.month % 12 + 1:02d}-01")

    def test_a_paid_plan_has_a_larger_budget(
        self, create_account: Callable[..., Account], spend: Callable[..., None], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        billing_repository.save_account(user.id, plan="pro", status="active")
        spend(user.id, FREE_BUDGET * 2)
        assert send_turn(user, ["claude-sonnet-4-6"]).status_code == 200

    def test_a_model_outside_the_plan(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        response = send_turn(user, ["gpt-4o-mini", "claude-sonnet-4-6"])
        assert response.status_code == 402
        assert response.json()["code"] == "quota.model_not_in_plan" and response.json()["models"] == [
            "claude-sonnet-4-6"
        ]

    def test_too_many_models_for_the_plan(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        response = send_turn(user, ["gpt-4o-mini", "gpt-4o", "claude-haiku-4-5", "mistral-small-latest"])
        assert response.status_code == 402 and response.json()["quota"] == "models_per_turn"

    def test_the_picker_tells_which_models_the_plan_locks_and_how_many_it_allows(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        models = {m["id"]: m for m in user.client.get("/api/models").json()}
        assert models["gpt-4o-mini"]["in_plan"] is True and models["gpt-4o-mini"]["key_source"] == "platform"
        assert models["claude-sonnet-4-6"]["in_plan"] is False  # the platform would pay, Free lacks it
        assert models["gemini-2.5-pro"]["key_source"] == "simulated" and models["gemini-2.5-pro"]["in_plan"]
        assert user.client.get("/api/account/quota").json()["max_paid_models_per_turn"] == 3

    def test_the_per_request_cost_cap(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        user.client.patch("/api/account/settings", json={"cost_cap_micro_usd": 100}, headers=user.csrf())
        # gpt-4o: up to 1000 output tokens at 10 USD per million = 10 000 micro-USD, over the cap
        refused = send_turn(user, ["gpt-4o"])
        assert refused.status_code == 402 and refused.json()["code"] == "quota.cost_cap"
        assert refused.json()["cost_cap_micro_usd"] == 100
        # a short answer of a cheap model fits under it
        assert send_turn(user, ["gpt-4o-mini"], params={"max_tokens": 50}).status_code == 200

    def test_the_websocket_send_is_refused_the_same_way(
        self, aws: LocalHost, create_account: Callable[..., Account], spend: Callable[..., None]
    ) -> None:
        user = create_account()
        spend(user.id, FREE_BUDGET)
        with Socket(user.client) as socket:
            socket.send(
                {"action": "chat.send", "request_id": "q-1", "models": ["gpt-4o-mini"], "content": "x"}
            )
            frame = socket.until(lambda f: f["type"] == "chat.rejected")[-1]
        assert frame["code"] == "quota.exceeded" and frame["request_id"] == "q-1"
        assert frame["quota"] == "cost" and frame["resets_at"]
        assert user.client.get("/api/timeline").json()["items"] == []


class TestWhatPlansDoNotLimit:
    def test_models_answered_by_local_simulators_are_free(
        self, create_account: Callable[..., Account], spend: Callable[..., None], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        spend(user.id, FREE_BUDGET * 10)
        many = ["gpt-4o-mini", "claude-sonnet-4-6", "mistral-large-latest", "gemini-2.5-pro", "grok-3"]
        response = send_turn(user, many)
        assert response.status_code == 200
        assert {a["model"] for a in response.json()["answers"]} == set(many)

    def test_the_users_own_key_only_counts_against_the_rate(
        self,
        aws: LocalHost,
        create_account: Callable[..., Account],
        spend: Callable[..., None],
        platform_keys: None,
    ) -> None:
        user = create_account()
        stored = user.client.put(
            "/api/account/keys/anthropic", json={"key": "sk-ant-own-0123456789abcdef"}, headers=user.csrf()
        )
        assert stored.status_code == 200
        spend(user.id, FREE_BUDGET)
        # claude-sonnet-4-6 is not in the Free plan and the budget is spent, but the user pays for it.
        own = send_turn(user, ["claude-sonnet-4-6"])
        assert own.status_code == 200
        assert send_turn(user, ["gpt-4o-mini"]).json()["code"] == "quota.exceeded"

    def test_calls_on_the_users_own_key_do_not_use_up_the_budget(
        self, aws: LocalHost, create_account: Callable[..., Account], platform_keys: None
    ) -> None:
        user = create_account()
        usage_service.record(  # a month of calls made with the user's own OpenAI key
            usage_service.Usage(
                user_id=user.id,
                feature="chat",
                model="gpt-4o",
                vendor="openai",
                request_id="own-key-call",
                status="done",
                input_tokens=5000,
                cost=FREE_BUDGET * 3 / 1_000_000,
                billed=False,
            )
        )
        gauges = {g["name"]: g for g in user.client.get("/api/account/quota").json()["gauges"]}
        assert gauges["cost"]["used"] == 0 and gauges["tokens"]["used"] == 0
        assert send_turn(user, ["gpt-4o-mini"]).status_code == 200  # the platform's key answers now
        month = usage_service.month_totals(user.id, utcnow().strftime("%Y-%m"))
        billed = {m.sk.rsplit("#", 1)[1]: int(m.billed_requests or 0) for m in month}
        assert billed["chat"] == 1  # the platform-keyed answer, recorded by the turn's merge step

    @pytest.mark.parametrize("path", ["rest", "websocket"])
    def test_in_one_turn_only_the_platforms_answers_are_billed(
        self, aws: LocalHost, create_account: Callable[..., Account], platform_keys: None, path: str
    ) -> None:
        user = create_account()
        stored = user.client.put(
            "/api/account/keys/anthropic", json={"key": "sk-ant-own-0123456789abcdef"}, headers=user.csrf()
        )
        assert stored.status_code == 200
        # gpt-4o-mini on the platform's key, Claude on the user's own, Gemini simulated (no key at all)
        models = ["gpt-4o-mini", "claude-sonnet-4-6", "gemini-2.5-flash"]
        if path == "rest":
            answered = send_turn(user, models)
            assert answered.status_code == 200
            assert all(a["status"] == "done" for a in answered.json()["answers"])
        else:  # the Step Functions fan-out: the merge step bills from the execution's input
            with Socket(user.client) as socket:
                socket.send(
                    {
                        "action": "chat.send",
                        "request_id": "b-1",
                        "models": models,
                        "content": "x",
                        "verify": False,
                    }
                )
                frames = socket.until(lambda f: f["type"] == "chat.finished" and f["request_id"] == "b-1")
            assert sorted(f["model"] for f in frames if f["type"] == "chat.done") == sorted(models)
        month = usage_service.month_totals(user.id, utcnow().strftime("%Y-%m"))
        chat = next(m for m in month if m.sk.rsplit("#", 1)[1] == "chat")
        assert (int(chat.requests), int(chat.billed_requests or 0)) == (3, 1)


@pytest.mark.usefixtures("platform_keys")
class TestGatewayQuota:
    def test_the_gateway_answers_402_at_the_budget(
        self,
        aws: LocalHost,
        create_account: Callable[..., Account],
        spend: Callable[..., None],
        simulators: dict[str, Any],
    ) -> None:
        user = create_account()
        token = user.client.post(
            "/api/auth/tokens",
            json={"name": "sdk", "scopes": ["chat"], "password": user.password},
            headers=user.csrf(),
        ).json()["token"]
        client = openai.OpenAI(api_key=token, base_url=f"{aws.url}/v1", max_retries=0)
        messages = [{"role": "user", "content": "x"}]
        assert client.chat.completions.create(model="gpt-4o-mini", messages=messages).choices  # type: ignore[arg-type]
        spend(user.id, FREE_BUDGET)
        with pytest.raises(openai.APIStatusError) as error:
            client.chat.completions.create(model="gpt-4o-mini", messages=messages)  # type: ignore[arg-type]
        assert error.value.status_code == 402
        assert json.loads(error.value.response.text)["error"]["code"] == "quota.exceeded"


class TestGauges:
    def test_this_months_use_against_the_plan(
        self, create_account: Callable[..., Account], spend: Callable[..., None]
    ) -> None:
        user = create_account()
        spend(user.id, 500_000, tokens=1234)
        spend(user.id, 0, feature="media")
        quota = user.client.get("/api/account/quota").json()
        gauges = {g["name"]: g for g in quota["gauges"]}
        assert quota["plan"] == "free" and quota["cost_cap_micro_usd"] is None
        assert gauges["cost"] == {"name": "cost", "used": 500_000, "limit": FREE_BUDGET, "unit": "micro_usd"}
        assert gauges["tokens"]["used"] == 1234 and gauges["media"]["used"] == 1
        assert gauges["agents"]["used"] == 0 and quota["resets_at"] > quota["period_start"]


@pytest.mark.usefixtures("platform_keys")
class TestWhatACheckReads:
    """A paid chat turn's checks sit on the way to its first token: their reads do not grow with
    the models or judges they weigh (they read one GetItem per candidate judge before)."""

    @staticmethod
    def _dynamodb_calls(aws: LocalHost) -> dict[str, int]:
        calls: dict[str, int] = aws.aws.calls()["calls"]
        return {name: n for name, n in calls.items() if name.startswith("DynamoDB.")}

    def test_weighing_every_judge_reads_the_standing_once(
        self, aws: LocalHost, create_account: Callable[..., Account]
    ) -> None:
        from webox.verification import service as verification

        user = create_account()
        billing_repository.save_account(user.id, plan="pro", status="active")
        aws.aws.calls(reset=True)
        judge = verification.choose_judge(user.id, ["gpt-4o-mini", "mistral-small-latest"])
        assert judge == ("claude-sonnet-4-6", "platform")  # Pro allows it, another vendor
        # the user's keys, then the standing: one BatchGetItem beside the month's Query
        assert self._dynamodb_calls(aws) == {"DynamoDB.Query": 2, "DynamoDB.BatchGetItem": 1}

    def test_a_check_with_its_standing_read_only_counts_and_holds(
        self, aws: LocalHost, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        sources = {
            "gpt-4o-mini": "platform",
            "mistral-small-latest": "platform",
            "claude-haiku-4-5": "platform",
        }
        known = quota.standing(user.id)
        aws.aws.calls(reset=True)
        quota.check_models(
            user.id,
            "chat",
            sources,
            prompt_chars=500,
            max_tokens=None,
            judge=("gpt-4o", "platform"),
            known=known,
        )
        assert self._dynamodb_calls(aws) == {"DynamoDB.UpdateItem": 2}  # the minute's count, the hold

    def test_the_standing_sees_the_holds_of_the_minutes_before(
        self, aws: LocalHost, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        minute = int(utcnow().timestamp()) // 60
        expires = utcnow().replace(year=utcnow().year + 1)
        for earlier, amount in ((minute - 1, 300), (minute - 4, 200), (minute - 5, 10_000)):
            billing_repository.hold(user.id, "cost", earlier, amount, 1_000_000, expires)
        billing_repository.hold(user.id, "media", minute - 2, 1, 10, expires)
        billing_repository.hold(user.id, "agents", minute - 3, 2, 10, expires)
        standing = quota.standing(user.id)
        assert standing.held == {"cost": 500, "media": 1, "agents": 2}  # five minutes ago has lapsed
        assert standing.plan.id == "free" and standing.email_verified and standing.cost_cap is None
