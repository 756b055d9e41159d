"""The engine through the API and the real FIFO queue: chains, branches, crashes, repeats, poison."""

from __future__ import annotations

import time
from collections.abc import Callable

from webox.aws import client
from webox.queue import queue_url
from webox.tasks import engine, repository
from webox.tasks.jobs import Advance

from tests.accounts import Account
from tests.tasks.conftest import Probe, chain, start, wait_status


class TestChain:
    def test_steps_run_in_order_and_the_task_succeeds(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        task = start(account, chain(4, text="x"))
        assert task["status"] == "queued"
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded"
        steps = done["steps"]
        assert [s["status"] for s in steps] == ["succeeded"] * 4
        starts = [s["started_at"] for s in steps]
        assert starts == sorted(starts)
        assert steps[3]["output"]["upstream"]["s3"]["text"] == "x"

    def test_a_large_output_is_kept_in_storage(
        self, create_account: Callable[..., Account], probe: Probe
    ) -> None:
        account = create_account()
        plan = [
            {"id": "s1", "kind": "test.big", "input": {"chars": 80_000}},
            {"id": "s2", "kind": "noop", "after": ["s1"]},
        ]
        task = start(account, plan)  # 160 KB of output as UTF-8
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded"
        item = repository.find_step(account.id, task["task_id"], "s1")
        assert item is not None and item.output is None and item.output_key
        assert done["steps"][0]["output"]["text"] == "é" * 80_000
        assert done["steps"][1]["output"]["upstream"]["s1"]["text"] == "é" * 80_000

    def test_a_plan_too_large_for_its_item_is_refused(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        response = account.client.post(
            "/api/tasks", json={"plan": chain(2, text="x" * 200_000)}, headers=account.csrf()
        )
        assert response.status_code == 422
        assert response.headers["content-type"] == "application/problem+json"


class TestBranches:
    def test_three_branches_run_at_once_and_join(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        plan = [
            {"id": "start", "kind": "noop"},
            *(
                {"id": b, "kind": "noop", "input": {"delay_ms": 600}, "after": ["start"]}
                for b in ("a", "b", "c")
            ),
            {"id": "join", "kind": "noop", "after": ["a", "b", "c"]},
        ]
        task = start(account, plan)
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded"
        by_id = {s["step_id"]: s for s in done["steps"]}
        assert set(by_id["join"]["output"]["upstream"]) == {"a", "b", "c"}
        # Run at once: each branch started before any other finished.
        starts = [by_id[b]["started_at"] for b in "abc"]
        ends = [by_id[b]["finished_at"] for b in "abc"]
        assert max(starts) < min(ends)
        assert by_id["join"]["attempt"] == 1


class TestCrashes:
    def test_a_step_killed_midway_resumes_and_its_side_effect_ran_once(
        self, create_account: Callable[..., Account], probe: Probe
    ) -> None:
        account = create_account()
        plan = [{"id": "mail", "kind": "test.send_mail"}, {"id": "after", "kind": "noop", "after": ["mail"]}]
        # The crash is armed before the task starts: the first delivery sends, then dies.
        task_id_holder: list[str] = []
        original = probe.send_mail

        def arm_then_send(ctx):  # type: ignore[no-untyped-def]
            if not task_id_holder:
                task_id_holder.append(ctx.task_id)
                probe.crash_once.add(f"{ctx.task_id}:{ctx.step_id}")
            return original(ctx)

        from webox.tasks import kinds

        kinds.register("test.send_mail", arm_then_send)
        task = start(account, plan)
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded"
        assert probe.runs["mail"] == 2  # the step replayed…
        assert probe.sent == [f"{task['task_id']}:mail"]  # …its e-mail went once
        assert done["steps"][0]["output"] == {"receipt": "mail-1"}

    def test_two_deliveries_of_one_message_give_one_result(
        self, create_account: Callable[..., Account], probe: Probe
    ) -> None:
        account = create_account()
        task = start(account, [{"id": "mail", "kind": "test.send_mail"}])
        done = wait_status(account, task["task_id"])
        assert done["status"] == "succeeded"
        seq = done["seq"]
        # The same message again, as SQS may deliver it (past its deduplication window).
        engine.advance(Advance(user_id=account.id, task_id=task["task_id"], step_id="mail", run=1, attempt=1))
        again = account.client.get(f"/api/tasks/{task['task_id']}").json()
        assert probe.runs["mail"] == 1 and len(probe.sent) == 1
        assert again["steps"] == done["steps"] and again["status"] == "succeeded"
        assert again["seq"] == seq  # nothing was pushed either

    def test_a_poisoned_message_reaches_the_dlq_and_fails_its_task(
        self, create_account: Callable[..., Account], probe: Probe
    ) -> None:
        account = create_account()
        task = start(
            account, [{"id": "bad", "kind": "test.poison"}, {"id": "never", "kind": "noop", "after": ["bad"]}]
        )
        done = wait_status(account, task["task_id"], timeout=30)
        assert done["status"] == "failed"
        assert done["error"]["code"] == "tasks.step_crashed"
        assert "RuntimeError" in done["error"]["message"]
        assert done["steps"][1]["status"] == "pending"
        sqs = client("sqs")
        dlq = queue_url("tasks-dlq", fifo=True)
        deadline, moved = time.monotonic() + 10, []
        while not moved and time.monotonic() < deadline:
            moved = sqs.receive_message(QueueUrl=dlq, WaitTimeSeconds=1).get("Messages", [])
        assert moved and task["task_id"] in moved[0]["Body"]
        assert probe.runs["bad"] == 3

    def test_a_step_that_refuses_fails_the_task_without_retrying(
        self, create_account: Callable[..., Account], probe: Probe
    ) -> None:
        account = create_account()
        task = start(account, [{"id": "no", "kind": "test.refuse"}])
        done = wait_status(account, task["task_id"])
        assert done["status"] == "failed" and done["error"]["code"] == "test.refused"
        assert done["steps"][0]["attempt"] == 1
