"""Media jobs in the real stack run on the task engine: no queue of their own, the API starts a task
(sends to `tasks.fifo`), the engine's worker carries what a media step needs."""

from __future__ import annotations

import json

from tests.infra.conftest import STAGE, Synthesized


def _queue_names(synth: Synthesized) -> set[str]:
    return {r["Properties"].get("QueueName") for r in synth.of_type("AWS::SQS::Queue").values()}


class TestMediaOnTheEngine:
    def test_media_has_no_queue_nor_worker_of_its_own(self, synth: Synthesized) -> None:
        names = _queue_names(synth)
        assert f"webox-{STAGE}-media" not in names and f"webox-{STAGE}-media-dlq" not in names
        assert f"webox-{STAGE}-tasks.fifo" in names
        functions = {
            r["Properties"].get("FunctionName") for r in synth.of_type("AWS::Lambda::Function").values()
        }
        assert f"webox-{STAGE}-media-worker" not in functions

    def test_the_api_sends_to_the_task_queue_only(self, synth: Synthesized) -> None:
        [tasks_queue] = [
            k
            for k, r in synth.of_type("AWS::SQS::Queue").items()
            if r["Properties"].get("QueueName") == f"webox-{STAGE}-tasks.fifo"
        ]
        sends = [s for s in synth.role_statements("media-api") if "sqs:SendMessage" in s["Action"]]
        assert sends
        assert all(
            json.dumps(s["Resource"]) == json.dumps({"Fn::GetAtt": [tasks_queue, "Arn"]}) for s in sends
        )

    def test_the_engine_worker_reads_media_files_and_decrypts_a_users_key(self, synth: Synthesized) -> None:
        statements = synth.role_statements("tasks-worker")
        assert "kms:Decrypt" in json.dumps(statements)
        [media_bucket] = [
            k
            for k, r in synth.of_type("AWS::S3::Bucket").items()
            if "media" in json.dumps(r["Properties"]).lower()
        ]
        s3 = [s for s in statements if any(str(a).startswith("s3:") for a in s["Action"])]
        assert any(media_bucket in json.dumps(s["Resource"]) for s in s3)
        _, properties = synth.function("tasks-worker")
        assert properties["MemorySize"] == 1024
        assert len(properties["Layers"]) >= 3  # webox, then the models and media extras
