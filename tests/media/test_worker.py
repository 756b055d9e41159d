"""The media worker as SQS drives it: partial batch failures, the dead-letter queue, duplicate
deliveries, cancellation."""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from webox.aws import client
from webox.local.host import LocalHost
from webox.local.lambdas import invoke
from webox.local.pollers import sqs_event
from webox.manifest import function
from webox.media import repository
from webox.queue import queue_url

from tests.accounts import Account
from tests.media.conftest import post_job, wait_job
from tests.sockets import Socket


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def drained(name: str, timeout: float = 20) -> None:
    """Wait until the queue holds no message, visible or in flight."""
    sqs, deadline = client("sqs"), time.monotonic() + timeout
    while time.monotonic() < deadline:
        attributes = sqs.get_queue_attributes(
            QueueUrl=queue_url(name),
            AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        )["Attributes"]
        if attributes == {"ApproximateNumberOfMessages": "0", "ApproximateNumberOfMessagesNotVisible": "0"}:
            return
        time.sleep(0.2)
    raise TimeoutError(f"{name} not drained")


def dead_letters(timeout: float = 30) -> list[dict[str, Any]]:
    sqs, deadline = client("sqs"), time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sqs.receive_message(
            QueueUrl=queue_url("media-dlq"), MaxNumberOfMessages=10, WaitTimeSeconds=1
        )
        if found.get("Messages"):
            return list(found["Messages"])
    return []


class TestDelivery:
    def test_a_batch_reports_only_its_failed_record(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        job_id = post_job(user, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "lot"})
        wait_job(user, job_id)
        first = {"ApproximateReceiveCount": "1"}
        good = {
            "MessageId": "good",
            "ReceiptHandle": "r1",
            "Body": json.dumps({"user_id": user.id, "job_id": job_id}),
            "Attributes": first,
        }
        bad = {"MessageId": "bad", "ReceiptHandle": "r2", "Body": "{not json", "Attributes": first}
        response = invoke(
            function("media-worker"), sqs_event([good, bad], "arn:aws:sqs:eu-west-3:000000000000:x")
        )
        assert response == {"batchItemFailures": [{"itemIdentifier": "bad"}]}

    def test_a_poisoned_message_ends_in_the_dead_letter_queue(self, aws: LocalHost) -> None:
        unknown = json.dumps({"user_id": "nobody", "job_id": "0" * 32})
        for body in ("{not json", unknown):
            client("sqs").send_message(QueueUrl=queue_url("media"), MessageBody=body)
        moved = []
        deadline = time.monotonic() + 40
        while len(moved) < 2 and time.monotonic() < deadline:
            moved += dead_letters(timeout=5)
        assert sorted(m["Body"] for m in moved) == sorted(["{not json", unknown])

    def test_a_duplicate_delivery_makes_one_result(
        self, aws: LocalHost, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        aws.components["fakes"]["replicate"].server.config.app.state.predictions.clear()
        user = create_account()
        with Socket(user.client) as socket:
            job_id = post_job(
                user, "/api/media/images", {"model": "replicate/sdxl", "prompt": "deux fois", "count": 2}
            )
            client("sqs").send_message(
                QueueUrl=queue_url("media"), MessageBody=json.dumps({"user_id": user.id, "job_id": job_id})
            )
            socket.until(lambda f: f.get("type") == "job.done" and f["job_id"] == job_id)
            drained("media")
            time.sleep(0.5)
            with pytest.raises(TimeoutError):  # no second job.done
                socket.until(lambda f: f.get("type") == "job.done", timeout=1.5)
        job = wait_job(user, job_id)
        assert job["status"] == "succeeded" and len(job["outputs"]) == 2
        assert len(user.client.get("/api/media/items").json()["items"]) == 2
        predictions = aws.components["fakes"]["replicate"].server.config.app.state.predictions
        assert len(predictions) == 1  # the second delivery found the job done: no second prediction
        stored = repository.keys_under(repository.job_folder(user.id, job_id))
        assert len(stored) == 2


class TestCancel:
    def test_a_queued_job_is_cancelled_and_never_runs(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        simulators["openai"].latency_s = 3  # the first job holds the worker
        user = create_account()
        busy = post_job(user, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "lent"})
        wait_job(user, busy, until=("running",))
        queued = post_job(user, "/api/media/images", {"model": "openai/gpt-image-1", "prompt": "annulé"})
        with Socket(user.client) as socket:
            cancelled = user.client.post(f"/api/media/jobs/{queued}/cancel", headers=user.csrf())
            assert cancelled.status_code == 200, cancelled.text
            assert cancelled.json()["status"] == "cancelled"
            frame = socket.until(lambda f: f.get("type") == "job.done" and f["job_id"] == queued)[-1]
        assert frame["status"] == "cancelled"
        assert wait_job(user, busy)["status"] == "succeeded"
        drained("media")
        job = wait_job(user, queued)
        assert job["status"] == "cancelled" and job["outputs"] == [] and job["progress"] == 0
        again = user.client.post(f"/api/media/jobs/{busy}/cancel", headers=user.csrf())
        assert again.status_code == 409 and again.json()["code"] == "media.job_not_cancellable"
        assert [i["prompt"] for i in user.client.get("/api/media/items").json()["items"]] == ["lent"]


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
