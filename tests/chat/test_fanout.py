"""The fan-out input, without the local host: every step of the state machine gets the turn as it
was started, so a first turn reaches its models without a read and usage is billed to whose key answered."""

from __future__ import annotations

import json
from typing import Any

from webox.chat.jobs import FANOUT_DEFINITION, Fanout, Opening
from webox.local.runner import resolve

FIRST_TURN = Fanout(
    user_id="u1",
    conversation_id="c" * 32,
    turn=1,
    request_id="req-1",
    models=["gpt-4o-mini", "claude-sonnet-4-6"],
    key_sources={"gpt-4o-mini": "platform", "claude-sonnet-4-6": "user"},
    opening=Opening(content="Bonjour", params={"temperature": 0.2, "system": "Sois bref"}),
    connections=["conn-1"],
)


def execution_input(fanout: Fanout) -> dict[str, Any]:
    """The input as Step Functions receives it: JSON."""
    result: dict[str, Any] = json.loads(json.dumps(fanout.payload()))
    return result


def branch_payload(fanout: Fanout, model: str) -> dict[str, Any]:
    answer = FANOUT_DEFINITION["States"]["Answer"]
    payload: dict[str, Any] = resolve(
        answer["ItemSelector"], execution_input(fanout), {"Map": {"Item": {"Value": model}}}
    )
    return payload


def merge_payload(fanout: Fanout) -> dict[str, Any]:
    merge = FANOUT_DEFINITION["States"]["Merge"]
    payload: dict[str, Any] = resolve(merge["Parameters"]["Payload"], execution_input(fanout), {})
    return payload


class TestFanoutInput:
    def test_each_branch_reads_back_the_turn_it_was_started_with(self) -> None:
        for model in FIRST_TURN.models:
            payload = branch_payload(FIRST_TURN, model)
            assert payload["step"] == "branch" and payload["model"] == model
            assert Fanout.from_payload(payload) == FIRST_TURN

    def test_the_merge_knows_whose_key_answered_each_model(self) -> None:
        payload = merge_payload(FIRST_TURN)
        assert payload["step"] == "merge"
        merged = Fanout.from_payload(payload)
        assert merged.key_sources == FIRST_TURN.key_sources and merged.models == FIRST_TURN.models
        assert merged.opening is None and merged.connections is None  # the merge reads the stored turn

    def test_a_later_turn_or_a_retry_travels_without_an_opening(self) -> None:
        retry = Fanout(
            user_id="u1",
            conversation_id="c" * 32,
            turn=3,
            request_id="req-3",
            models=["gpt-4o-mini"],
            key_sources={"gpt-4o-mini": "simulated"},
        )
        assert Fanout.from_payload(branch_payload(retry, "gpt-4o-mini")) == retry

    def test_what_clients_are_told_holds_nothing_internal(self) -> None:
        announced = FIRST_TURN.started().model_dump()
        assert announced == {
            "request_id": "req-1",
            "conversation_id": "c" * 32,
            "turn": 1,
            "models": ["gpt-4o-mini", "claude-sonnet-4-6"],
        }
