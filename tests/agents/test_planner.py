"""A team's draft plan written by its supervisor in one model call (`submit_plan`), validated against
the plan's schema and the team; an invalid plan falls back to the derived one, and the run says so."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from webox.agents import catalogue, planner

from tests.accounts import Account

TEAM = ["ventes", "marketing", "finance"]


def _run(account: Account, goal: str = "Lancer l'offre PME au printemps") -> dict[str, Any]:
    response = account.client.post(
        "/api/agents/runs", json={"goal": goal, "agent_ids": TEAM}, headers=account.csrf()
    )
    assert response.status_code == 201, response.text
    run: dict[str, Any] = response.json()
    return run


class TestSupervisor:
    def test_the_simulated_supervisor_plans_one_step_per_member_deterministically(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        run = _run(account)
        assert run["plan_source"] == "model" and run["plan_note"] is None
        # Each member has its own step (the supervisor never answers for one), worded from the goal.
        assert [a["agent_id"] for a in run["assignments"]] == TEAM
        assert [a["id"] for a in run["assignments"]] == TEAM
        assert all("offre PME" in a["task"] for a in run["assignments"])
        # The same goal, the same plan: runs are reproducible.
        assert _run(account)["assignments"] == run["assignments"]

    def test_an_invalid_plan_falls_back_to_the_derived_one_and_says_why(
        self, create_account: Callable[..., Account], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        account = create_account()
        # The supervisor leaves Finance out: no member's answer may be left to the supervisor.
        monkeypatch.setattr(
            planner, "_arguments", lambda answer: {"steps": [{"agent_id": "ventes", "task": "Tout faire"}]}
        )
        run = _run(account)
        assert run["plan_source"] == "derived" and "Finance" in run["plan_note"]
        assert [a["agent_id"] for a in run["assignments"]] == TEAM


class TestValidation:
    @pytest.fixture
    def team(self) -> list[Any]:
        return [catalogue.get_agent("u", agent_id, "fr") for agent_id in TEAM]

    def test_a_graph_becomes_assignments_with_their_order(self, team: list[Any]) -> None:
        raw = {
            "steps": [
                {"agent_id": "finance", "task": "Chiffrer"},
                {"agent_id": "ventes", "task": "Offre", "after": [1]},
                {"agent_id": "marketing", "task": "Campagne", "after": [1, 2]},
                {"agent_id": "finance", "task": "Revoir la marge", "after": [3]},
            ]
        }
        plan = planner.validate(raw, team, 10)
        assert [(a.id, a.agent_id, a.after) for a in plan] == [
            ("finance", "finance", []),
            ("ventes", "ventes", ["finance"]),
            ("marketing", "marketing", ["finance", "ventes"]),
            ("finance-2", "finance", ["marketing"]),
        ]

    @pytest.mark.parametrize(
        ("raw", "why"),
        [
            ({"steps": "tout"}, "steps"),
            ({"steps": [{"agent_id": "juridique", "task": "x"}]}, "juridique"),
            ({"steps": [{"agent_id": "ventes", "task": "x", "after": [1]}]}, "not earlier"),
            ({"steps": [{"agent_id": "ventes", "task": "x"}] * 11}, "steps"),
            (
                {"steps": [{"agent_id": "ventes", "task": "x"}, {"agent_id": "marketing", "task": "y"}]},
                "Finance",
            ),
        ],
    )
    def test_a_plan_that_cannot_run_is_rejected(self, team: list[Any], raw: Any, why: str) -> None:
        with pytest.raises(planner.PlanRejected) as rejected:
            planner.validate(raw, team, 10)
        assert why in str(rejected.value)
