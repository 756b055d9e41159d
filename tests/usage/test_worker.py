"""Usage recorded through the `usage` queue: the worker bumps the counters, reports only the
records it could not take, and a queue that refuses a message never loses the usage."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from webox import queue
from webox.config import resource_env
from webox.local.host import LocalHost
from webox.local.lambdas import invoke
from webox.local.pollers import sqs_event
from webox.manifest import function
from webox.usage import service as usage_service
from webox.usage.models import UsageRecord

AT = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)


def usage(user_id: str, request_id: str = "req-1") -> usage_service.Usage:
    return usage_service.Usage(
        user_id=user_id,
        feature="gateway",
        model="gpt-4o-mini",
        vendor="openai",
        request_id=request_id,
        status="done",
        input_tokens=12,
        output_tokens=30,
        cost=0.000021,
        ttft_ms=120,
        duration_ms=640,
        at=AT,
    )


def message(body: str, message_id: str) -> dict[str, object]:
    return {"MessageId": message_id, "ReceiptHandle": message_id, "Body": body, "Attributes": {}}


class TestWorker:
    def test_a_batch_records_its_calls_and_reports_only_the_bad_one(self, aws: LocalHost) -> None:
        good = json.dumps({**usage("u-worker").__dict__, "at": AT.isoformat()})
        event = sqs_event([message(good, "good"), message('{"user_id": 1}', "bad")], "arn:aws:sqs:x")

        response = invoke(function("usage-worker"), event)

        assert response == {"batchItemFailures": [{"itemIdentifier": "bad"}]}
        [record] = list(UsageRecord.query("u-worker"))
        assert (record.model, record.input_tokens, record.output_tokens) == ("gpt-4o-mini", 12, 30)
        assert record.created_at == AT
        day = usage_service.daily_counters("u-worker", "2026-11-20", "2026-11-20")
        assert [(c.sk, int(c.requests or 0)) for c in day] == [("2026-11-20#gateway#gpt-4o-mini", 1)]

    def test_a_batch_adds_its_sums_to_each_counter_once(self, aws: LocalHost) -> None:
        calls = [usage("u-batch", f"req-{i}") for i in range(12)]
        calls[3] = usage_service.Usage(**{**calls[3].__dict__, "status": "error", "ttft_ms": None})
        calls.append(usage_service.Usage(**{**usage("u-batch", "req-x").__dict__, "model": "gpt-4o"}))
        bodies = [json.dumps({**c.__dict__, "at": AT.isoformat()}) for c in calls]
        event = sqs_event([message(body, f"m{i}") for i, body in enumerate(bodies)], "arn:aws:sqs:x")

        assert invoke(function("usage-worker"), event) == {"batchItemFailures": []}

        assert len(list(UsageRecord.query("u-batch"))) == 13
        counters = {c.sk: c for c in usage_service.daily_counters("u-batch", "2026-11-20", "2026-11-20")}
        mini = counters["2026-11-20#gateway#gpt-4o-mini"]
        assert (mini.requests, mini.errors, mini.input_tokens, mini.output_tokens) == (12, 1, 144, 360)
        assert (mini.ttft_count, mini.ttft_ms_sum, mini.duration_ms_sum) == (11, 11 * 120, 12 * 640)
        assert mini.cost_micro_usd == 12 * 21
        assert counters["2026-11-20#gateway#gpt-4o"].requests == 1
        [month] = usage_service.month_totals("u-batch", "2026-11")
        assert (month.requests, month.errors) == (13, 1)

    def test_a_failed_write_reports_the_whole_batch_for_a_retry(
        self, aws: LocalHost, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def refuse(records: list[UsageRecord]) -> None:
            raise RuntimeError("throttled")

        monkeypatch.setattr("webox.usage.repository.add_many", refuse)
        body = json.dumps({**usage("u-refused-batch").__dict__, "at": AT.isoformat()})
        event = sqs_event([message(body, "a"), message(body, "b")], "arn:aws:sqs:x")
        response = invoke(function("usage-worker"), event)
        assert response == {"batchItemFailures": [{"itemIdentifier": "a"}, {"itemIdentifier": "b"}]}


class TestEnqueue:
    def test_a_queued_call_reaches_the_counters(self, aws: LocalHost) -> None:
        usage_service.enqueue(usage("u-queued"))
        deadline = time.monotonic() + 10
        while not list(UsageRecord.query("u-queued")) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert [r.feature for r in UsageRecord.query("u-queued")] == ["gateway"]

    def test_a_refused_message_is_recorded_at_once(
        self, aws: LocalHost, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(resource_env("queue", "usage"), "http://127.0.0.1:9/000000000000/gone")
        queue.queue_url.cache_clear()
        try:
            usage_service.enqueue(usage("u-refused"))
        finally:
            queue.queue_url.cache_clear()
        assert [r.sk.split("#")[1] for r in UsageRecord.query("u-refused")] == ["req-1"]
