"""Targets: a trigger or a schedule starts a run of the owner's workflow (its variables filled from
the event) or agent (its goal filled from the event); another user's workflow or agent is not found.
The Pipedream action node: props checked against the component when the graph is validated."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from webox.testing.pipedream import FakeConnect

from tests.accounts import Account
from tests.automations.conftest import connect_app, wait_task
from tests.automations.test_triggers import emit
from tests.waiting import wait_for


def create_workflow(account: Account, graph: dict[str, Any]) -> str:
    made = account.client.post(
        "/api/workflows", json={"title": "Auto", "lang": "fr", "graph": graph}, headers=account.csrf()
    )
    assert made.status_code == 201, made.text
    return str(made.json()["id"])


ECHO = {
    "variables": [{"name": "sujet", "label": "Sujet", "type": "text"}],
    "nodes": [
        {"id": "input", "type": "input", "config": {}},
        {"id": "result", "type": "output", "config": {"template": "Sujet : {{sujet}}"}},
    ],
    "edges": [{"source": "input", "target": "result"}],
}


def post_to_slack(account_id: str, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "variables": [{"name": "sujet", "label": "Sujet", "type": "text"}],
        "nodes": [
            {"id": "input", "type": "input", "config": {}},
            {
                "id": "post",
                "type": "pipedream",
                "config": {"component_key": "slack-send-message", "account_id": account_id, "props": props},
            },
        ],
        "edges": [{"source": "input", "target": "post"}],
    }


def deploy(account: Account, account_id: str, target: dict[str, Any]) -> httpx.Response:
    return account.client.post(
        "/api/automations/triggers",
        json={
            "component_key": "slack-new-message-in-channels",
            "account_id": account_id,
            "props": {"conversations": ["C042"]},
            "target": target,
        },
        headers=account.csrf(),
    )


def launched(account: Account) -> dict[str, Any]:
    tasks = wait_for(lambda: account.client.get("/api/tasks?kind=automation").json()["items"], what="a task")
    task = wait_task(account, tasks[0]["task_id"])
    assert task["status"] == "succeeded", task
    return dict(task["steps"][0]["output"])


class TestWorkflowTarget:
    def test_an_event_fills_the_variables_and_the_run_succeeds(
        self, create_account: Callable[..., Account], fake: FakeConnect, fake_url: str
    ) -> None:
        marie = create_account()
        workflow_id = create_workflow(marie, ECHO)
        target = {"kind": "workflow", "workflow_id": workflow_id, "values": {"sujet": "{{event.text}} !"}}
        assert deploy(marie, connect_app(marie, "slack"), target).status_code == 201
        assert emit(fake_url, fake, {"text": "Le vélo"}) == 202
        run_id = launched(marie)["workflow_run_id"]
        run = wait_for(
            lambda: (
                (r := marie.client.get(f"/api/workflows/runs/{run_id}").json())["status"] == "succeeded" and r
            ),
            what="the workflow run",
        )
        result = next(n for n in run["nodes"] if n["node"] == "result")
        assert result["output"]["text"] == "Sujet : Le vélo !"

    def test_another_users_workflow_is_not_found(self, create_account: Callable[..., Account]) -> None:
        marie, paul = create_account(), create_account()
        pauls = create_workflow(paul, ECHO)
        target = {"kind": "workflow", "workflow_id": pauls, "values": {}}
        refused = deploy(marie, connect_app(marie, "slack"), target)
        assert refused.status_code == 404 and refused.json()["code"] == "workflows.not_found"
        schedule = marie.client.post(
            "/api/automations/schedules",
            json={"label": "x", "every": "day", "time": "08:00", "target": target},
            headers=marie.csrf(),
        )
        assert schedule.status_code == 404


class TestAgentTarget:
    def test_an_event_fills_the_goal_of_the_agent_run(
        self, create_account: Callable[..., Account], fake: FakeConnect, fake_url: str
    ) -> None:
        marie = create_account()
        agent_id = marie.client.get("/api/agents").json()[0]["agent_id"]
        target = {"kind": "agent", "agent_id": agent_id, "goal": "Réponds à : {{event.text}}"}
        assert deploy(marie, connect_app(marie, "slack"), target).status_code == 201
        assert emit(fake_url, fake, {"text": "Quel budget ?"}) == 202
        run_id = launched(marie)["agent_run_id"]
        run = marie.client.get(f"/api/agents/runs/{run_id}").json()
        assert run["goal"] == "Réponds à : Quel budget ?" and run["agent_ids"] == [agent_id]

    def test_another_users_agent_is_not_found(self, create_account: Callable[..., Account]) -> None:
        marie, paul = create_account(), create_account()
        made = paul.client.post(
            "/api/agents",
            json={
                "name": "Veille",
                "description": "Veille",
                "instructions": "Cherche.",
                "model": "gpt-4o-mini",
            },
            headers=paul.csrf(),
        )
        assert made.status_code == 201, made.text
        target = {"kind": "agent", "agent_id": made.json()["agent_id"], "goal": "x"}
        refused = deploy(marie, connect_app(marie, "slack"), target)
        assert refused.status_code == 404


class TestPipedreamNode:
    def test_props_are_checked_against_the_component(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie = create_account()
        account_id = connect_app(marie, "slack")

        def problems(props: dict[str, Any]) -> list[str]:
            answer = marie.client.post(
                "/api/workflows/validate", json=post_to_slack(account_id, props), headers=marie.csrf()
            )
            assert answer.status_code == 200, answer.text
            return [p["message"] for p in answer.json()["problems"]]

        assert problems({"channel": "#general", "text": "{{sujet}}"}) == []
        assert any("'text' is required" in p for p in problems({"channel": "#general"}))
        assert any("'channel' must be string" in p for p in problems({"channel": 3, "text": "x"}))
        assert any(
            "Unknown prop 'emoji'" in p for p in problems({"channel": "#g", "text": "x", "emoji": ":)"})
        )
        assert any("refers to no variable" in p for p in problems({"channel": "#g", "text": "{{ailleurs}}"}))

    def test_the_node_runs_the_action_with_filled_props(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie = create_account()
        account_id = connect_app(marie, "slack")
        workflow_id = create_workflow(
            marie, post_to_slack(account_id, {"channel": "#g", "text": "Sujet : {{sujet}}"})
        )
        started = marie.client.post(
            f"/api/workflows/{workflow_id}/runs", json={"values": {"sujet": "vélo"}}, headers=marie.csrf()
        )
        assert started.status_code == 201, started.text
        run = wait_for(
            lambda: (
                (r := marie.client.get(f"/api/workflows/runs/{started.json()['id']}").json())["status"]
                in ("succeeded", "failed")
                and r
            ),
            what="the run",
        )
        assert run["status"] == "succeeded", run
        (called,) = fake.runs
        assert called["configured_props"]["text"] == "Sujet : vélo"

    def test_another_users_account_fails_the_node(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie, paul = create_account(), create_account()
        pauls = connect_app(paul, "slack")
        workflow_id = create_workflow(marie, post_to_slack(pauls, {"channel": "#g", "text": "x"}))
        started = marie.client.post(
            f"/api/workflows/{workflow_id}/runs", json={"values": {"sujet": "vélo"}}, headers=marie.csrf()
        )
        run = wait_for(
            lambda: (
                (r := marie.client.get(f"/api/workflows/runs/{started.json()['id']}").json())["status"]
                in ("succeeded", "failed")
                and r
            ),
            what="the run",
        )
        assert run["status"] == "failed" and run["error"]["code"] == "automations.account_not_found"
        assert fake.runs == []
