"""What kept free accounts from costing the platform without end: platform-paid calls need a
verified e-mail address, and parallel requests cannot overshoot the budget."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from webox.auth import repository as auth_repository
from webox.billing import quota
from webox.billing.errors import EmailNotVerified, QuotaExceeded

from tests.accounts import Account
from tests.billing.test_quota import FREE_BUDGET, platform_keys, send_turn  # noqa: F401 (a fixture)


def _unverify(account: Account) -> None:
    user = auth_repository.get_user(account.id)
    assert user is not None
    auth_repository.update_user(user, email_verified=False)


@pytest.mark.usefixtures("platform_keys")
class TestVerifiedEmail:
    def test_platform_paid_chat_needs_a_verified_address(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        _unverify(user)
        refused = send_turn(user, ["gpt-4o-mini"])
        assert refused.status_code == 403 and refused.headers["content-type"] == "application/problem+json"
        assert refused.json()["code"] == "email_not_verified"

    def test_once_verified_it_works(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        assert send_turn(user, ["gpt-4o-mini"]).status_code == 200


class TestFreeModels:
    def test_simulated_models_need_no_verification(self, create_account: Callable[..., Account]) -> None:
        # Without platform keys every vendor is a local simulator: nobody pays.
        user = create_account()
        _unverify(user)
        assert send_turn(user, ["gpt-4o-mini"]).status_code == 200

    def test_platform_paid_media_needs_a_verified_address(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        _unverify(user)
        with pytest.raises(EmailNotVerified):
            quota.check(user.id, "media", paid=True)


def allowed_together(check: Callable[[], object], times: int = 12) -> int:
    """How many of `times` quota checks made at once pass."""

    def attempt(_: int) -> bool:
        try:
            check()
        except QuotaExceeded:
            return False
        return True

    with ThreadPoolExecutor(max_workers=times) as pool:
        return sum(pool.map(attempt, range(times)))


class TestParallelRequests:
    def test_parallel_requests_cannot_overshoot_the_budget(
        self, create_account: Callable[..., Account], spend: Callable[..., None]
    ) -> None:
        # Given a budget with room left for two requests' estimates…
        user = create_account()
        estimate = 100_000
        spend(user.id, FREE_BUDGET - 2 * estimate)

        # …twelve arriving together (the Free plan's per-minute rate, 20, lets them all in)…
        allowed = allowed_together(
            lambda: quota.check(user.id, "chat", models=["gpt-4o-mini"], estimated_cost_micro_usd=estimate)
        )
        # …only two get through, as one after another would.
        assert allowed == 2

    def test_parallel_media_jobs_cannot_overshoot_the_months_items(
        self, create_account: Callable[..., Account], spend: Callable[..., None]
    ) -> None:
        # Given a Free plan (10 media items a month) with room left for two…
        user = create_account()
        for _ in range(10 - 2):
            spend(user.id, 1, feature="media")

        # …twelve jobs asked for together (their use is recorded only when each ends): only two start.
        assert allowed_together(lambda: quota.check(user.id, "media", paid=True)) == 2

    def test_parallel_agent_calls_cannot_overshoot_the_months_runs(
        self, create_account: Callable[..., Account], spend: Callable[..., None]
    ) -> None:
        # Given a Free plan (5 agent runs a month) with room left for two…
        user = create_account()
        for _ in range(5 - 2):
            spend(user.id, 1, feature="agents")

        # …twelve agents' model calls checked together (each is recorded only once it answers):
        # only two start.
        check = lambda: quota.check(user.id, "agents", models=["gpt-4o-mini"], estimated_cost_micro_usd=1)  # noqa: E731
        assert allowed_together(check) == 2

    def test_a_lone_request_near_the_limit_still_passes(
        self, create_account: Callable[..., Account], spend: Callable[..., None]
    ) -> None:
        user = create_account()
        spend(user.id, FREE_BUDGET - 1)
        quota.check(user.id, "chat", models=["gpt-4o-mini"], estimated_cost_micro_usd=50_000)
        with pytest.raises(QuotaExceeded):
            quota.check(user.id, "chat", models=["gpt-4o-mini"], estimated_cost_micro_usd=50_000)
