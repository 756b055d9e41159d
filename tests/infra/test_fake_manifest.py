"""Queues, workers, schedules and workflows, on a small fake manifest: what features will declare
works before any of them does, with no CDK change."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from webox import manifest
from webox.manifest import Function, Queue, Schedule, StateMachine

from tests.infra.conftest import STAGE, Synthesized, ensure_built, synthesize

PREFIX = f"webox-{STAGE}-"
PIPELINE = {
    "StartAt": "Run",
    "States": {
        "Run": {
            "Type": "Task",
            "Resource": "arn:aws:states:::lambda:invoke",
            "Parameters": {"FunctionName": "${realtime-ws}", "Payload.$": "$"},
            "End": True,
        }
    },
}
# One function that is at once a queue worker, a sender, scheduled, and both the starter and the
# task of a workflow (which must not make a dependency cycle).
WORKER = Function(
    feature="realtime",
    module="ws",
    queue="jobs",
    batch_size=7,
    sends_to=("jobs",),
    schedules=(Schedule("sweep", "rate(5 minutes)"),),
    tables=("connections",),
    timeout_s=10,
    environment={"WEBOX_FEATURE_FLAG": "on"},
)


def _patch(monkeypatch: pytest.MonkeyPatch, visibility_timeout_s: int) -> None:
    monkeypatch.setattr(manifest, "FUNCTIONS", (WORKER,))
    monkeypatch.setattr(
        manifest, "QUEUES", (Queue("jobs", visibility_timeout_s=visibility_timeout_s, max_receives=4),)
    )
    monkeypatch.setattr(
        manifest, "STATE_MACHINES", (StateMachine("pipeline", PIPELINE, started_by=("realtime-ws",)),)
    )
    monkeypatch.setattr(manifest, "SECRETS", ())
    monkeypatch.setattr(manifest, "EVENT_RULES", ())


@pytest.fixture(scope="module")
def fake(tmp_path_factory: pytest.TempPathFactory, spa_dist: Path) -> Iterator[Synthesized]:
    ensure_built()
    with pytest.MonkeyPatch.context() as monkeypatch:
        _patch(monkeypatch, visibility_timeout_s=60)
        yield synthesize(tmp_path_factory.mktemp("cdk.out.fake"), spa_dist)


def _queues(fake: Synthesized) -> dict[str, tuple[str, dict[str, object]]]:
    return {
        r["Properties"]["QueueName"]: (k, r["Properties"]) for k, r in fake.of_type("AWS::SQS::Queue").items()
    }


class TestQueues:
    def test_queue_redrives_to_its_dlq_after_max_receives(self, fake: Synthesized) -> None:
        queues = _queues(fake)
        dlq_id, _ = queues[f"{PREFIX}jobs-dlq"]
        _, queue = queues[f"{PREFIX}jobs"]
        assert queue["RedrivePolicy"] == {
            "deadLetterTargetArn": {"Fn::GetAtt": [dlq_id, "Arn"]},
            "maxReceiveCount": 4,
        }
        assert queue["VisibilityTimeout"] == 60
        for _, props in queues.values():
            assert props["SqsManagedSseEnabled"] is True

    def test_queues_refuse_plain_http(self, fake: Synthesized) -> None:
        queue_ids = {k for k, _ in _queues(fake).values()}
        secured = {
            ref["Ref"]
            for policy in fake.of_type("AWS::SQS::QueuePolicy").values()
            if any(
                s.get("Condition") == {"Bool": {"aws:SecureTransport": "false"}}
                for s in policy["Properties"]["PolicyDocument"]["Statement"]
            )
            for ref in policy["Properties"]["Queues"]
        }
        assert secured == queue_ids

    def test_worker_reports_batch_item_failures(self, fake: Synthesized) -> None:
        function_id, _ = fake.function("realtime-ws")
        [mapping] = [m["Properties"] for m in fake.of_type("AWS::Lambda::EventSourceMapping").values()]
        assert mapping["FunctionName"] == {"Ref": function_id}
        assert mapping["BatchSize"] == 7
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mapping["EventSourceArn"] == {"Fn::GetAtt": [_queues(fake)[f"{PREFIX}jobs"][0], "Arn"]}

    def test_sender_gets_the_url_and_send_permission(self, fake: Synthesized) -> None:
        env = fake.function("realtime-ws")[1]["Environment"]["Variables"]
        queue_id = _queues(fake)[f"{PREFIX}jobs"][0]
        assert env["WEBOX_QUEUE_JOBS"] == {"Ref": queue_id}
        assert env["WEBOX_FEATURE_FLAG"] == "on"
        sends = [s for s in fake.role_statements("realtime-ws") if "sqs:SendMessage" in s["Action"]]
        assert sends and all(s["Resource"] == {"Fn::GetAtt": [queue_id, "Arn"]} for s in sends)

    def test_visibility_under_six_times_the_worker_timeout_fails_synth(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from infra import checks

        _patch(monkeypatch, visibility_timeout_s=59)
        with pytest.raises(
            ValueError, match=r"visibility timeout 59 s is under 6x the timeout of realtime-ws \(10 s\)"
        ):
            checks.check(["connections"])


class TestSchedules:
    def test_rule_invokes_the_function_on_its_expression(self, fake: Synthesized) -> None:
        function_id, _ = fake.function("realtime-ws")
        [rule] = [r["Properties"] for r in fake.of_type("AWS::Events::Rule").values()]
        assert rule["Name"] == f"{PREFIX}sweep"
        assert rule["ScheduleExpression"] == "rate(5 minutes)"
        assert rule["Targets"][0]["Arn"] == {"Fn::GetAtt": [function_id, "Arn"]}


class TestWorkflows:
    def test_express_machine_with_the_function_arn_substituted(self, fake: Synthesized) -> None:
        function_id, _ = fake.function("realtime-ws")
        [machine] = [r["Properties"] for r in fake.of_type("AWS::StepFunctions::StateMachine").values()]
        assert machine["StateMachineName"] == f"{PREFIX}pipeline"
        assert machine["StateMachineType"] == "EXPRESS"
        assert machine["DefinitionSubstitutions"] == {"realtime-ws": {"Fn::GetAtt": [function_id, "Arn"]}}
        assert json.loads(machine["DefinitionString"]) == PIPELINE

    def test_machine_may_invoke_only_its_tasks(self, fake: Synthesized) -> None:
        function_id, _ = fake.function("realtime-ws")
        [machine] = [r["Properties"] for r in fake.of_type("AWS::StepFunctions::StateMachine").values()]
        role_id = machine["RoleArn"]["Fn::GetAtt"][0]
        invokes = [
            s
            for p in fake.of_type("AWS::IAM::Policy").values()
            if {"Ref": role_id} in p["Properties"]["Roles"]
            for s in p["Properties"]["PolicyDocument"]["Statement"]
            if "lambda:InvokeFunction" in s["Action"]
        ]
        assert [s["Resource"] for s in invokes] == [{"Fn::GetAtt": [function_id, "Arn"]}]

    def test_starter_gets_the_arn_and_start_permission(self, fake: Synthesized) -> None:
        env = fake.function("realtime-ws")[1]["Environment"]["Variables"]
        assert f"stateMachine:{PREFIX}pipeline" in json.dumps(env["WEBOX_STATE_MACHINE_PIPELINE"])
        [start] = [s for s in fake.role_statements("realtime-ws") if s["Action"] == "states:StartExecution"]
        assert start["Resource"] == env["WEBOX_STATE_MACHINE_PIPELINE"]


class TestNag:
    def test_queues_workers_schedules_and_workflows_pass_cdk_nag(self, fake: Synthesized) -> None:
        assert fake.nag_violations() == []
