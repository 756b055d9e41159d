"""The dashboard's agents section: each agent's metrics over 7/30/90 days, from the agents' counters."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from webox.agents import repository as agents_repository
from webox.db import utcnow

from tests.accounts import Account, verified
from tests.agents.conftest import wait_task


def agent_usage(account: Account, days: int) -> dict[str, Any]:
    response = account.client.get("/api/usage/agents", params={"days": days})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def counted_days_ago(account: Account, agent_id: str, days_ago: int, **counters: int) -> None:
    """Counters of an agent's steps as `webox.agents.metrics.record` writes them, `days_ago` days back."""
    day = (utcnow().date() - timedelta(days=days_ago)).isoformat()
    agents_repository.add_counters(account.id, agent_id, day, counters)


class TestAgentUsage:
    def test_a_finished_run_shows_with_its_cost_and_duration(
        self, create_account: Callable[..., Account]
    ) -> None:
        account, other = verified(create_account)(), verified(create_account)()
        response = account.client.post(
            "/api/agents/runs",
            json={"goal": "Rédige une relance courte", "agent_ids": ["ventes"]},
            headers=account.csrf(),
        )
        assert response.status_code == 201, response.text
        run = wait_task(account, response.json()["run_id"])
        assert run["task"]["status"] == "succeeded"

        rows = agent_usage(account, 7)["agents"]
        assert [r["agent_id"] for r in rows] == ["ventes"]
        ventes = rows[0]
        assert ventes["name"] == "Ventes" and ventes["builtin"] is True
        assert ventes["runs"] == 1 and ventes["success_rate"] == 1.0 and ventes["median_steps"] == 1
        assert ventes["cost_per_success_micro_usd"] == ventes["cost_micro_usd"] > 0
        assert (
            ventes["p50_duration_ms"] is not None and ventes["p95_duration_ms"] >= ventes["p50_duration_ms"]
        )
        # Another user sees none of it.
        assert agent_usage(other, 7)["agents"] == []

    def test_periods_add_up_the_days_they_cover(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        counted_days_ago(account, "finance", 2, runs=2, succeeded=1, failed=1, cost=300, success_cost=100,
                         tool_calls=4, tool_errors=1, d2=1, d5=1, s1=1, s3=1)  # fmt: skip
        counted_days_ago(account, "finance", 20, runs=1, succeeded=1, cost=50, success_cost=50, d0=1, s2=1)
        counted_days_ago(account, "rh", 60, runs=1, failed=1, d9=1, s1=1)

        week = {r["agent_id"]: r for r in agent_usage(account, 7)["agents"]}
        assert list(week) == ["finance"]
        assert week["finance"]["success_rate"] == 0.5 and week["finance"]["tool_error_rate"] == 0.25
        assert week["finance"]["cost_per_success_micro_usd"] == 100
        assert (week["finance"]["p50_duration_ms"], week["finance"]["p95_duration_ms"]) == (2000, 20_000)

        month = {r["agent_id"]: r for r in agent_usage(account, 30)["agents"]}
        assert month["finance"]["runs"] == 3 and month["finance"]["cost_per_success_micro_usd"] == 75
        assert month["finance"]["median_steps"] == 2 and "rh" not in month

        quarter = agent_usage(account, 90)
        assert [r["agent_id"] for r in quarter["agents"]] == ["finance", "rh"]
        assert quarter["agents"][1]["success_rate"] == 0.0 and quarter["days"] == 90

    def test_an_unknown_period_is_a_problem(self, create_account: Callable[..., Account]) -> None:
        response = create_account().client.get("/api/usage/agents", params={"days": 12})
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "dashboard.invalid_period"
