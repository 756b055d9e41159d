"""Runs through the API on the task engine and the simulated vendors: a team's plan edited and
approved, each member's own step, the synthesis citing them, an e-mail step approved, the cost in
the agents' metrics; a single agent with its knowledge base; budget, cancel and isolation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.accounts import Account
from tests.agents.conftest import create_base, upload, wait_task
from tests.agents.documents import pdf
from tests.waiting import until

SUBJECT = "Résultat de votre équipe d'agents"


def _run(account: Account, **body: Any) -> dict[str, Any]:
    response = account.client.post("/api/agents/runs", json=body, headers=account.csrf())
    assert response.status_code == 201, response.text
    run: dict[str, Any] = response.json()
    return run


class TestTeamRun:
    def test_three_agents_plan_edited_email_approved_and_cost_in_metrics(
        self, create_account: Callable[..., Account], outbox: Callable[[], list[dict[str, str]]]
    ) -> None:
        account = create_account()
        # Given a knowledge base made from a PDF, and an own agent that searches it.
        base = create_base(account, "Offre PME")
        document = upload(
            account,
            base["base_id"],
            "offre.pdf",
            pdf([["Offre PME", "L'abonnement PME coûte 49 euros par mois et inclut dix utilisateurs."]]),
        )
        assert document["status"] == "ready"
        own = account.client.post(
            "/api/agents",
            json={
                "name": "Conseiller offre",
                "instructions": "Tu expliques l'offre PME à partir de la base.",
                "model": "mistral-small-latest",
                "tools": ["knowledge_search", "calculator"],
                "knowledge_base_ids": [base["base_id"]],
            },
            headers=account.csrf(),
        ).json()

        # When a team of three gets a goal, its plan is a draft: one independent step per member.
        run = _run(
            account,
            goal="Préparer le lancement de l'abonnement PME",
            agent_ids=["ventes", "marketing", own["agent_id"]],
            email_to=account.email,
            budget_micro_usd=5_000_000,
        )
        assert run["status"] == "draft" and run["task"] is None
        assert [a["agent_id"] for a in run["assignments"]] == ["ventes", "marketing", own["agent_id"]]

        # The owner edits it: the adviser computes a yearly price first, marketing follows sales.
        adviser_step = run["assignments"][2]["id"]
        edited = [
            {
                "id": adviser_step,
                "agent_id": own["agent_id"],
                "task": "Prix annuel de l'abonnement PME : 49 * 12",
            },
            {
                "id": "ventes",
                "agent_id": "ventes",
                "task": "Rédige l'offre commerciale PME",
                "after": [adviser_step],
            },
            {"id": "marketing", "agent_id": "marketing", "task": "Plan de campagne PME", "after": ["ventes"]},
        ]
        response = account.client.put(
            f"/api/agents/runs/{run['run_id']}/plan", json={"assignments": edited}, headers=account.csrf()
        )
        assert response.status_code == 200, response.text
        approved = account.client.post(f"/api/agents/runs/{run['run_id']}/approve", headers=account.csrf())
        assert approved.status_code == 200, approved.text
        assert approved.json()["status"] == "started"

        # Then it stops before the e-mail, waiting for approval, with every member's own step done.
        waiting = wait_task(account, run["run_id"], ("waiting_approval", "failed", "cancelled"))
        task = waiting["task"]
        assert task["status"] == "waiting_approval", task
        steps = {s["step_id"]: s for s in task["steps"]}
        assert [s["kind"] for s in task["steps"]] == [
            "agent.run",
            "agent.run",
            "agent.run",
            "agent.synthesis",
            "agent.email",
        ]
        for step_id, name in (
            (adviser_step, "Conseiller offre"),
            ("ventes", "Ventes"),
            ("marketing", "Marketing"),
        ):
            step = steps[step_id]
            assert step["status"] == "succeeded"
            assert step["output"]["agent_name"] == name and step["output"]["text"]
            assert step["cost_micro_usd"] > 0 and step["tokens_out"] > 0
        assert steps["ventes"]["started_at"] >= steps[adviser_step]["finished_at"]
        adviser = steps[adviser_step]["output"]
        calls = {c["tool"]: c for c in adviser["tool_calls"]}
        assert calls["calculator"]["result"] == 588
        assert "49 euros" in calls["knowledge_search"]["result"][0]["text"]
        assert adviser["citations"][0]["filename"] == "offre.pdf" and adviser["citations"][0]["page"] == 1
        synthesis = steps["synthesis"]["output"]
        assert {c["agent_name"] for c in synthesis["contributions"]} == {
            "Conseiller offre",
            "Ventes",
            "Marketing",
        }
        assert "[Marketing]" in synthesis["text"] and "[Ventes]" in synthesis["text"]
        assert steps["email"]["status"] == "waiting_approval"
        sent = [m for m in outbox() if m["subject"] == SUBJECT]
        assert sent == []

        # When the owner approves the e-mail, it is sent once and the run succeeds.
        decided = account.client.post(
            f"/api/tasks/{task['task_id']}/decision",
            json={"step_id": "email", "decision": "approve"},
            headers=account.csrf(),
        )
        assert decided.status_code == 200, decided.text
        done = wait_task(account, run["run_id"])
        assert done["task"]["status"] == "succeeded"
        mails = [m for m in outbox() if m["subject"] == SUBJECT and m["to"] == account.email]
        assert len(mails) == 1 and "Contributions" in mails[0]["text"]

        # And the cost shows in each agent's metrics.
        for agent_id, step_id in (("ventes", "ventes"), (own["agent_id"], adviser_step)):
            response = account.client.get(f"/api/agents/{agent_id}/metrics", params={"days": 7})
            assert response.status_code == 200, response.text
            metrics = response.json()
            assert metrics["runs"] >= 1 and metrics["succeeded"] >= 1
            assert metrics["cost_micro_usd"] >= steps[step_id]["cost_micro_usd"] > 0
            assert metrics["success_rate"] == 1.0 and metrics["p50_duration_ms"] is not None
        # The adviser, first in the plan, also led the synthesis: two runs, one with its two tool calls.
        adviser_metrics = account.client.get(f"/api/agents/{own['agent_id']}/metrics").json()
        assert adviser_metrics["runs"] == 2 and adviser_metrics["tool_calls"] == 2
        assert adviser_metrics["tool_error_rate"] == 0.0
        assert account.client.get("/api/agents/ventes/metrics", params={"days": 5}).status_code == 422

    def test_a_plan_that_follows_a_later_step_or_exceeds_max_steps_is_refused(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        run = _run(account, goal="Budget", agent_ids=["finance", "analyste"], max_steps=2)
        url = f"/api/agents/runs/{run['run_id']}/plan"
        backwards = [
            {"id": "finance", "agent_id": "finance", "task": "x", "after": ["analyste"]},
            {"id": "analyste", "agent_id": "analyste", "task": "y"},
        ]
        response = account.client.put(url, json={"assignments": backwards}, headers=account.csrf())
        assert response.status_code == 422 and response.json()["code"] == "agent_invalid_plan"
        three = [{"id": f"s{i}", "agent_id": "finance", "task": "x"} for i in range(3)]
        response = account.client.put(url, json={"assignments": three}, headers=account.csrf())
        assert response.status_code == 422 and response.json()["code"] == "agent_invalid_plan"

    def test_another_users_run_is_not_found(self, create_account: Callable[..., Account]) -> None:
        owner, other = create_account(), create_account()
        run = _run(owner, goal="Secret", agent_ids=["rh", "juridique"])
        assert other.client.get(f"/api/agents/runs/{run['run_id']}").status_code == 404
        response = other.client.post(f"/api/agents/runs/{run['run_id']}/approve", headers=other.csrf())
        assert response.status_code == 404
        assert owner.client.get(f"/api/agents/runs/{run['run_id']}").json()["status"] == "draft"


class TestSingleAgent:
    def test_one_agent_starts_at_once_without_a_plan_to_approve(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        run = _run(account, goal="Rédige un court message de bienvenue", agent_ids=["ventes"])
        assert run["status"] == "started" and run["task_id"]
        done = wait_task(account, run["run_id"])
        assert done["task"]["status"] == "succeeded"
        [step] = done["task"]["steps"]
        assert step["kind"] == "agent.run" and step["output"]["model"] == "gpt-4o-mini"
        assert step["output"]["text"] and step["tokens_out"] > 0
        listed = account.client.get("/api/agents/runs").json()
        assert listed[0]["run_id"] == run["run_id"]

    def test_a_budget_too_small_stops_the_run(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        run = _run(account, goal="Analyse", agent_ids=["finance", "analyste"], budget_micro_usd=1)
        account.client.post(f"/api/agents/runs/{run['run_id']}/approve", headers=account.csrf())
        done = wait_task(account, run["run_id"])
        assert done["task"]["status"] == "budget_exceeded"

    def test_cancel_stops_a_waiting_run(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        run = _run(account, goal="Relance", agent_ids=["support"], email_to=account.email)
        until(
            lambda: account.client.get(f"/api/agents/runs/{run['run_id']}").json()["task"]["status"],
            lambda status: status == "waiting_approval",
        )
        response = account.client.post(f"/api/agents/runs/{run['run_id']}/cancel", headers=account.csrf())
        assert response.status_code == 200
        assert response.json()["task"]["status"] == "cancelled"
