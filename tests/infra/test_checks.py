"""A manifest mistake fails synth with a sentence naming it, before anything is built."""

from __future__ import annotations

from pathlib import Path

import pytest
from webox import manifest
from webox.manifest import Function, Queue, Schedule, StateMachine

from infra import checks
from tests.infra.conftest import STAGE

TABLES = ["connections", "users"]


@pytest.fixture
def declare(monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    def _declare(
        *functions: Function, queues: tuple[Queue, ...] = (), machines: tuple[StateMachine, ...] = ()
    ) -> None:
        monkeypatch.setattr(manifest, "FUNCTIONS", functions)
        monkeypatch.setattr(manifest, "QUEUES", queues)
        monkeypatch.setattr(manifest, "STATE_MACHINES", machines)

    return _declare


class TestProblems:
    def test_a_sound_manifest_has_none(self, declare) -> None:  # type: ignore[no-untyped-def]
        declare(
            Function("realtime", "ws", tables=("connections",), queue="jobs", timeout_s=10),
            queues=(Queue("jobs", 60),),
        )
        assert checks.problems(TABLES) == []

    def test_unknown_names_are_each_reported(self, declare) -> None:  # type: ignore[no-untyped-def]
        declare(
            Function("chat", tables=("chats",), buckets=("photos",), secrets=("nope",), sends_to=("mail",))
        )
        assert checks.problems(TABLES) == [
            "chat-api: unknown table 'chats'",
            "chat-api: unknown bucket 'photos'",
            "chat-api: unknown secret 'nope'",
            "chat-api: unknown queue 'mail'",
        ]

    def test_a_short_visibility_timeout(self, declare) -> None:  # type: ignore[no-untyped-def]
        declare(Function("media", "worker", queue="jobs", timeout_s=300), queues=(Queue("jobs", 180),))
        assert checks.problems(TABLES) == [
            "queue 'jobs': visibility timeout 180 s is under 6x the timeout of media-worker (300 s) "
            "plus its batching window"
        ]

    def test_a_batching_window_needs_a_longer_visibility_timeout(self, declare) -> None:  # type: ignore[no-untyped-def]
        worker = Function("usage", "worker", queue="calls", timeout_s=30, batch_size=100, batch_window_s=2)
        declare(worker, queues=(Queue("calls", 180),))
        assert len(checks.problems(TABLES)) == 1
        declare(worker, queues=(Queue("calls", 182),))
        assert checks.problems(TABLES) == []

    def test_a_workflow_naming_a_missing_function(self, declare) -> None:  # type: ignore[no-untyped-def]
        definition = {
            "StartAt": "A",
            "States": {"A": {"Type": "Task", "Resource": "${chat-steps}", "End": True}},
        }
        declare(
            Function("chat"),
            machines=(StateMachine("fanout", definition, started_by=("chat-api", "chat-ws")),),
        )
        assert checks.problems(TABLES) == [
            "state machine 'fanout': unknown function 'chat-steps'",
            "state machine 'fanout': unknown function 'chat-ws'",
        ]

    def test_duplicates(self, declare) -> None:  # type: ignore[no-untyped-def]
        tick = Schedule("tick", "rate(1 hour)")
        declare(Function("a", schedules=(tick,)), Function("a", schedules=(tick,)))
        assert checks.problems(TABLES) == [
            "function 'a-api' is declared 2 times",
            "schedule 'tick' is declared 2 times",
        ]


def test_synth_stops_before_building_anything(declare, spa_dist: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from infra.app import build_app

    declare(Function("realtime", "ws", tables=("no_such_table",)))
    with pytest.raises(ValueError, match="realtime-ws: unknown table 'no_such_table'"):
        build_app({"stage": STAGE, "spa_dist": str(spa_dist)}, outdir=str(tmp_path), bundle=False)
