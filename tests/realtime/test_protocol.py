"""The socket protocol: one module of typed actions and frames, and the JSON Schema the SPA reads."""

from __future__ import annotations

import json
import typing
from pathlib import Path

from webox.realtime import protocol

from tests.conftest import ROOT

REGENERATE = "PYTHONPATH=layers/webox .venv/bin/python -m webox.realtime.protocol"


def _members(union: object) -> tuple[type, ...]:
    return typing.get_args(typing.get_args(union)[0])


class TestSchemaFile:
    def test_the_committed_schema_is_the_code_s(self) -> None:
        committed = (ROOT / protocol.SCHEMA_PATH).read_text(encoding="utf-8")
        assert committed == protocol.render(), (
            f"{protocol.SCHEMA_PATH} differs from webox.realtime.protocol: run `{REGENERATE}` and commit it"
        )

    def test_it_names_both_unions_and_each_member(self) -> None:
        definitions = json.loads((ROOT / protocol.SCHEMA_PATH).read_text(encoding="utf-8"))["$defs"]
        frames = {ref["$ref"].rsplit("/", 1)[1] for ref in definitions["ServerFrame"]["oneOf"]}
        actions = {ref["$ref"].rsplit("/", 1)[1] for ref in definitions["ClientAction"]["oneOf"]}
        assert frames == {m.__name__ for m in _members(protocol.ServerFrame)}
        assert actions == {m.__name__ for m in _members(protocol.ClientAction)}
        assert definitions["ServerFrame"]["discriminator"]["propertyName"] == "type"
        assert definitions["ClientAction"]["discriminator"]["propertyName"] == "action"
        # A frame always carries every field: the generated types need no optional checks.
        assert set(definitions["ChatDone"]["required"]) >= {"type", "ttft_ms", "duration_ms", "simulated"}

    def test_the_file_can_be_written_elsewhere(self, tmp_path: Path) -> None:
        target = tmp_path / "schema.json"
        protocol.main([str(target)])
        assert target.read_text(encoding="utf-8") == protocol.render()


class TestModels:
    def test_every_action_is_found_by_its_name(self) -> None:
        assert set(protocol.ACTIONS) == {"ping", "chat.send", "chat.stop", "chat.retry"}
        for name, model in protocol.ACTIONS.items():
            assert (
                protocol.CLIENT_ACTIONS.validate_python({"action": name, **_minimal(name)}).__class__ is model
            )

    def test_frames_keep_the_shapes_the_spa_reads(self) -> None:
        assert protocol.Pong(id=7).payload() == {"type": "pong", "id": 7}
        delta = protocol.ChatDelta(request_id="r", conversation_id="c", turn=1, model="m", seq=2, text="t")
        assert delta.payload() == {
            "type": "chat.delta",
            "request_id": "r",
            "conversation_id": "c",
            "turn": 1,
            "model": "m",
            "seq": 2,
            "text": "t",
        }

    def test_a_refusal_echoes_only_well_typed_identifiers_and_keeps_the_details(self) -> None:
        body = {"action": "chat.retry", "conversation_id": "c1", "turn": "two", "model": 5}
        frame = protocol.ChatRejected.refusing(
            body, "quota.exceeded", "Used up", {"quota": "chat", "limit": 3}
        )
        assert frame.payload() == {
            "type": "chat.rejected",
            "request_id": None,
            "conversation_id": "c1",
            "turn": None,
            "model": None,
            "code": "quota.exceeded",
            "message": "Used up",
            "quota": "chat",
            "limit": 3,
        }
        assert protocol.SERVER_FRAMES.validate_python(frame.payload()) == frame


def _minimal(action: str) -> dict[str, object]:
    return {
        "ping": {},
        "chat.send": {"request_id": "r1", "models": ["gpt-4o"], "content": "Bonjour"},
        "chat.stop": {"request_id": "r1"},
        "chat.retry": {"conversation_id": "c1", "turn": 1, "model": "gpt-4o"},
    }[action]
