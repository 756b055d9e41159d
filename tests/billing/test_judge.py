"""The judge is spent like any model: chosen within the plan, counted in the estimate and the
quota check, and the user can pick it or turn it off."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from webox.billing import quota

from tests.accounts import Account
from tests.billing.test_quota import platform_keys, send_turn  # noqa: F401 (a fixture)

ANSWERING = ["gpt-4o-mini", "mistral-small-latest"]


def _cap(account: Account, micro_usd: int) -> None:
    response = account.client.patch(
        "/api/account/settings", json={"cost_cap_micro_usd": micro_usd}, headers=account.csrf()
    )
    assert response.status_code == 200, response.text


@pytest.mark.usefixtures("platform_keys")
class TestChosenWithinThePlan:
    def test_a_free_account_gets_no_judge_outside_its_plan(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        result = send_turn(user, ANSWERING, verify=True)
        assert result.status_code == 200, result.text
        judge = result.json()["verdict"]["judge_model"]
        # Claude Sonnet, the first preference, is paid by the platform and not in the Free plan.
        assert judge and judge != "claude-sonnet-4-6"
        assert quota.plans()["free"].allows(judge) or result.json()["verdict"]["simulated"]
        assert result.json()["judge"] == judge

    def test_a_judge_is_not_counted_among_the_plans_models_per_message(
        self, create_account: Callable[..., Account]
    ) -> None:
        # The Free plan answers with up to 3 platform models: a judge on top reads them, it does not answer.
        user = create_account()
        three = [*ANSWERING, "claude-haiku-4-5"]  # all three paid by the platform here
        assert len(three) == quota.plans()["free"].max_models_per_turn
        result = send_turn(user, three, verify=True, judge="gpt-4o")
        assert result.status_code == 200, result.text
        assert result.json()["judge"] == "gpt-4o"
        four = send_turn(user, [*three, "gpt-4o"], verify=False)
        assert four.status_code == 402 and four.json()["quota"] == "models_per_turn"

    def test_a_requested_judge_outside_the_plan_is_refused(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        refused = send_turn(user, ANSWERING, verify=True, judge="claude-sonnet-4-6")
        assert refused.status_code == 402 and refused.json()["code"] == "quota.model_not_in_plan"
        assert "claude-sonnet-4-6" in refused.json()["models"]


@pytest.mark.usefixtures("platform_keys")
class TestCounted:
    def test_the_judge_is_in_the_cost_estimate(self, create_account: Callable[..., Account]) -> None:
        # Given a per-request cap the two answers fit under, but not the answers and a paid judge…
        user = create_account()
        answers = quota.estimate_cost(ANSWERING, len("Bonjour"), None)
        _cap(user, answers + 1)
        # …a paid judge makes the request too dear…
        refused = send_turn(user, ANSWERING, verify=True, judge="gpt-4o")
        assert refused.status_code == 402 and refused.json()["code"] == "quota.cost_cap"
        assert refused.json()["estimated_cost_micro_usd"] > answers
        # …and without the judge it goes through.
        assert send_turn(user, ANSWERING, judge=None).status_code == 200


class TestUserChoice:
    def test_null_turns_the_judge_off(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        result = send_turn(user, ANSWERING, verify=True, judge=None).json()
        assert result["verify"] is False and result["verdict"] is None and result["judge"] is None

    def test_a_picked_judge_gives_the_verdict(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        result = send_turn(user, ANSWERING, verify=True, judge="gemini-2.5-flash").json()
        assert result["judge"] == "gemini-2.5-flash"
        assert result["verdict"]["judge_model"] == "gemini-2.5-flash" and result["verdict"]["error"] is None

    def test_an_unknown_judge_is_a_clean_refusal(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        refused = send_turn(user, ANSWERING, verify=True, judge="no-such-model")
        assert 400 <= refused.status_code < 500
        assert refused.headers["content-type"] == "application/problem+json"
