"""Plans that change while they run: steps that add steps (`Expand`), conditions that skip
successors, and approvals that edit what the next steps see."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from webox.tasks import expansion, kinds, repository
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import Expand, StepContext, StepResult
from webox.tasks.schemas import MAX_STEPS

from tests.accounts import Account
from tests.tasks.conftest import start, wait_status

Plan = list[dict[str, Any]]


def for_each(ctx: StepContext) -> Expand:
    """One iteration per item: a `noop`, then (when asked) an approval of it."""
    steps: list[dict[str, Any]] = []
    for n, item in enumerate(ctx.input["items"]):
        steps.append({"id": f"it{n}", "kind": "noop", "input": {"item": item}})
        if ctx.input.get("approve"):
            steps.append({"id": f"ok{n}", "kind": "approval", "after": [f"it{n}"], "needs_approval": True})
    return Expand(steps=steps, output={"count": len(ctx.input["items"])})


def add_raw(ctx: StepContext) -> Expand:
    return Expand(steps=ctx.input["steps"], output={})


def branch(ctx: StepContext) -> StepResult:
    return StepResult(output={"took": ctx.input.get("took")}, skip=ctx.input["skip"])


@pytest.fixture(autouse=True)
def flow_kinds() -> Iterator[None]:
    kinds.register("test.for_each", for_each)
    kinds.register("test.add", add_raw)
    kinds.register("test.branch", branch)
    yield
    for name in ("test.for_each", "test.add", "test.branch"):
        kinds.KINDS.pop(name, None)


def _statuses(task: dict[str, Any]) -> dict[str, str]:
    return {step["step_id"]: step["status"] for step in task["steps"]}


def _decide(account: Account, task_id: str, body: dict[str, Any]) -> httpx.Response:
    return account.client.post(f"/api/tasks/{task_id}/decision", json=body, headers=account.csrf())


class TestExpand:
    def test_a_loop_runs_one_iteration_per_item_before_what_followed_it(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        plan: Plan = [
            {"id": "loop", "kind": "test.for_each", "input": {"items": ["a", "b", "c"]}},
            {"id": "after", "kind": "noop", "after": ["loop"]},
        ]
        task = start(account, plan)
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded", done
        assert [s["step_id"] for s in done["steps"]] == ["loop", "it0", "it1", "it2", "after"]
        by_id = {s["step_id"]: s for s in done["steps"]}
        assert by_id["loop"]["output"] == {"count": 3}
        assert [by_id[f"it{n}"]["output"]["item"] for n in range(3)] == ["a", "b", "c"]
        # The former successor waited for every iteration.
        assert set(by_id["after"]["output"]["upstream"]) == {"loop", "it0", "it1", "it2"}
        assert by_id["after"]["started_at"] >= max(by_id[f"it{n}"]["finished_at"] for n in range(3))
        assert next(s for s in done["plan"] if s["id"] == "it1")["after"] == ["loop"]

    def test_approvals_inside_an_iteration_hold_the_task(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        plan: Plan = [
            {"id": "loop", "kind": "test.for_each", "input": {"items": ["x", "y"], "approve": True}},
            {"id": "end", "kind": "noop", "after": ["loop"]},
        ]
        task = start(account, plan)
        waiting = wait_status(account, task["task_id"], ("waiting_approval",))
        assert _statuses(waiting)["end"] == "pending"
        for step_id in ("ok0", "ok1"):
            current = account.client.get(f"/api/tasks/{task['task_id']}").json()
            if _statuses(current)[step_id] != "waiting_approval":
                current = wait_status(account, task["task_id"], ("waiting_approval",))
            response = _decide(account, task["task_id"], {"step_id": step_id, "decision": "approve"})
            assert response.status_code in (200, 409), response.text
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded"
        assert _statuses(done)["end"] == "succeeded"

    def test_a_replayed_expansion_adds_nothing_twice(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        task = start(account, [{"id": "loop", "kind": "test.for_each", "input": {"items": [1, 2]}}])
        done = wait_status(account, task["task_id"])
        stored = repository.find(account.id, task["task_id"])
        assert stored is not None
        from webox.tasks import engine

        engine._expand(stored, "loop", [{"id": "it0", "kind": "noop"}])  # a replay of the step
        again = repository.find(account.id, task["task_id"])
        assert again is not None and [s["id"] for s in again.plan] == ["loop", "it0", "it1"]
        assert done["status"] == "succeeded"

    def test_a_plan_over_the_step_cap_fails_the_step_with_a_stable_code(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        task = start(
            account, [{"id": "loop", "kind": "test.for_each", "input": {"items": list(range(MAX_STEPS))}}]
        )
        done = wait_status(account, task["task_id"])
        assert done["status"] == "failed"
        assert done["steps"][0]["error"]["code"] == "tasks.too_many_steps"
        assert len(done["plan"]) == 1

    @pytest.mark.parametrize(
        ("steps", "code"),
        [
            ([{"id": "x", "kind": "noop"}, {"id": "x", "kind": "noop"}], "tasks.expand_invalid"),
            ([{"id": "grow", "kind": "noop"}], "tasks.expand_invalid"),
            ([{"id": "x", "kind": "noop", "after": ["nowhere"]}], "tasks.expand_invalid"),
            ([{"id": "x", "kind": "no.such_kind"}], "tasks.unknown_step_kind"),
            (
                [{"id": "x", "kind": "noop", "after": ["y"]}, {"id": "y", "kind": "noop", "after": ["x"]}],
                "tasks.expand_invalid",
            ),
            ([{"id": "X!", "kind": "noop"}], "tasks.expand_invalid"),
        ],
    )
    def test_an_invalid_expansion_fails_the_step(
        self, create_account: Callable[..., Account], steps: list[dict[str, Any]], code: str
    ) -> None:
        account = create_account()
        task = start(account, [{"id": "grow", "kind": "test.add", "input": {"steps": steps}}])
        done = wait_status(account, task["task_id"])
        assert done["status"] == "failed"
        assert done["steps"][0]["error"]["code"] == code

    def test_rerunning_the_expanding_step_replaces_its_iterations(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        plan: Plan = [
            {"id": "loop", "kind": "test.for_each", "input": {"items": ["a", "b", "c"]}},
            {"id": "end", "kind": "noop", "after": ["loop"]},
        ]
        task = start(account, plan)
        wait_status(account, task["task_id"])
        response = account.client.post(
            f"/api/tasks/{task['task_id']}/rerun",
            json={"step_id": "loop", "input": {"items": ["z"]}},
            headers=account.csrf(),
        )
        assert response.status_code == 200, response.text
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded" and done["run"] == 2
        assert [s["step_id"] for s in done["steps"]] == ["loop", "it0", "end"]
        assert done["steps"][1]["output"]["item"] == "z"
        assert set(done["steps"][2]["output"]["upstream"]) == {"loop", "it0"}


class TestExpansionRules:
    PLAN: list[dict[str, Any]] = [
        {"id": "a", "kind": "noop", "input": {}, "after": [], "needs_approval": False},
        {"id": "b", "kind": "noop", "input": {}, "after": ["a"], "needs_approval": False},
        {"id": "c", "kind": "noop", "input": {}, "after": ["b"], "needs_approval": False},
    ]

    def test_new_steps_sit_after_their_step_and_before_its_successors(self) -> None:
        plan, added = expansion.expand(
            self.PLAN,
            "b",
            [{"id": "n1", "kind": "noop"}, {"id": "n2", "kind": "noop", "after": ["n1"]}],
            {"a"},
        )
        assert added == ["n1", "n2"]
        assert [s["id"] for s in plan] == ["a", "b", "n1", "n2", "c"]
        assert plan[-1]["after"] == ["b", "n2"]

    def test_a_new_step_may_not_wait_for_a_step_still_to_run(self) -> None:
        with pytest.raises(StepFailed) as caught:
            expansion.expand(self.PLAN, "a", [{"id": "n", "kind": "noop", "after": ["c"]}], set())
        assert caught.value.code == "tasks.expand_invalid"

    def test_a_new_step_after_a_finished_one_also_follows_the_expanding_step(self) -> None:
        plan, _ = expansion.expand(self.PLAN, "b", [{"id": "n", "kind": "noop", "after": ["a"]}], {"a"})
        assert next(s for s in plan if s["id"] == "n")["after"] == ["b", "a"]

    def test_undo_takes_back_nested_additions(self) -> None:
        plan, first = expansion.expand(self.PLAN, "b", [{"id": "n", "kind": "noop"}], {"a"})
        plan, second = expansion.expand(plan, "n", [{"id": "m", "kind": "noop"}], {"a", "b"})
        undone, left = expansion.undo(plan, {"b": first, "n": second}, ["b", "c"])
        assert undone == self.PLAN and left == {}


class TestSkip:
    PLAN: list[dict[str, Any]] = [
        {"id": "if", "kind": "test.branch", "input": {"took": "yes", "skip": ["no"]}},
        {"id": "yes", "kind": "noop", "after": ["if"]},
        {"id": "no", "kind": "noop", "after": ["if"]},
        {"id": "no2", "kind": "noop", "after": ["no"]},
        {"id": "join", "kind": "noop", "after": ["yes", "no2"]},
    ]

    def test_a_branch_not_taken_is_skipped_down_to_the_join_which_runs(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        task = start(account, self.PLAN)
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded", done
        assert _statuses(done) == {
            "if": "succeeded",
            "yes": "succeeded",
            "no": "skipped",
            "no2": "skipped",
            "join": "succeeded",
        }
        join = next(s for s in done["steps"] if s["step_id"] == "join")
        assert join["output"]["upstream"]["yes"]["upstream"]["if"] == {"took": "yes"}

    def test_a_join_all_of_whose_predecessors_were_skipped_is_skipped(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        plan: Plan = [
            {"id": "if", "kind": "test.branch", "input": {"skip": ["a", "b"]}},
            {"id": "a", "kind": "noop", "after": ["if"]},
            {"id": "b", "kind": "noop", "after": ["if"]},
            {"id": "join", "kind": "noop", "after": ["a", "b"]},
        ]
        done = wait_status(account, start(account, plan)["task_id"])
        assert done["status"] == "succeeded"
        assert _statuses(done) == {"if": "succeeded", "a": "skipped", "b": "skipped", "join": "skipped"}

    def test_skipping_a_step_that_does_not_follow_fails_the_step(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        plan: Plan = [{"id": "if", "kind": "test.branch", "input": {"skip": ["elsewhere"]}}]
        done = wait_status(account, start(account, plan)["task_id"])
        assert done["status"] == "failed"
        assert done["steps"][0]["error"]["code"] == "tasks.skip_not_successor"

    def test_a_repeated_delivery_of_the_condition_does_not_run_the_skipped_branch(
        self, create_account: Callable[..., Account]
    ) -> None:
        from webox.tasks import engine
        from webox.tasks.jobs import Advance

        account = create_account()
        task = start(account, self.PLAN)
        wait_status(account, task["task_id"])
        engine.advance(Advance(user_id=account.id, task_id=task["task_id"], step_id="if", run=1, attempt=1))
        item = repository.find_step(account.id, task["task_id"], "no")
        assert item is not None and item.status == "skipped" and item.started_at is None


class TestApproveWithEdit:
    PLAN: list[dict[str, Any]] = [
        {"id": "draft", "kind": "noop", "input": {"text": "v1"}},
        {"id": "review", "kind": "approval", "after": ["draft"], "needs_approval": True},
        {"id": "publish", "kind": "noop", "after": ["review"]},
    ]

    def test_the_edited_output_is_what_the_next_step_sees(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        task = wait_status(account, start(account, self.PLAN)["task_id"], ("waiting_approval",))
        edited = {"text": "v2, corrigé"}
        response = _decide(
            account, task["task_id"], {"step_id": "review", "decision": "approve", "output": edited}
        )
        assert response.status_code == 200, response.text
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded"
        by_id = {s["step_id"]: s for s in done["steps"]}
        assert by_id["review"]["output"] == edited
        assert by_id["publish"]["output"]["upstream"]["review"] == edited

    def test_a_signed_link_shows_what_is_asked_and_accepts_an_edit(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        task = wait_status(account, start(account, self.PLAN)["task_id"], ("waiting_approval",))
        token = account.client.post(
            f"/api/tasks/{task['task_id']}/approval-links", json={"step_id": "review"}, headers=account.csrf()
        ).json()["token"]
        with httpx.Client(base_url=str(account.client.base_url)) as stranger:
            seen = stranger.get(f"/api/tasks/approvals/{token}").json()
            assert seen["upstream"] == {"draft": {"text": "v1"}} and seen["kind"] == "approval"
            used = stranger.post(
                f"/api/tasks/approvals/{token}", json={"decision": "approve", "output": None}
            )
            assert used.status_code == 200, used.text
        done = wait_status(account, task["task_id"])
        assert done["steps"][2]["output"]["upstream"] == {"review": None}

    @pytest.mark.parametrize(
        "body",
        [
            {"step_id": "review", "decision": "reject", "output": {"text": "x"}},
            {"step_id": "review", "decision": "approve", "output": "x" * 70_000},
        ],
    )
    def test_an_edit_with_a_rejection_or_too_large_is_refused(
        self, create_account: Callable[..., Account], body: dict[str, Any]
    ) -> None:
        account = create_account()
        task = wait_status(account, start(account, self.PLAN)["task_id"], ("waiting_approval",))
        response = _decide(account, task["task_id"], body)
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"


class TestApprovalTokenInABody:
    def test_the_link_page_reads_and_decides_with_the_token_out_of_every_url(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        task = wait_status(
            account, start(account, TestApproveWithEdit.PLAN)["task_id"], ("waiting_approval",)
        )
        token = account.client.post(
            f"/api/tasks/{task['task_id']}/approval-links", json={"step_id": "review"}, headers=account.csrf()
        ).json()["token"]
        with httpx.Client(base_url=str(account.client.base_url)) as stranger:
            seen = stranger.post("/api/tasks/approval", json={"token": token})
            assert seen.status_code == 200 and seen.json()["step_id"] == "review"
            body = {"token": token, "decision": "approve", "output": {"text": "ok"}}
            assert stranger.post("/api/tasks/approval/decision", json=body).status_code == 200
            again = stranger.post("/api/tasks/approval/decision", json={**body, "decision": "reject"})
            assert again.status_code == 422  # an edited output goes with an approval only
            again = stranger.post("/api/tasks/approval/decision", json={"token": token, "decision": "reject"})
            assert again.status_code == 401 and again.json()["code"] == "tasks.approval_link_invalid"
        done = wait_status(account, task["task_id"])
        assert done["steps"][2]["output"]["upstream"] == {"review": {"text": "ok"}}
