"""Account export and deletion on a worker of their own: every step goes through the `account` queue to
the account worker, the tasks worker (which runs users' workflows and agents) runs none of them, and
no user starts or drives a task of those kinds through the tasks API."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

import pytest
from aws_lambda_powertools.utilities.batch.exceptions import BatchProcessingError
from webox.account import jobs
from webox.account import steps as account_steps
from webox.auth import repository as auth_repository
from webox.local.lambdas import invoke
from webox.local.pollers import FIFO_CONCURRENCY, pollers, sqs_event
from webox.manifest import function
from webox.tasks import engine, kinds, service
from webox.tasks import repository as tasks_repository
from webox.tasks.jobs import QUEUE, Advance
from webox.tasks.models import Task, new_task_id
from webox.tasks.schemas import StepSpec, TaskCreate

from tests.accounts import Account, delete_account, export_account, wait_deleted
from tests.tasks.conftest import wait_status

Deliveries = dict[str, list[tuple[str, str]]]


@pytest.fixture
def deliveries(monkeypatch: pytest.MonkeyPatch) -> Deliveries:
    """Task id → `(step, queue)` of each step the workers advanced (they run in this process)."""
    seen: Deliveries = defaultdict(list)
    advance = engine.advance

    def recording(msg: Advance, *, queue: str = QUEUE, final_attempt: bool = False) -> None:
        seen[msg.task_id].append((msg.step_id, queue))
        advance(msg, queue=queue, final_attempt=final_attempt)

    monkeypatch.setattr(engine, "advance", recording)
    return seen


def stored(user_id: str, body: TaskCreate) -> Task:
    """A task stored as `submit` stores it, its first step not sent to any queue yet."""
    task = service.new_task(user_id, new_task_id(), body)
    tasks_repository.create(task)
    return task


def deliver(worker: str, task: Task, step_id: str) -> dict[str, Any]:
    """The step's message, delivered to `worker` as its queue's event source would."""
    body = Advance(user_id=task.user_id, task_id=task.task_id, step_id=step_id, run=1, attempt=1)
    message = {
        "MessageId": "m1",
        "ReceiptHandle": "r1",
        "Body": body.model_dump_json(),
        "Attributes": {"ApproximateReceiveCount": "1", "MessageGroupId": task.task_id},
    }
    response: dict[str, Any] = invoke(
        function(worker), sqs_event([message], "arn:aws:sqs:eu-west-3:000000000000:x.fifo")
    )
    return response


def test_the_local_host_polls_its_queue_as_any_worker_s() -> None:
    """`webox dev` reads the manifest: the account queue feeds the account worker, FIFO groups in parallel."""
    [poller] = [p for p in pollers() if p.function.name == "account-worker"]
    assert (poller.queue, poller.fifo, len(poller._threads)) == (jobs.QUEUE, True, FIFO_CONCURRENCY)


class TestRouting:
    def test_every_step_of_an_export_goes_through_the_account_queue(
        self, create_account: Callable[..., Account], deliveries: Deliveries
    ) -> None:
        user = create_account()

        task, archive = export_account(user)

        assert "account.json" in archive.namelist()
        advanced = deliveries[task["task_id"]]
        assert {step for step, _ in advanced} == {step["step_id"] for step in task["steps"]}
        assert {queue for _, queue in advanced} == {jobs.QUEUE}

    def test_every_step_of_a_deletion_goes_through_the_account_queue(
        self, create_account: Callable[..., Account], deliveries: Deliveries
    ) -> None:
        user = create_account()

        assert delete_account(user).status_code == 202

        task = wait_deleted(user.id)
        assert auth_repository.get_user(user.id) is None
        advanced = deliveries[task.task_id]
        assert {step for step, _ in advanced} == {step["id"] for step in task.plan}
        assert {queue for _, queue in advanced} == {jobs.QUEUE}

    def test_the_tasks_worker_runs_no_step_of_an_account_task(
        self, create_account: Callable[..., Account]
    ) -> None:
        # Given an export whose first step was not delivered yet
        user = create_account()
        task = stored(user.id, jobs.export_task())

        # When its message reaches the tasks worker, nothing of it runs (the message is not retried)
        assert deliver("tasks-worker", task, "plan") == {"batchItemFailures": []}
        assert tasks_repository.find_step(user.id, task.task_id, "plan") is None
        assert user.client.get(f"/api/tasks/{task.task_id}").json()["status"] == "queued"

        # Then on the account worker it runs, and the export finishes there
        assert deliver("account-worker", task, "plan") == {"batchItemFailures": []}
        assert wait_status(user, task.task_id, timeout=120)["status"] == "succeeded"

    def test_the_account_worker_runs_no_step_of_another_task(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        task = stored(user.id, TaskCreate(plan=[StepSpec(id="only", kind="noop")]))

        assert deliver("account-worker", task, "only") == {"batchItemFailures": []}
        assert tasks_repository.find_step(user.id, task.task_id, "only") is None

        assert deliver("tasks-worker", task, "only") == {"batchItemFailures": []}
        assert wait_status(user, task.task_id)["status"] == "succeeded"

    def test_the_account_worker_runs_only_the_step_kinds_it_registers(
        self, create_account: Callable[..., Account], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """As on Lambda, where its process registers the account's kinds only: an account task naming
        another step kind (stored past the tasks API, which refuses the task's kind) runs nothing."""
        monkeypatch.setattr(kinds, "KINDS", {name: kinds.KINDS[name] for name in account_steps.KINDS})
        user = create_account()
        task = stored(user.id, TaskCreate(kind=jobs.EXPORT_TASK, plan=[StepSpec(id="only", kind="noop")]))

        with pytest.raises(BatchProcessingError):  # an unknown kind: the message goes back to SQS
            deliver("account-worker", task, "only")

        assert tasks_repository.find_step(user.id, task.task_id, "only") is None
        assert set(kinds.KINDS) == set(account_steps.KINDS)  # the users' kinds were not loaded


class TestTheTasksApi:
    @pytest.mark.parametrize("kind", [jobs.EXPORT_TASK, jobs.DELETION_TASK])
    def test_no_user_starts_or_schedules_a_task_of_an_account_kind(
        self, create_account: Callable[..., Account], kind: str
    ) -> None:
        user = create_account()
        task = {"kind": kind, "plan": [{"id": "only", "kind": "noop"}]}

        started = user.client.post("/api/tasks", json=task, headers=user.csrf())
        scheduled = user.client.post(
            "/api/tasks/schedules", json={"cron": "0 9 ? * MON-FRI *", "task": task}, headers=user.csrf()
        )
        automated = user.client.post(
            "/api/automations/schedules",
            json={
                "label": "Chaque matin",
                "target": {"kind": "plan", "task": task},
                "every": "day",
                "time": "08:00",
            },
            headers=user.csrf(),
        )

        for response in (started, scheduled, automated):
            assert response.status_code == 409, response.text
            assert response.json()["code"] == "tasks.kind_reserved"
        assert user.client.get("/api/tasks").json()["items"] == []
        assert user.client.get("/api/automations/schedules").json()["items"] == []

    def test_an_export_is_not_run_again_through_it(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        task, _archive = export_account(user)
        path = f"/api/tasks/{task['task_id']}"

        for action in ("retry", "rerun"):
            response = user.client.post(f"{path}/{action}", json={"step_id": "archive"}, headers=user.csrf())
            assert response.status_code == 409, response.text
            assert response.json()["code"] == "tasks.kind_reserved"
        assert user.client.get(path).json()["run"] == 1
