"""Workflow helpers: save a workflow, run it through the API and wait for the run to finish."""

from __future__ import annotations

import itertools
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.accounts import Account, verified

FINISHED = ("succeeded", "failed", "cancelled", "budget_exceeded")


@pytest.fixture
def create_account(create_account: Callable[..., Account]) -> Callable[..., Account]:
    """Accounts with a verified e-mail address: a run's model steps need one."""
    return verified(create_account)


def node(node_id: str, node_type: str, **config: Any) -> dict[str, Any]:
    return {"id": node_id, "type": node_type, "label": node_id, "config": config}


def chain(*ids: str) -> list[dict[str, str]]:
    return [{"source": a, "target": b} for a, b in itertools.pairwise(ids)]


def four_nodes() -> dict[str, Any]:
    """Input → outline → draft → result: the journey's workflow."""
    return {
        "variables": [{"name": "sujet", "label": "Sujet", "type": "text", "required": True}],
        "nodes": [
            node("input", "input"),
            node(
                "outline", "prompt", model="gpt-4o-mini", template="Fais le plan d'un article sur {{sujet}}."
            ),
            node(
                "draft",
                "prompt",
                model="claude-haiku-4-5",
                template="Rédige l'article selon ce plan :\n{{outline}}",
            ),
            node("result", "output", template="{{draft}}"),
        ],
        "edges": chain("input", "outline", "draft", "result"),
    }


def save(account: Account, graph: dict[str, Any], title: str = "Article") -> dict[str, Any]:
    response = account.client.post(
        "/api/workflows", json={"title": title, "graph": graph}, headers=account.csrf()
    )
    assert response.status_code == 201, response.text
    saved: dict[str, Any] = response.json()
    return saved


def start(account: Account, workflow_id: str, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
    response = account.client.post(
        f"/api/workflows/{workflow_id}/runs", json={"values": values, **extra}, headers=account.csrf()
    )
    assert response.status_code == 201, response.text
    run: dict[str, Any] = response.json()
    return run


def wait_run(
    account: Account, run_id: str, statuses: tuple[str, ...] = FINISHED, timeout: float = 30
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        run: dict[str, Any] = account.client.get(f"/api/workflows/runs/{run_id}").json()
        if run["status"] in statuses:
            return run
        if time.monotonic() > deadline:
            raise AssertionError(f"run still {run['status']}: {run}")
        time.sleep(0.05)


def outputs(run: dict[str, Any]) -> dict[str, Any]:
    return {n["node"]: n["output"] for n in run["nodes"]}


def finished_at(run: dict[str, Any]) -> dict[str, Any]:
    return {n["node"]: n["steps"][-1]["finished_at"] for n in run["nodes"]}
