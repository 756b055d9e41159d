"""The issue's "done when": build → run → re-run from the middle with an edited output → publish →
another user forks and runs it."""

from __future__ import annotations

from collections.abc import Callable

from tests.accounts import Account
from tests.workflows.conftest import finished_at, four_nodes, outputs, save, start, wait_run


def test_build_run_rerun_publish_fork_and_run(create_account: Callable[..., Account]) -> None:
    author, other = create_account(name="Alice Martin"), create_account()
    workflow = save(author, four_nodes())

    run = wait_run(author, start(author, workflow["id"], {"sujet": "le vélo en ville"})["id"])
    assert run["status"] == "succeeded", run
    first = outputs(run)
    assert "vélo" in first["outline"]["text"]
    assert first["result"]["text"] == first["draft"]["text"]
    by_node = {n["node"]: n for n in run["nodes"]}
    assert by_node["outline"]["tokens_out"] > 0 and by_node["outline"]["cost_micro_usd"] > 0
    assert run["cost_micro_usd"] == sum(n["cost_micro_usd"] for n in run["nodes"])

    # Re-run from the second node with its output edited: only what follows it runs again.
    edited = "Plan : 1. Sécurité 2. Infrastructures 3. Économies"
    before = finished_at(run)
    response = author.client.post(
        f"/api/workflows/runs/{run['id']}/rerun",
        json={"node": "outline", "output": edited},
        headers=author.csrf(),
    )
    assert response.status_code == 200, response.text
    again = wait_run(author, run["id"])
    assert again["status"] == "succeeded", again
    after = outputs(again)
    assert after["outline"]["text"] == edited and after["outline"]["edited"] is True
    assert after["draft"]["text"] != first["draft"]["text"]
    assert "Sécurité" in after["draft"]["text"]  # the simulated answer quotes the prompt it got
    assert after["result"]["text"] == after["draft"]["text"]
    assert finished_at(again)["input"] == before["input"]  # the node before it kept its result

    # Publish, then another user finds it, forks it (with its lineage) and runs the fork.
    published = author.client.post(f"/api/workflows/{workflow['id']}/publish", headers=author.csrf())
    assert published.status_code == 200, published.text
    market = other.client.get("/api/workflows/market").json()["items"]
    listed = next(item for item in market if item["id"] == workflow["id"])
    assert listed["author_name"] == "Alice Martin"
    fork = other.client.post(f"/api/workflows/market/{workflow['id']}/fork", headers=other.csrf())
    assert fork.status_code == 201, fork.text
    forked = fork.json()
    assert forked["forked_from"] == {
        "workflow_id": workflow["id"],
        "author_name": "Alice Martin",
        "title": "Article",
    }
    assert forked["id"] != workflow["id"]
    fork_run = wait_run(other, start(other, forked["id"], {"sujet": "la marche"})["id"])
    assert fork_run["status"] == "succeeded", fork_run

    entry = other.client.get(f"/api/workflows/market/{workflow['id']}").json()
    assert entry["forks"] == 1
    assert entry["runs"] == 1  # the fork's run counts for the original (the author's ran before publishing)
    # The author's workflow stays private to its author.
    assert other.client.get(f"/api/workflows/{workflow['id']}").status_code == 404
    assert other.client.get(f"/api/workflows/runs/{run['id']}").status_code == 404
