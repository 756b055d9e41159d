"""Media jobs on the task engine as SQS drives it: one step per job, partial batch failures, duplicate
deliveries and replays that call no vendor twice, cancellation."""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from webox.aws import client
from webox.local.host import LocalHost
from webox.local.lambdas import invoke
from webox.local.pollers import FIFO_CONCURRENCY, sqs_event
from webox.manifest import function
from webox.media import repository
from webox.queue import queue_url
from webox.tasks.jobs import Advance

from tests.accounts import Account
from tests.media.conftest import post_job, wait_job
from tests.sockets import Socket
from tests.tasks.conftest import wait_status


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def _advance(user: Account, job_id: str, attempt: int = 1) -> str:
    """The engine's message for a media job's one step (its task takes the job's id)."""
    return Advance(user_id=user.id, task_id=job_id, step_id="media", run=1, attempt=attempt).model_dump_json()


def _send(body: str, group: str) -> None:
    client("sqs").send_message(
        QueueUrl=queue_url("tasks", fifo=True),
        MessageBody=body,
        MessageGroupId=group,
        MessageDeduplicationId=f"test-{time.monotonic_ns()}",
    )


class TestDelivery:
    def test_a_job_is_a_one_step_task_of_the_engine(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        job_id = post_job(user, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "moteur"})
        job = wait_job(user, job_id)
        assert job["status"] == "succeeded"
        task = wait_status(user, job_id)
        assert task["kind"] == "media" and task["status"] == "succeeded"
        [step] = task["steps"]
        assert step["kind"] == "media" and step["output"]["outputs"] == [
            o["media_id"] for o in job["outputs"]
        ]

    def test_a_batch_reports_only_its_failed_record(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        job_id = post_job(user, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "lot"})
        wait_job(user, job_id)
        first = {"ApproximateReceiveCount": "1", "MessageGroupId": job_id}
        good = {
            "MessageId": "good",
            "ReceiptHandle": "r1",
            "Body": _advance(user, job_id),
            "Attributes": first,
        }
        bad = {"MessageId": "bad", "ReceiptHandle": "r2", "Body": "{not json", "Attributes": first}
        response = invoke(
            function("tasks-worker"), sqs_event([good, bad], "arn:aws:sqs:eu-west-3:000000000000:x.fifo")
        )
        assert response == {"batchItemFailures": [{"itemIdentifier": "bad"}]}

    def test_a_task_naming_no_job_fails_with_a_reason(self, create_account: Callable[..., Account]) -> None:
        from webox.tasks import service as tasks_service
        from webox.tasks.schemas import StepSpec, TaskCreate

        user = create_account()
        body = TaskCreate(kind="media", plan=[StepSpec(id="media", kind="media", input={"job_id": "0" * 32})])
        task = tasks_service.submit(user.id, body)
        done = wait_status(user, task.task_id)
        assert done["status"] == "failed" and done["error"]["code"] == "media.job_not_found"

    def test_a_duplicate_delivery_makes_one_result(
        self, aws: LocalHost, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        aws.components["fakes"]["replicate"].server.config.app.state.predictions.clear()
        user = create_account()
        with Socket(user.client) as socket:
            job_id = post_job(
                user, "/api/media/images", {"model": "replicate/sdxl", "prompt": "deux fois", "count": 2}
            )
            _send(_advance(user, job_id, attempt=2), job_id)  # a second delivery of the step
            socket.until(lambda f: f.get("type") == "job.done" and f["job_id"] == job_id)
            wait_status(user, job_id)
            with pytest.raises(TimeoutError):  # no second job.done
                socket.until(lambda f: f.get("type") == "job.done", timeout=1.5)
        job = wait_job(user, job_id)
        assert job["status"] == "succeeded" and len(job["outputs"]) == 2
        assert len(user.client.get("/api/media/items").json()["items"]) == 2
        predictions = aws.components["fakes"]["replicate"].server.config.app.state.predictions
        assert len(predictions) == 1  # the second delivery found the job done: no second prediction
        stored = repository.keys_under(repository.job_folder(user.id, job_id))
        assert len(stored) == 2

    def test_a_step_replayed_after_its_vendor_call_does_not_call_again(
        self, aws: LocalHost, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        """The worker died after the vendor answered and the files were stored, before the job and
        the step were written: the replay finishes the job from the recorded result."""
        from webox.tasks import engine
        from webox.tasks import repository as tasks_repository

        predictions = aws.components["fakes"]["replicate"].server.config.app.state.predictions
        predictions.clear()
        user = create_account()
        job_id = post_job(user, "/api/media/images", {"model": "replicate/sdxl", "prompt": "rejoué"})
        done = wait_job(user, job_id)
        assert done["status"] == "succeeded" and len(predictions) == 1
        # The job reads succeeded before its task has written its step: let the task finish first,
        # or the worker's own last writes land after the crash staged below.
        assert wait_status(user, job_id)["status"] == "succeeded"
        job = repository.get_job(user.id, job_id)
        step = tasks_repository.find_step(user.id, job_id, "media")
        task = tasks_repository.find(user.id, job_id)
        assert job is not None and step is not None and task is not None
        job.update(actions=[job.__class__.status.set("running")])
        tasks_repository.update_step(step, status="running", output=None)
        tasks_repository.change(task, task.__class__.status.set("running"))

        engine.advance(Advance.model_validate_json(_advance(user, job_id, attempt=2)))

        assert len(predictions) == 1
        again = wait_job(user, job_id)
        assert again["status"] == "succeeded"
        assert [o["media_id"] for o in again["outputs"]] == [o["media_id"] for o in done["outputs"]]
        assert wait_status(user, job_id)["status"] == "succeeded"


class TestCancel:
    def test_a_queued_job_is_cancelled_and_never_runs(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        simulators["openai"].latency_s = 3  # these jobs hold every receiver of the task queue
        user = create_account()
        busy = [
            post_job(user, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "lent"})
            for _ in range(FIFO_CONCURRENCY)
        ]
        for job_id in busy:
            wait_job(user, job_id, until=("running",))
        queued = post_job(user, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "annulé"})
        # The same job seen as a task (the tasks page) is cancelled there: the job follows.
        as_task = post_job(user, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "tâche"})
        with Socket(user.client) as socket:
            cancelled = user.client.post(f"/api/media/jobs/{queued}/cancel", headers=user.csrf())
            assert cancelled.status_code == 200, cancelled.text
            assert cancelled.json()["status"] == "cancelled"
            frame = socket.until(lambda f: f.get("type") == "job.done" and f["job_id"] == queued)[-1]
            stopped = user.client.post(f"/api/tasks/{as_task}/cancel", headers=user.csrf())
            assert stopped.status_code == 200, stopped.text
            told = socket.until(lambda f: f.get("type") == "job.done" and f["job_id"] == as_task)[-1]
        assert frame["status"] == "cancelled" and told["status"] == "cancelled"
        assert all(wait_job(user, job_id)["status"] == "succeeded" for job_id in busy)
        for job_id in (queued, as_task):
            task = wait_status(user, job_id)
            assert task["status"] == "cancelled" and task["steps"][0]["status"] in ("pending", "cancelled")
            job = wait_job(user, job_id)
            assert job["status"] == "cancelled" and job["outputs"] == [] and job["progress"] == 0
        again = user.client.post(f"/api/media/jobs/{busy[0]}/cancel", headers=user.csrf())
        assert again.status_code == 409 and again.json()["code"] == "media.job_not_cancellable"
        prompts = [i["prompt"] for i in user.client.get("/api/media/items").json()["items"]]
        assert prompts == ["lent"] * FIFO_CONCURRENCY


class TestDeletedWhileRunning:
    def test_a_job_whose_account_was_deleted_meanwhile_leaves_nothing_behind(
        self, create_account: Callable[..., Account]
    ) -> None:
        from webox.media.generation import Run
        from webox.media.models import MediaJob

        user = create_account()
        job = MediaJob(
            user.id, "ab" * 16, kind="image", model="openai/dall-e-3", status="running", progress=5
        )
        job.params, job.output_ids, job.attempts = {}, [], 1
        job.created_at = job.updated_at = datetime.now(UTC)
        repository.create_job(job)
        run = Run(job)
        media_id = run.store(0, PNG, kind="image", prompt="ciel")
        assert repository.keys_under(repository.job_folder(user.id, job.job_id))
        repository.delete_user_rows(user.id)  # the account is deleted while the vendor answers

        run.finish("succeeded", [media_id])

        assert repository.keys_under(repository.job_folder(user.id, job.job_id)) == []
        assert (
            repository.get_item(user.id, media_id) is None and repository.get_job(user.id, job.job_id) is None
        )
