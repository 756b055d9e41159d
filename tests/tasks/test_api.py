"""The tasks API: approvals (by API and signed link), cancel, retry, re-run, budgets, isolation."""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx
import pytest
from webox.auth import security
from webox.tasks.service import APPROVAL_AUDIENCE

from tests.accounts import Account
from tests.billing.test_quota import platform_keys  # noqa: F401 (a fixture)
from tests.tasks.conftest import Probe, chain, start, wait_status

APPROVAL_PLAN = [
    {"id": "draft", "kind": "noop", "input": {"text": "v1"}},
    {"id": "review", "kind": "approval", "after": ["draft"], "needs_approval": True},
    {"id": "publish", "kind": "noop", "after": ["review"]},
]


def _waiting(account: Account) -> dict:  # type: ignore[type-arg]
    task = start(account, APPROVAL_PLAN)
    return wait_status(account, task["task_id"], ("waiting_approval",))


class TestApproval:
    def test_approving_by_api_resumes_the_task(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        task = _waiting(account)
        assert [s["status"] for s in task["steps"]] == ["succeeded", "waiting_approval", "pending"]
        response = account.client.post(
            f"/api/tasks/{task['task_id']}/decision",
            json={"step_id": "review", "decision": "approve"},
            headers=account.csrf(),
        )
        assert response.status_code == 200, response.text
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded"
        assert done["steps"][1]["decision"] == "approved"

    def test_rejecting_cancels_the_task(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        task = _waiting(account)
        account.client.post(
            f"/api/tasks/{task['task_id']}/decision",
            json={"step_id": "review", "decision": "reject"},
            headers=account.csrf(),
        )
        done = wait_status(account, task["task_id"])
        assert done["status"] == "cancelled" and done["error"]["code"] == "tasks.rejected"
        assert done["steps"][2]["status"] == "pending"

    def test_a_step_not_waiting_cannot_be_decided(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        task = _waiting(account)
        response = account.client.post(
            f"/api/tasks/{task['task_id']}/decision",
            json={"step_id": "draft", "decision": "approve"},
            headers=account.csrf(),
        )
        assert response.status_code == 409 and response.json()["code"] == "tasks.not_waiting_approval"

    def test_a_signed_link_works_once_without_signing_in(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        task = _waiting(account)
        link = account.client.post(
            f"/api/tasks/{task['task_id']}/approval-links", json={"step_id": "review"}, headers=account.csrf()
        )
        assert link.status_code == 201, link.text
        token = link.json()["token"]
        assert link.json()["url"].endswith(token)
        with httpx.Client(base_url=str(account.client.base_url)) as stranger:
            seen = stranger.get(f"/api/tasks/approvals/{token}")
            assert seen.status_code == 200 and seen.json()["step_id"] == "review"
            used = stranger.post(f"/api/tasks/approvals/{token}", json={"decision": "approve"})
            assert used.status_code == 200, used.text
            again = stranger.post(f"/api/tasks/approvals/{token}", json={"decision": "reject"})
            assert again.status_code == 401 and again.json()["code"] == "tasks.approval_link_invalid"
        assert wait_status(account, task["task_id"])["status"] == "succeeded"

    def test_an_expired_or_forged_link_is_refused(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        task = _waiting(account)
        link = account.client.post(
            f"/api/tasks/{task['task_id']}/approval-links", json={"step_id": "review"}, headers=account.csrf()
        ).json()
        claims = security.decode_link(link["token"], audience=APPROVAL_AUDIENCE, required=("nonce",))
        fields = {k: claims[k] for k in ("sub", "task", "step", "nonce")}
        expired = security.encode_link(fields, audience=APPROVAL_AUDIENCE, ttl_s=-60)
        # Signed by the auth function's key instead of the links' own: refused all the same.
        wrong_key = security.encode_jwt(fields, audience=APPROVAL_AUDIENCE, ttl_s=600)
        forged = link["token"][:-4] + ("AAAA" if not link["token"].endswith("AAAA") else "BBBB")
        for token in (expired, forged, wrong_key):
            response = account.client.post(f"/api/tasks/approvals/{token}", json={"decision": "approve"})
            assert response.status_code == 401 and response.json()["code"] == "tasks.approval_link_invalid"
        assert account.client.get(f"/api/tasks/{task['task_id']}").json()["status"] == "waiting_approval"

    def test_a_new_link_voids_the_previous_one(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        task = _waiting(account)
        url = f"/api/tasks/{task['task_id']}/approval-links"
        first = account.client.post(url, json={"step_id": "review"}, headers=account.csrf()).json()["token"]
        account.client.post(url, json={"step_id": "review"}, headers=account.csrf())
        response = account.client.post(f"/api/tasks/approvals/{first}", json={"decision": "approve"})
        assert response.status_code == 401


class TestCancel:
    def test_a_cancelled_task_starts_no_further_step(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        task = start(account, chain(6, delay_ms=150))
        wait_status(account, task["task_id"], ("running",))
        response = account.client.post(f"/api/tasks/{task['task_id']}/cancel", headers=account.csrf())
        assert response.status_code == 200 and response.json()["status"] == "cancelled"
        time.sleep(0.6)
        after = account.client.get(f"/api/tasks/{task['task_id']}").json()
        assert after["status"] == "cancelled"
        assert after["steps"][-1]["status"] == "pending"
        again = account.client.post(f"/api/tasks/{task['task_id']}/cancel", headers=account.csrf())
        assert again.status_code == 409 and again.json()["code"] == "tasks.finished"


class TestRetryAndRerun:
    def test_a_failed_step_can_be_retried(self, create_account: Callable[..., Account], probe: Probe) -> None:
        account = create_account()
        from webox.tasks import kinds

        kinds.register("test.flaky", probe.refuse)
        task = start(
            account, [{"id": "a", "kind": "noop"}, {"id": "b", "kind": "test.flaky", "after": ["a"]}]
        )
        assert wait_status(account, task["task_id"])["status"] == "failed"
        kinds.register("test.flaky", kinds.get("noop").run)
        response = account.client.post(
            f"/api/tasks/{task['task_id']}/retry", json={"step_id": "b"}, headers=account.csrf()
        )
        assert response.status_code == 200, response.text
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded" and done["error"] is None
        assert done["steps"][1]["attempt"] == 2
        kinds.KINDS.pop("test.flaky")

    def test_rerun_from_a_step_reruns_only_what_follows(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        plan = [
            {"id": "a", "kind": "noop", "input": {"v": 1}},
            {"id": "b", "kind": "noop", "input": {"v": 2}, "after": ["a"]},
            {"id": "c", "kind": "noop", "after": ["b"]},
        ]
        task = start(account, plan)
        first = wait_status(account, task["task_id"])
        response = account.client.post(
            f"/api/tasks/{task['task_id']}/rerun",
            json={"step_id": "b", "input": {"v": 20}},
            headers=account.csrf(),
        )
        assert response.status_code == 200, response.text
        time.sleep(0.1)
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded" and done["run"] == 2
        assert done["steps"][0] == first["steps"][0]  # not run again
        assert done["steps"][1]["output"]["v"] == 20
        assert done["steps"][2]["output"]["upstream"]["b"]["v"] == 20

    def test_rerun_from_one_branch_reruns_the_join_but_not_the_other_branches(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        plan = [
            {"id": "a", "kind": "noop", "input": {"v": "a1"}},
            {"id": "b", "kind": "noop", "input": {"v": "b1"}},
            {"id": "join", "kind": "noop", "after": ["a", "b"]},
        ]
        task = start(account, plan)
        first = wait_status(account, task["task_id"])
        account.client.post(
            f"/api/tasks/{task['task_id']}/rerun",
            json={"step_id": "a", "input": {"v": "a2"}},
            headers=account.csrf(),
        )
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded" and done["run"] == 2
        assert done["steps"][1] == first["steps"][1]
        assert done["steps"][2]["output"]["upstream"] == {"a": {"v": "a2"}, "b": {"v": "b1"}}

    def test_a_running_task_cannot_be_rerun(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        task = _waiting(account)
        response = account.client.post(
            f"/api/tasks/{task['task_id']}/rerun", json={"step_id": "draft"}, headers=account.csrf()
        )
        assert response.status_code == 409 and response.json()["code"] == "tasks.not_finished"


class TestBudget:
    def test_over_its_ceiling_a_task_stops_before_any_further_model_call(
        self, create_account: Callable[..., Account], probe: Probe
    ) -> None:
        account = create_account()
        plan = [
            {"id": f"m{i}", "kind": "test.model", "input": {"cost": 400}, "after": [f"m{i - 1}"] if i else []}
            for i in range(5)
        ]
        task = start(account, plan, budget_micro_usd=1000)
        done = wait_status(account, task["task_id"])
        assert done["status"] == "budget_exceeded"
        assert done["error"]["code"] == "tasks.budget_exceeded"
        assert probe.model_calls == 3  # 0, 400, 800 spent before each call; 1200 ≥ 1000 stops the 4th
        assert done["cost_micro_usd"] == 1200
        assert [s["status"] for s in done["steps"]][3:] == ["pending", "pending"]

    @pytest.mark.usefixtures("platform_keys")
    def test_an_unverified_account_fails_before_any_paid_model_call(
        self, create_account: Callable[..., Account], probe: Probe
    ) -> None:
        from webox.auth import repository as auth_repository

        account = create_account()
        user = auth_repository.get_user(account.id)
        assert user is not None
        auth_repository.update_user(user, email_verified=False)
        task = start(account, [{"id": "m0", "kind": "test.model", "input": {"cost": 400}}])
        done = wait_status(account, task["task_id"])
        assert done["status"] == "failed" and done["error"]["code"] == "email_not_verified"
        assert probe.model_calls == 0

    def test_a_simulated_model_needs_no_verified_address(
        self, create_account: Callable[..., Account], probe: Probe
    ) -> None:
        from webox.auth import repository as auth_repository

        account = create_account()
        user = auth_repository.get_user(account.id)
        assert user is not None
        auth_repository.update_user(user, email_verified=False)
        task = start(account, [{"id": "m0", "kind": "test.model", "input": {"cost": 400}}])
        assert wait_status(account, task["task_id"])["status"] == "succeeded"  # nobody paid for it
        assert probe.model_calls == 1


class TestIsolation:
    def test_another_users_task_answers_404(self, create_account: Callable[..., Account]) -> None:
        owner, other = create_account(), create_account()
        task = _waiting(owner)
        base = f"/api/tasks/{task['task_id']}"
        assert other.client.get(base).status_code == 404
        assert other.client.post(f"{base}/cancel", headers=other.csrf()).status_code == 404
        decision = other.client.post(
            f"{base}/decision", json={"step_id": "review", "decision": "approve"}, headers=other.csrf()
        )
        assert decision.status_code == 404 and decision.json()["code"] == "tasks.not_found"
        assert other.client.get("/api/tasks").json()["items"] == []

    def test_the_list_filters_and_pages(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        ids = [start(account, chain(1), kind="workflow")["task_id"] for _ in range(3)]
        start(account, chain(1), kind="agent")
        for task_id in ids:
            wait_status(account, task_id)
        first = account.client.get("/api/tasks", params={"kind": "workflow", "limit": 2}).json()
        assert len(first["items"]) == 2 and first["next_cursor"]
        rest = account.client.get(
            "/api/tasks", params={"kind": "workflow", "limit": 2, "cursor": first["next_cursor"]}
        ).json()
        listed = [t["task_id"] for t in first["items"] + rest["items"]]
        assert listed == sorted(ids, reverse=True)
        succeeded = account.client.get(
            "/api/tasks", params={"status": "succeeded", "kind": "workflow"}
        ).json()
        assert len(succeeded["items"]) == 3

    def test_an_unknown_step_kind_is_refused(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        response = account.client.post(
            "/api/tasks", json={"plan": chain(1, kind="nope")}, headers=account.csrf()
        )
        assert response.status_code == 422 and response.json()["code"] == "tasks.unknown_step_kind"
        bad = account.client.post(
            "/api/tasks", json={"plan": [{"id": "a", "kind": "noop", "after": ["z"]}]}, headers=account.csrf()
        )
        assert bad.status_code == 422 and bad.json()["code"] == "validation_failed"
