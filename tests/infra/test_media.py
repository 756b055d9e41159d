"""The media worker in the real stack: its queue, dead-letter queue and partial batch responses."""

from __future__ import annotations

from tests.infra.conftest import STAGE, Synthesized


def _queue_id(synth: Synthesized, name: str) -> str:
    for logical_id, resource in synth.of_type("AWS::SQS::Queue").items():
        if resource["Properties"].get("QueueName") == f"webox-{STAGE}-{name}":
            return logical_id
    raise AssertionError(f"no queue {name}")


class TestMediaWorker:
    def test_reads_the_media_queue_reporting_batch_item_failures(self, synth: Synthesized) -> None:
        function_id, properties = synth.function("media-worker")
        [mapping] = [
            m["Properties"]
            for m in synth.of_type("AWS::Lambda::EventSourceMapping").values()
            if m["Properties"]["FunctionName"] == {"Ref": function_id}
        ]
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mapping["BatchSize"] == 2
        assert mapping["EventSourceArn"] == {"Fn::GetAtt": [_queue_id(synth, "media"), "Arn"]}
        assert properties["Timeout"] == 600

    def test_a_message_goes_to_the_dead_letter_queue_after_three_deliveries(self, synth: Synthesized) -> None:
        queue = synth.resources[_queue_id(synth, "media")]["Properties"]
        assert queue["RedrivePolicy"] == {
            "deadLetterTargetArn": {"Fn::GetAtt": [_queue_id(synth, "media-dlq"), "Arn"]},
            "maxReceiveCount": 3,
        }
        assert queue["VisibilityTimeout"] >= 6 * 600

    def test_the_api_sends_jobs_and_the_worker_does_not(self, synth: Synthesized) -> None:
        sends = [s for s in synth.role_statements("media-api") if "sqs:SendMessage" in s["Action"]]
        assert sends
        assert not [s for s in synth.role_statements("media-worker") if "sqs:SendMessage" in s["Action"]]
