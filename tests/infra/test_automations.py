"""Automations in the real stack: the event bus, its rule to the automations queue, who may publish,
and the `pipedream` secret read only by the functions that call Pipedream."""

from __future__ import annotations

from typing import Any

import pytest

from tests.infra.conftest import STAGE, Synthesized


def _actions(statements: list[dict[str, Any]]) -> set[str]:
    found: set[str] = set()
    for statement in statements:
        action = statement["Action"]
        found.update([action] if isinstance(action, str) else action)
    return found


class TestBus:
    def test_one_rule_sends_webox_events_to_the_automations_queue(self, synth: Synthesized) -> None:
        [bus] = synth.of_type("AWS::Events::EventBus").values()
        assert bus["Properties"]["Name"] == f"webox-{STAGE}-events"
        [rule] = [
            r["Properties"]
            for r in synth.of_type("AWS::Events::Rule").values()
            if r["Properties"].get("Name") == f"webox-{STAGE}-automations-events"
        ]
        assert rule["EventPattern"] == {"source": ["webox"]}
        [target] = rule["Targets"]
        queue_id = target["Arn"]["Fn::GetAtt"][0]
        assert synth.resources[queue_id]["Properties"]["QueueName"] == f"webox-{STAGE}-automations"

    @pytest.mark.parametrize("function", ["tasks-worker", "chat-steps"])
    def test_publishers_may_put_events(self, synth: Synthesized, function: str) -> None:
        assert "events:PutEvents" in _actions(synth.role_statements(function))

    @pytest.mark.parametrize("function", ["automations-worker", "auth-api", "automations-api"])
    def test_others_may_not(self, synth: Synthesized, function: str) -> None:
        assert "events:PutEvents" not in _actions(synth.role_statements(function))


class TestWorker:
    def test_the_worker_reads_its_queue_reporting_failures(self, synth: Synthesized) -> None:
        function_id, _ = synth.function("automations-worker")
        [mapping] = [
            m["Properties"]
            for m in synth.of_type("AWS::Lambda::EventSourceMapping").values()
            if m["Properties"]["FunctionName"] == {"Ref": function_id}
        ]
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
