"""Usage recorded through the gateway's log: a usage line reaches the worker as CloudWatch Logs
delivers it (an `awslogs` event), a batch bumps each counter once, a line that cannot be read is
skipped, a failed write is retried, and the deliveries that kept failing come back from the queue."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from webox import log_lines
from webox.local.host import LocalHost
from webox.local.lambdas import invoke
from webox.local.pollers import sqs_event
from webox.manifest import function
from webox.usage import service as usage_service
from webox.usage.feature import LOG_KEY
from webox.usage.models import UsageRecord

from tests.waiting import wait_for

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


def line(call: usage_service.Usage) -> str:
    return json.dumps({LOG_KEY: 1, **call.__dict__, "at": AT.isoformat()})


def delivery(*messages: str) -> dict[str, object]:
    return log_lines.awslogs_event(
        list(messages), "/aws/lambda/webox-test-gateway-api", "{ $.webox_usage = 1 }"
    )


def failed_delivery(event: dict[str, object], message_id: str) -> dict[str, str]:
    """Lambda's on-failure record for an asynchronous invocation, as the `usage` queue holds it."""
    body = {
        "version": "1.0",
        "requestContext": {"condition": "RetriesExhausted", "approximateInvokeCount": 3},
        "requestPayload": event,
        "responseContext": {"statusCode": 200, "functionError": "Unhandled"},
    }
    return {"MessageId": message_id, "ReceiptHandle": message_id, "Body": json.dumps(body), "Attributes": {}}


class TestDelivery:
    def test_the_usage_lines_are_recorded_and_the_others_skipped(self, aws: LocalHost) -> None:
        unreadable = json.dumps({LOG_KEY: 1, "user_id": "u-worker"})
        other = json.dumps({"level": "INFO", "message": "gateway answered"})

        assert invoke(function("usage-worker"), delivery(line(usage("u-worker")), unreadable, other)) == {}

        [record] = list(UsageRecord.query("u-worker"))
        assert (record.model, record.input_tokens, record.output_tokens) == ("gpt-4o-mini", 12, 30)
        assert record.created_at == AT
        day = usage_service.daily_counters("u-worker", "2026-11-20", "2026-11-20")
        assert [(c.sk, int(c.requests or 0)) for c in day] == [("2026-11-20#gateway#gpt-4o-mini", 1)]

    def test_a_batch_adds_its_sums_to_each_counter_once(self, aws: LocalHost) -> None:
        calls = [usage("u-batch", f"req-{i}") for i in range(12)]
        calls[3] = usage_service.Usage(**{**calls[3].__dict__, "status": "error", "ttft_ms": None})
        calls.append(usage_service.Usage(**{**usage("u-batch", "req-x").__dict__, "model": "gpt-4o"}))

        invoke(function("usage-worker"), delivery(*(line(c) for c in calls)))

        assert len(list(UsageRecord.query("u-batch"))) == 13
        counters = {c.sk: c for c in usage_service.daily_counters("u-batch", "2026-11-20", "2026-11-20")}
        mini = counters["2026-11-20#gateway#gpt-4o-mini"]
        assert (mini.requests, mini.errors, mini.input_tokens, mini.output_tokens) == (12, 1, 144, 360)
        assert (mini.ttft_count, mini.ttft_ms_sum, mini.duration_ms_sum) == (11, 11 * 120, 12 * 640)
        assert mini.cost_micro_usd == 12 * 21
        assert counters["2026-11-20#gateway#gpt-4o"].requests == 1
        [month] = usage_service.month_totals("u-batch", "2026-11")
        assert (month.requests, month.errors) == (13, 1)

    def test_a_failed_write_fails_the_invocation_for_lambda_to_retry(
        self, aws: LocalHost, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        def refuse(records: list[UsageRecord]) -> None:
            raise RuntimeError("throttled")

        monkeypatch.setattr("webox.usage.repository.add_many", refuse)
        with pytest.raises(RuntimeError, match="throttled"):
            invoke(function("usage-worker"), delivery(line(usage("u-refused"))))

    def test_a_delivery_that_kept_failing_is_recorded_from_the_queue(self, aws: LocalHost) -> None:
        kept = failed_delivery(delivery(line(usage("u-requeued"))), "kept")
        garbled = {**failed_delivery(delivery(), "garbled"), "Body": '{"requestPayload": {"awslogs": 1}}'}
        event = sqs_event([kept, garbled], "arn:aws:sqs:eu-west-3:000000000000:webox-test-usage")

        assert invoke(function("usage-worker"), event) == {
            "batchItemFailures": [{"itemIdentifier": "garbled"}]
        }
        assert [r.feature for r in UsageRecord.query("u-requeued")] == ["gateway"]


class TestLogLine:
    def test_a_logged_call_reaches_the_counters_through_the_hosts_log(self, aws: LocalHost) -> None:
        usage_service.log(usage("u-logged"))

        wait_for(lambda: list(UsageRecord.query("u-logged")), what="the usage line delivered")
        assert [r.sk.split("#")[1] for r in UsageRecord.query("u-logged")] == ["req-1"]

    def test_a_control_message_delivers_nothing(self, aws: LocalHost) -> None:
        import base64
        import gzip

        control = {"messageType": "CONTROL_MESSAGE", "logEvents": [{"message": line(usage("u-control"))}]}
        event = {"awslogs": {"data": base64.b64encode(gzip.compress(json.dumps(control).encode())).decode()}}
        assert usage_service.from_log(event) == []
