"""SQS pollers: deliver real SQS messages from the embedded AWS to worker handlers.

They behave like Lambda's event source mapping with `ReportBatchItemFailures`: a batch goes to the
handler, the messages it did not report as failed are deleted, the failed ones come back after a
short visibility timeout, and SQS's redrive policy moves a message to the DLQ after N receives.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Callable
from typing import Any

from webox import manifest
from webox.aws import client
from webox.config import get_settings
from webox.local import changes, lambdas
from webox.logging import get_logger
from webox.manifest import Function
from webox.queue import queue_url

RETRY_VISIBILITY_S = 1  # locally a failed message comes back quickly instead of after the full timeout
# Lambda scales a FIFO queue's consumer out to one invocation per active message group; locally a
# FIFO poller runs this many receivers at once (SQS keeps a group locked while one is in flight).
FIFO_CONCURRENCY = 6
# A FIFO poller short-polls, because moto's long poll spins while the only visible messages belong to
# a group in flight (the next step of a task, enqueued by the step still running). Between polls an
# idle receiver waits for the queue to change (a message sent, or one deleted, which frees its group:
# `webox.local.changes`), and at most this long, for a message a failed batch made visible again.
FIFO_IDLE_MAX_S = 1.0


def sqs_event(messages: list[dict[str, Any]], queue_arn: str) -> dict[str, Any]:
    """The event Lambda's SQS event source mapping delivers for these messages."""
    region = get_settings().region
    return {
        "Records": [
            {
                "messageId": m["MessageId"],
                "receiptHandle": m["ReceiptHandle"],
                "body": m["Body"],
                "attributes": m.get("Attributes", {}),
                "messageAttributes": m.get("MessageAttributes", {}),
                "md5OfBody": m.get("MD5OfBody") or hashlib.md5(m["Body"].encode()).hexdigest(),  # noqa: S324
                "eventSource": "aws:sqs",
                "eventSourceARN": queue_arn,
                "awsRegion": region,
            }
            for m in messages
        ]
    }


class Poller:
    """One worker function's event source mapping (`concurrency` receivers at once: a FIFO queue's
    groups are consumed in parallel, as Lambda does)."""

    def __init__(
        self,
        function: Function,
        invoke: Callable[[Function, dict[str, Any]], Any] = lambdas.invoke,
        *,
        fifo: bool = False,
        concurrency: int = 1,
    ) -> None:
        assert function.queue is not None
        self.function = function
        self.invoke = invoke
        self.queue = function.queue
        self.fifo = fifo
        self.delivered = 0
        self.failed = 0
        self._arn: str | None = None
        self._stop = threading.Event()
        self._threads = [
            threading.Thread(target=self._run, name=f"poller-{function.name}-{i}", daemon=True)
            for i in range(concurrency)
        ]

    def start(self) -> None:
        for thread in self._threads:
            thread.start()

    def halt(self) -> None:
        """Ask the receivers to stop after what they are doing (`stop` waits for them)."""
        self._stop.set()

    def stop(self) -> None:
        self.halt()
        for thread in self._threads:
            thread.join(timeout=5)

    @property
    def alive(self) -> bool:
        return all(thread.is_alive() for thread in self._threads)

    def _receive(self, url: str, count: int, wait_s: int) -> list[dict[str, Any]]:
        messages: list[dict[str, Any]] = (
            client("sqs")
            .receive_message(
                QueueUrl=url,
                MaxNumberOfMessages=min(10, count),
                WaitTimeSeconds=wait_s,
                AttributeNames=["All"],
                MessageAttributeNames=["All"],
            )
            .get("Messages", [])
        )
        return messages

    def _batch(self, url: str, wait_s: int) -> list[dict[str, Any]]:
        """Up to `batch_size` messages: SQS hands out 10 at most, so within the batching window
        receiving goes on until the batch is full, as Lambda's event source mapping does."""
        size = self.function.batch_size
        received = self._receive(url, size, wait_s)
        deadline = time.monotonic() + self.function.batch_window_s
        while received and len(received) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            more = self._receive(url, size - len(received), int(left))  # never waits past the window
            received += more
            if not more and left < 1:
                break
        return received

    def poll_once(self, wait_s: int = 1) -> int:
        """Receive one batch and hand it to the handler; returns how many messages it received."""
        sqs = client("sqs")
        url = queue_url(self.queue, fifo=self.fifo)
        received = self._batch(url, wait_s)
        if not received:
            return 0
        if self._arn is None:
            attributes = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
            self._arn = str(attributes["QueueArn"])
        arn = self._arn
        try:
            response = self.invoke(self.function, sqs_event(received, arn)) or {}
            failed_ids = {f["itemIdentifier"] for f in response.get("batchItemFailures", [])}
        except Exception:
            get_logger().exception("worker failed a whole batch", extra={"function": self.function.name})
            failed_ids = {m["MessageId"] for m in received}
        done = [m for m in received if m["MessageId"] not in failed_ids]
        for message in received:
            if message["MessageId"] in failed_ids:
                self.failed += 1
                sqs.change_message_visibility(
                    QueueUrl=url, ReceiptHandle=message["ReceiptHandle"], VisibilityTimeout=RETRY_VISIBILITY_S
                )
        for start in range(0, len(done), 10):
            entries = [
                {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]}
                for i, m in enumerate(done[start : start + 10])
            ]
            sqs.delete_message_batch(QueueUrl=url, Entries=entries)
        self.delivered += len(done)
        return len(received)

    def _run(self) -> None:
        seen = -1
        while not self._stop.is_set():
            try:
                received = self.poll_once(wait_s=0 if self.fifo else 1)
                if self.fifo and not received:
                    name = queue_url(self.queue, fifo=True).rstrip("/").rsplit("/", 1)[-1]
                    seen = changes.wait(f"sqs:{name}", seen, FIFO_IDLE_MAX_S)
            except Exception:
                get_logger().exception("poller error", extra={"function": self.function.name})
                self._stop.wait(1)


def pollers() -> list[Poller]:
    """One poller per worker function in the manifest."""
    queues = {q.name: q for q in manifest.QUEUES}
    found = []
    for function in manifest.FUNCTIONS:
        if function.queue:
            fifo = queues[function.queue].fifo
            found.append(Poller(function, fifo=fifo, concurrency=FIFO_CONCURRENCY if fifo else 1))
    return found
