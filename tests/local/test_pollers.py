"""SQS pollers deliver real SQS events to a Powertools batch handler, like Lambda's event source mapping."""

from __future__ import annotations

import json
import time
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from webox.aws import client
from webox.local.host import LocalHost
from webox.local.pollers import Poller
from webox.manifest import Function


def make_queue(name: str, max_receives: int) -> tuple[str, str]:
    sqs = client("sqs")
    dlq = sqs.create_queue(QueueName=f"webox-test-{name}-dlq")["QueueUrl"]
    dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    url = sqs.create_queue(
        QueueName=f"webox-test-{name}",
        Attributes={
            "RedrivePolicy": json.dumps({"deadLetterTargetArn": dlq_arn, "maxReceiveCount": max_receives})
        },
    )["QueueUrl"]
    return url, dlq


class Worker:
    """A worker written as the conventions say: one record handler, partial batch response."""

    def __init__(self) -> None:
        self.done: list[str] = []
        self.attempts: dict[str, int] = {}
        self.processor = BatchProcessor(event_type=EventType.SQS)

    def record_handler(self, record: SQSRecord) -> None:
        job = json.loads(record.body)["job"]
        self.attempts[job] = self.attempts.get(job, 0) + 1
        if job.startswith("poison"):
            raise ValueError("cannot process")
        self.done.append(job)

    def __call__(self, function: Function, event: dict[str, Any]) -> dict[str, Any]:
        return process_partial_response(event, self.record_handler, self.processor, None)  # type: ignore[arg-type]


class TestPoller:
    def test_partial_failures_are_retried_then_dead_lettered(self, aws: LocalHost) -> None:
        url, dlq = make_queue("jobs", max_receives=2)
        sqs = client("sqs")
        for job in ("a", "poison-1", "b"):
            sqs.send_message(QueueUrl=url, MessageBody=json.dumps({"job": job}))
        worker = Worker()
        poller = Poller(Function(feature="jobs", module="worker", queue="jobs", batch_size=10), invoke=worker)
        deadline = time.monotonic() + 15
        moved: list[dict[str, Any]] = []
        while time.monotonic() < deadline and not moved:
            poller.poll_once(wait_s=0)
            time.sleep(0.3)
            moved = sqs.receive_message(QueueUrl=dlq, MaxNumberOfMessages=10).get("Messages", [])
        assert sorted(worker.done) == ["a", "b"]
        assert worker.attempts["poison-1"] == 2
        assert [json.loads(m["Body"])["job"] for m in moved] == ["poison-1"]
        assert poller.delivered == 2 and poller.failed == 2
        assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages") is None

    def test_a_crashing_handler_fails_the_whole_batch(self, aws: LocalHost) -> None:
        url, _dlq = make_queue("crash", max_receives=5)
        client("sqs").send_message(QueueUrl=url, MessageBody="{}")

        def crash(function: Function, event: dict[str, Any]) -> None:
            raise RuntimeError("boom")

        poller = Poller(Function(feature="crash", module="worker", queue="crash"), invoke=crash)
        assert poller.poll_once(wait_s=0) == 1
        assert poller.failed == 1 and poller.delivered == 0

    def test_a_batching_window_gathers_more_than_one_receive_can_hold(self, aws: LocalHost) -> None:
        url, _dlq = make_queue("window", max_receives=3)
        sqs = client("sqs")
        for start in range(0, 25, 10):
            sqs.send_message_batch(
                QueueUrl=url,
                Entries=[
                    {"Id": str(i), "MessageBody": json.dumps({"job": f"j{i}"})}
                    for i in range(start, min(25, start + 10))
                ],
            )
        batches: list[int] = []

        def worker(function: Function, event: dict[str, Any]) -> dict[str, Any]:
            batches.append(len(event["Records"]))
            return {"batchItemFailures": []}

        spec = Function(feature="window", module="worker", queue="window", batch_size=25, batch_window_s=1)
        poller = Poller(spec, invoke=worker)
        assert poller.poll_once(wait_s=0) == 25
        assert batches == [25] and poller.delivered == 25  # SQS hands out 10 at most per receive
        assert sqs.receive_message(QueueUrl=url, WaitTimeSeconds=0).get("Messages") is None


class TestFifoPoller:
    def test_groups_run_in_parallel_each_in_order_and_repeats_are_dropped(self, aws: LocalHost) -> None:
        sqs = client("sqs")
        url = sqs.create_queue(
            QueueName="webox-test-ordered.fifo",
            Attributes={"FifoQueue": "true", "ContentBasedDeduplication": "false"},
        )["QueueUrl"]
        for group, jobs in {"a": ["a1", "a2", "a3"], "b": ["b1", "b2", "b3"]}.items():
            for job in jobs:
                sqs.send_message(
                    QueueUrl=url,
                    MessageBody=json.dumps({"job": job}),
                    MessageGroupId=group,
                    MessageDeduplicationId=job,
                )
        # A repeat within the deduplication window is dropped by SQS.
        sqs.send_message(
            QueueUrl=url,
            MessageBody=json.dumps({"job": "a1"}),
            MessageGroupId="a",
            MessageDeduplicationId="a1",
        )
        done: list[tuple[str, float, float]] = []

        def worker(function: Function, event: dict[str, Any]) -> dict[str, Any]:
            started = time.monotonic()
            time.sleep(0.2)
            for record in event["Records"]:
                done.append((json.loads(record["body"])["job"], started, time.monotonic()))
            return {"batchItemFailures": []}

        spec = Function(feature="ordered", module="worker", queue="ordered", batch_size=1)
        poller = Poller(spec, invoke=worker, fifo=True, concurrency=2)
        poller.start()
        try:
            deadline = time.monotonic() + 10
            while len(done) < 6 and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            poller.stop()
        jobs = [job for job, _, _ in done]
        assert sorted(jobs) == ["a1", "a2", "a3", "b1", "b2", "b3"]
        assert [j for j in jobs if j.startswith("a")] == ["a1", "a2", "a3"]
        assert [j for j in jobs if j.startswith("b")] == ["b1", "b2", "b3"]
        # The two groups overlapped in time: six 0.2 s jobs took well under 6 × 0.2 s.
        assert max(end for _, _, end in done) - min(start for _, start, _ in done) < 1.0
