"""Tool calls that need the owner's approval (`http_request`, `send_email`): the run waits, the owner
gets an e-mail with a signed link; following it approves the call (it runs once, the agent goes on
with its result) or refuses it (the agent is told); the run page decides too; hosts are checked."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest
from webox.agents import model_tools, tool_steps, tools
from webox.providers.schemas import ToolCall

from tests.accounts import Account
from tests.agents.conftest import wait_task
from tests.agents.test_tools import FakeContext
from tests.waiting import until

ACTIVE = ("waiting_approval", "succeeded", "failed", "cancelled")


@pytest.fixture
def loopback(aws: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The local host's `host:port`, reachable by safe HTTP in this test only."""
    from webox.config import get_settings

    settings = get_settings()
    host = urlsplit(aws.url).netloc
    monkeypatch.setattr(settings, "private_hosts_allowed", [*settings.private_hosts_allowed, host])
    return host


def _agent(account: Account, tool_names: list[str], hosts: list[str] | None = None) -> dict[str, Any]:
    response = account.client.post(
        "/api/agents",
        json={
            "name": "Opérations",
            "instructions": "Tu agis pour l'utilisateur.",
            "model": "gpt-4o-mini",
            "tools": tool_names,
            "allowed_hosts": hosts or [],
        },
        headers=account.csrf(),
    )
    assert response.status_code == 201, response.text
    agent: dict[str, Any] = response.json()
    return agent


def _waiting(account: Account, agent_id: str, goal: str) -> dict[str, Any]:
    response = account.client.post(
        "/api/agents/runs", json={"goal": goal, "agent_ids": [agent_id]}, headers=account.csrf()
    )
    assert response.status_code == 201, response.text
    run = wait_task(account, response.json()["run_id"], ACTIVE)
    assert run["task"]["status"] == "waiting_approval", run["task"]
    return run


def _mail(outbox: Callable[[], list[dict[str, str]]], to: str, tool: str) -> dict[str, str]:
    """The approval request e-mailed as the step started waiting (just after the task's status)."""
    [mail] = until(lambda: [m for m in outbox() if m["to"] == to and tool in m["subject"]], bool)
    return mail


def _token(mail: dict[str, str]) -> str:
    found = re.search(r"/agents/approve#token=(\S+)", mail["text"])
    assert found, mail["text"]
    return found.group(1)


class TestApprovalByLink:
    def test_the_emailed_link_approves_the_call_which_runs_once(
        self,
        create_account: Callable[..., Account],
        outbox: Callable[[], list[dict[str, str]]],
        new_client: Callable[[], httpx.Client],
        loopback: str,
        aws: Any,
    ) -> None:
        account = create_account()
        agent = _agent(account, ["http_request"], [loopback])
        run = _waiting(
            account, agent["agent_id"], f"Appelle http_request sur {aws.url}/dev/mail.json et résume l'état"
        )
        steps = {s["step_id"]: s for s in run["task"]["steps"]}
        paused = steps[agent_step := f"a{agent['agent_id'][:30]}"]
        assert paused["status"] == "succeeded" and paused["output"]["waiting_for"] == ["http_request"]
        waiting = [s for s in run["task"]["steps"] if s["status"] == "waiting_approval"]
        assert [s["kind"] for s in waiting] == ["agent.tool"]

        # The owner got one e-mail naming the call, with a signed link to the agents' approval page.
        mail = _mail(outbox, account.email, "http_request")
        token = _token(mail)
        assert f"{aws.url}/dev/mail.json" in mail["text"]
        shown = account.client.post("/api/agents/approvals", json={"token": token})
        assert shown.status_code == 200, shown.text
        assert (
            shown.json()["kind"] == "agent.tool" and shown.json()["input"]["call"]["name"] == "http_request"
        )

        # Following it (signed out: the token is enough) approves; the call runs and the agent goes on.
        decided = new_client().post(
            "/api/agents/approvals/decision", json={"token": token, "decision": "approve"}
        )
        assert decided.status_code == 200, decided.text
        done = wait_task(account, run["run_id"])
        assert done["task"]["status"] == "succeeded", done["task"]
        by_id = {s["step_id"]: s for s in done["task"]["steps"]}
        call = by_id[waiting[0]["step_id"]]["output"]
        assert call["tool"] == "http_request" and call["result"]["status"] == 200
        final = by_id[f"{agent_step}-c1"]["output"]
        assert "[http_request] HTTP 200" in final["text"]
        assert [c["tool"] for c in final["tool_calls"]] == ["http_request"]

        # The paused step and its continuation count as one run: both halves' cost, the approved call.
        metrics = account.client.get(f"/api/agents/{agent['agent_id']}/metrics", params={"days": 7})
        assert metrics.status_code == 200, metrics.text
        counted = metrics.json()
        paid = by_id[agent_step]["cost_micro_usd"] + by_id[f"{agent_step}-c1"]["cost_micro_usd"]
        assert by_id[agent_step]["cost_micro_usd"] > 0
        assert (counted["runs"], counted["succeeded"], counted["tool_calls"], counted["tool_errors"]) == (
            1,
            1,
            1,
            0,
        )
        assert counted["cost_micro_usd"] == paid and counted["median_steps"] == 2

        # The link works once.
        again = new_client().post(
            "/api/agents/approvals/decision", json={"token": token, "decision": "reject"}
        )
        assert again.status_code == 401 and again.json()["code"] == "tasks.approval_link_invalid"

    def test_refusing_by_link_tells_the_model_and_sends_nothing(
        self,
        create_account: Callable[..., Account],
        outbox: Callable[[], list[dict[str, str]]],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        account = create_account()
        agent = _agent(account, ["send_email"])
        run = _waiting(account, agent["agent_id"], "send_email à client@example.com : le devis est prêt")
        mail = _mail(outbox, account.email, "send_email")
        decided = new_client().post(
            "/api/agents/approvals/decision", json={"token": _token(mail), "decision": "reject"}
        )
        assert decided.status_code == 200, decided.text
        done = wait_task(account, run["run_id"])
        assert done["task"]["status"] == "succeeded", done["task"]
        final = done["task"]["steps"][-1]["output"]
        assert final["tool_calls"][0]["error"] == "refused" and "refused" in final["text"]
        assert [m for m in outbox() if m["to"] == "client@example.com"] == []


class TestApprovalInTheRunPage:
    def test_approving_sends_the_email_once(
        self,
        create_account: Callable[..., Account],
        outbox: Callable[[], list[dict[str, str]]],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        account = create_account()
        agent = _agent(account, ["send_email"])
        run = _waiting(account, agent["agent_id"], "send_email à client@example.com : le devis est prêt")
        [waiting] = [s for s in run["task"]["steps"] if s["status"] == "waiting_approval"]
        url = f"/api/agents/runs/{run['run_id']}/tool-calls/{waiting['step_id']}/decision"

        # Another user cannot decide; a step that is not a waiting tool call cannot be decided.
        other = new_client()
        assert other.post(url, json={"decision": "approve"}).status_code in (401, 403)
        stranger = create_account()
        response = stranger.client.post(url, json={"decision": "approve"}, headers=stranger.csrf())
        assert response.status_code == 404
        first = run["task"]["steps"][0]["step_id"]
        response = account.client.post(
            url.replace(waiting["step_id"], first), json={"decision": "approve"}, headers=account.csrf()
        )
        assert response.status_code == 404 and response.json()["code"] == "agent_tool_call_not_found"

        response = account.client.post(url, json={"decision": "approve"}, headers=account.csrf())
        assert response.status_code == 200, response.text
        done = wait_task(account, run["run_id"])
        assert done["task"]["status"] == "succeeded", done["task"]
        sent = [m for m in outbox() if m["to"] == "client@example.com"]
        assert len(sent) == 1 and "devis" in sent[0]["text"]


class TestChecks:
    def _box(self, user_id: str, hosts: list[str]) -> tools.Toolbox:
        agent = {
            "agent_id": "a" * 32,
            "name": "Ops",
            "model": "gpt-4o-mini",
            "tools": ["http_request"],
            "allowed_hosts": hosts,
        }
        return tools.toolbox(user_id, agent)

    def test_only_allowed_hosts_and_never_internal_addresses(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        elsewhere = self._box(account.id, ["api.example.com"]).run(
            ToolCall(id="1", name="http_request", arguments={"url": "https://other.example.com/x"})
        )
        assert elsewhere["error"] == "http_host_not_allowed"
        internal = self._box(account.id, ["169.254.169.254"]).run(
            ToolCall(
                id="2", name="http_request", arguments={"url": "http://169.254.169.254/latest/meta-data"}
            )
        )
        assert internal["error"] == "url_not_allowed"

    def test_a_bad_address_is_refused_without_sending(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        caller = model_tools.Caller(account.id, {"agent_id": "a" * 32, "name": "Ops"})
        with pytest.raises(model_tools.ToolFailed) as refused:
            model_tools.send_email(caller, {"to": "nobody", "subject": "s", "body": "b"})
        assert refused.value.code == "email_invalid"

    def test_an_approved_call_replayed_does_not_send_twice(
        self, create_account: Callable[..., Account], outbox: Callable[[], list[dict[str, str]]]
    ) -> None:
        account = create_account()
        call = ToolCall(
            id="c1", name="send_email", arguments={"to": "x@example.com", "subject": "Devis", "body": "Prêt"}
        )
        step_input = {
            "agent": {"agent_id": "a" * 32, "name": "Ops", "model": "gpt-4o-mini"},
            "call": call.model_dump(),
        }
        effects: dict[str, Any] = {}
        first = tool_steps.run_tool(FakeContext(account.id, step_input, effects))
        replay = tool_steps.run_tool(FakeContext(account.id, step_input, effects))
        assert replay.output == first.output and first.output["result"]["to"] == "x@example.com"
        assert len([m for m in outbox() if m["to"] == "x@example.com"]) == 1
