"""Agents in the real stack: the S3 Vectors bucket, index grants scoped to it, the worker's access."""

from __future__ import annotations

import json

from tests.infra.conftest import STAGE, Synthesized


def _vector_statements(synth: Synthesized, function: str) -> list[dict[str, object]]:
    return [
        s
        for s in synth.role_statements(function)
        if any(
            str(a).startswith("s3vectors:")
            for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])
        )
    ]


class TestVectors:
    def test_one_encrypted_vector_bucket(self, synth: Synthesized) -> None:
        [bucket] = synth.of_type("AWS::S3Vectors::VectorBucket").values()
        assert bucket["Properties"]["VectorBucketName"] == f"webox-{STAGE}-knowledge-vectors"
        assert bucket["Properties"]["EncryptionConfiguration"] == {"SseType": "AES256"}

    def test_the_api_manages_indexes_and_the_worker_only_reads_and_writes_vectors(
        self, synth: Synthesized
    ) -> None:
        [api] = _vector_statements(synth, "agents-api")
        [worker] = _vector_statements(synth, "tasks-worker")
        assert "s3vectors:CreateIndex" in api["Action"] and "s3vectors:QueryVectors" in api["Action"]
        assert "s3vectors:PutVectors" in worker["Action"] and "s3vectors:CreateIndex" not in worker["Action"]
        for statement in (api, worker):
            resource = json.dumps(statement["Resource"])
            assert f"bucket/webox-{STAGE}-knowledge-vectors/index/*" in resource

    def test_no_other_function_touches_vectors(self, synth: Synthesized) -> None:
        for name in ("chat-api", "media-api", "prompts-api"):
            assert _vector_statements(synth, name) == []

    def test_an_account_deletion_deletes_its_indexes_from_the_account_worker(
        self, synth: Synthesized
    ) -> None:
        """The agents' delete hook runs in the account worker (its steps), not in the dashboard's API."""
        [deletion] = _vector_statements(synth, "account-worker")
        assert deletion["Action"] == "s3vectors:DeleteIndex"
        assert f"bucket/webox-{STAGE}-knowledge-vectors/index/*" in json.dumps(deletion["Resource"])
        assert _vector_statements(synth, "dashboard-api") == []
