"""The task engine in the real stack: its FIFO queue and DLQ, the worker, the schedule group and role."""

from __future__ import annotations

import json
from typing import Any

import pytest
from webox import manifest

from tests.infra.conftest import STAGE, Synthesized


def _queue(synth: Synthesized, name: str) -> tuple[str, dict[str, Any]]:
    for logical_id, resource in synth.of_type("AWS::SQS::Queue").items():
        if resource["Properties"].get("QueueName") == f"webox-{STAGE}-{name}":
            return logical_id, resource["Properties"]
    raise AssertionError(f"no queue {name}")


class TestQueue:
    def test_the_queue_and_its_dlq_are_fifo(self, synth: Synthesized) -> None:
        dlq_id, dlq = _queue(synth, "tasks-dlq.fifo")
        _, queue = _queue(synth, "tasks.fifo")
        assert queue["FifoQueue"] is True and dlq["FifoQueue"] is True
        # Scheduler requires content-based deduplication of a FIFO target; the engine's own messages
        # carry their deduplication id.
        assert queue["ContentBasedDeduplication"] is True
        assert queue["RedrivePolicy"] == {
            "deadLetterTargetArn": {"Fn::GetAtt": [dlq_id, "Arn"]},
            "maxReceiveCount": 3,
        }
        assert queue["VisibilityTimeout"] >= 6 * 300


class TestWorker:
    def test_reads_the_queue_one_message_at_a_time_reporting_failures(self, synth: Synthesized) -> None:
        function_id, properties = synth.function("tasks-worker")
        [mapping] = [
            m["Properties"]
            for m in synth.of_type("AWS::Lambda::EventSourceMapping").values()
            if m["Properties"]["FunctionName"] == {"Ref": function_id}
        ]
        queue_id, _ = _queue(synth, "tasks.fifo")
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mapping["EventSourceArn"] == {"Fn::GetAtt": [queue_id, "Arn"]}
        assert mapping["BatchSize"] == 1
        assert properties["Timeout"] == 300

    @pytest.mark.parametrize("function", ["tasks-worker", "tasks-api"])
    def test_creates_schedules_in_its_group_only_and_passes_its_role_only(
        self, synth: Synthesized, function: str
    ) -> None:
        statements = synth.role_statements(function)
        [create] = [s for s in statements if "scheduler:CreateSchedule" in s["Action"]]
        assert f"schedule/webox-{STAGE}-tasks/*" in json.dumps(create["Resource"])
        [pass_role] = [s for s in statements if s["Action"] == "iam:PassRole"]
        [role_id] = [
            k
            for k, r in synth.of_type("AWS::IAM::Role").items()
            if "scheduler.amazonaws.com" in json.dumps(r["Properties"]["AssumeRolePolicyDocument"])
        ]
        assert pass_role["Resource"] == {"Fn::GetAtt": [role_id, "Arn"]}

    def test_no_other_function_creates_schedules(self, synth: Synthesized) -> None:
        # automations-api makes users' schedules through the engine (webox.tasks.user_schedules).
        for spec in manifest.FUNCTIONS:
            if spec.feature != "tasks" and spec.name != "automations-api":
                statements = synth.role_statements(spec.name)
                assert not [s for s in statements if "scheduler:CreateSchedule" in s["Action"]]


class TestScheduleGroup:
    def test_the_group_exists_and_its_role_may_only_send_to_the_tasks_queue(self, synth: Synthesized) -> None:
        [group] = synth.of_type("AWS::Scheduler::ScheduleGroup").values()
        assert group["Properties"]["Name"] == f"webox-{STAGE}-tasks"
        [(role_id, role)] = [
            (k, r)
            for k, r in synth.of_type("AWS::IAM::Role").items()
            if "scheduler.amazonaws.com" in json.dumps(r["Properties"]["AssumeRolePolicyDocument"])
        ]
        trust = role["Properties"]["AssumeRolePolicyDocument"]["Statement"][0]
        assert "aws:SourceAccount" in json.dumps(trust["Condition"])
        statements = [
            s
            for p in synth.of_type("AWS::IAM::Policy").values()
            if {"Ref": role_id} in p["Properties"]["Roles"]
            for s in p["Properties"]["PolicyDocument"]["Statement"]
        ]
        queue_id, _ = _queue(synth, "tasks.fifo")
        assert statements and all(
            s["Resource"] == {"Fn::GetAtt": [queue_id, "Arn"]} and "sqs:SendMessage" in s["Action"]
            for s in statements
        )


def _logical_id(synth: Synthesized, kind: str, name_property: str, logical: str) -> str:
    [found] = [
        k
        for k, r in synth.of_type(kind).items()
        if r["Properties"].get(name_property) == f"webox-{STAGE}-{logical}"
    ]
    return found


class TestAccountWorker:
    """Account export and deletion run on a queue and worker of their own (issue #20)."""

    def test_its_queue_and_dlq_are_fifo(self, synth: Synthesized) -> None:
        dlq_id, dlq = _queue(synth, "account-dlq.fifo")
        _, queue = _queue(synth, "account.fifo")
        assert queue["FifoQueue"] is True and dlq["FifoQueue"] is True
        assert queue["RedrivePolicy"] == {
            "deadLetterTargetArn": {"Fn::GetAtt": [dlq_id, "Arn"]},
            "maxReceiveCount": 3,
        }
        assert queue["VisibilityTimeout"] >= 6 * 300

    def test_reads_its_queue_one_message_at_a_time_reporting_failures(self, synth: Synthesized) -> None:
        function_id, properties = synth.function("account-worker")
        [mapping] = [
            m["Properties"]
            for m in synth.of_type("AWS::Lambda::EventSourceMapping").values()
            if m["Properties"]["FunctionName"] == {"Ref": function_id}
        ]
        queue_id, _ = _queue(synth, "account.fifo")
        assert mapping["FunctionResponseTypes"] == ["ReportBatchItemFailures"]
        assert mapping["EventSourceArn"] == {"Fn::GetAtt": [queue_id, "Arn"]}
        assert mapping["BatchSize"] == 1
        assert properties["Handler"] == "worker.handler" and properties["Timeout"] == 300

    def test_only_the_dashboard_and_the_worker_itself_send_to_its_queue(self, synth: Synthesized) -> None:
        queue_id, _ = _queue(synth, "account.fifo")
        senders = {
            spec.name
            for spec in manifest.FUNCTIONS
            for s in synth.role_statements(spec.name)
            if "sqs:SendMessage" in s["Action"] and queue_id in json.dumps(s["Resource"])
        }
        assert senders == {"dashboard-api", "account-worker"}

    def test_the_tasks_worker_role_reaches_neither_billing_nor_stripe_nor_writes_users(
        self, synth: Synthesized
    ) -> None:
        customers = _logical_id(synth, "AWS::DynamoDB::Table", "TableName", "billing_customers")
        stripe = _logical_id(synth, "AWS::SecretsManager::Secret", "Name", "stripe")
        users = _logical_id(synth, "AWS::DynamoDB::Table", "TableName", "users")
        tasks_worker = synth.role_statements("tasks-worker")
        account_worker = json.dumps(synth.role_statements("account-worker"))
        assert customers not in json.dumps(tasks_worker) and stripe not in json.dumps(tasks_worker)
        assert customers in account_worker and stripe in account_worker
        writes = [
            s
            for s in tasks_worker
            if users in json.dumps(s["Resource"]) and "dynamodb:DeleteItem" in s["Action"]
        ]
        assert writes == []
