"""Voice in the real stack: what its functions may reach beyond their tables (the manifest's tables
are checked for every function in test_stack.py)."""

from __future__ import annotations

import json

from tests.infra.conftest import STAGE, Synthesized


def _actions(synth: Synthesized, function: str) -> set[str]:
    return {
        str(a)
        for s in synth.role_statements(function)
        for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])
    }


class TestVoiceGrants:
    def test_the_api_decrypts_users_twilio_accounts_and_pushes_to_the_live_view(
        self, synth: Synthesized
    ) -> None:
        actions = _actions(synth, "voice-api")
        assert {"kms:Encrypt", "kms:Decrypt", "execute-api:ManageConnections"} <= actions
        assert not any(a.startswith("s3vectors:") for a in actions)

    def test_the_relay_searches_knowledge_vectors_only_by_query(self, synth: Synthesized) -> None:
        vectors = [
            s
            for s in synth.role_statements("voice-relay")
            if any(
                str(a).startswith("s3vectors:")
                for a in (s["Action"] if isinstance(s["Action"], list) else [s["Action"]])
            )
        ]
        assert [s["Action"] for s in vectors] in (["s3vectors:QueryVectors"], [["s3vectors:QueryVectors"]])
        assert f"bucket/webox-{STAGE}-knowledge-vectors/index/*" in json.dumps(vectors[0]["Resource"])
        assert "kms:Decrypt" in _actions(synth, "voice-relay")
