"""Nodes that shape the run: Condition (the branch not taken is skipped), For-each (one iteration
per item, a maximum, approvals inside the loop) and Human approval with an edited output."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.accounts import Account
from tests.workflows.conftest import chain, node, outputs, save, start, wait_run


def _statuses(run: dict[str, Any]) -> dict[str, str]:
    return {n["node"]: n["status"] for n in run["nodes"]}


def _decide(account: Account, run_id: str, **body: Any) -> dict[str, Any]:
    response = account.client.post(
        f"/api/workflows/runs/{run_id}/decision", json=body, headers=account.csrf()
    )
    assert response.status_code == 200, response.text
    decided: dict[str, Any] = response.json()
    return decided


class TestCondition:
    def graph(self) -> dict[str, Any]:
        return {
            "variables": [{"name": "langue", "label": "Langue", "type": "choice", "choices": ["fr", "en"]}],
            "nodes": [
                node("input", "input"),
                node("check", "condition", value="{{langue}}", operator="equals", operand="fr"),
                node("french", "prompt", model="gpt-4o-mini", template="Écris un slogan pour le vélo."),
                node("english", "prompt", model="gpt-4o-mini", template="Write a bicycle slogan."),
                node("result", "merge"),
            ],
            "edges": [
                *chain("input", "check"),
                {"source": "check", "target": "french", "branch": "true"},
                {"source": "check", "target": "english", "branch": "false"},
                {"source": "french", "target": "result"},
                {"source": "english", "target": "result"},
            ],
        }

    def test_only_the_branch_taken_runs(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        workflow = save(account, self.graph())
        run = wait_run(account, start(account, workflow["id"], {"langue": "en"})["id"])
        assert run["status"] == "succeeded", run
        assert _statuses(run) == {
            "input": "succeeded",
            "check": "succeeded",
            "french": "skipped",
            "english": "succeeded",
            "result": "succeeded",
        }
        assert outputs(run)["result"]["text"] == outputs(run)["english"]["text"]

    def test_an_edge_out_of_a_condition_needs_its_branch(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        graph = self.graph()
        graph["edges"][1].pop("branch")
        found = account.client.post("/api/workflows/validate", json=graph, headers=account.csrf()).json()
        assert found["problems"] == [
            {
                "node": "check",
                "variable": None,
                "message": "each edge out of a condition says its branch (true or false)",
                "code": None,
            }
        ]


class TestForEach:
    def graph(self, **loop: Any) -> dict[str, Any]:
        return {
            "variables": [{"name": "villes", "label": "Villes", "type": "textarea"}],
            "nodes": [
                node("input", "input"),
                node(
                    "loop",
                    "foreach",
                    items="{{villes}}",
                    model="gpt-4o-mini",
                    template="Un slogan pour {{item}}.",
                    **loop,
                ),
                node("result", "output", template="{{loop}}"),
            ],
            "edges": chain("input", "loop", "result"),
        }

    def test_one_iteration_per_item_then_what_follows(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        workflow = save(account, self.graph())
        run = wait_run(account, start(account, workflow["id"], {"villes": "Lyon\nNantes\nLille"})["id"])
        assert run["status"] == "succeeded", run
        loop = next(n for n in run["nodes"] if n["node"] == "loop")
        assert [s["step_id"] for s in loop["steps"]] == ["loop", "loop-i1", "loop-i2", "loop-i3", "loop-all"]
        iterations = [s["output"]["text"] for s in loop["steps"][1:4]]
        assert all(city in text for city, text in zip(["Lyon", "Nantes", "Lille"], iterations, strict=True))
        assert outputs(run)["result"]["text"] == "\n\n".join(iterations)

    def test_more_items_than_the_maximum_fail_the_node(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        workflow = save(account, self.graph(max_iterations=2))
        run = wait_run(account, start(account, workflow["id"], {"villes": "Lyon\nNantes\nLille"})["id"])
        assert run["status"] == "failed"
        assert run["error"]["code"] == "workflows.too_many_items"

    def test_an_approval_inside_the_loop_holds_each_iteration_and_may_edit_it(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        workflow = save(account, self.graph(approve_each=True))
        run = start(account, workflow["id"], {"villes": "Lyon\nNantes"})
        waiting = wait_run(account, run["id"], ("waiting_approval",))
        held = [
            s["step_id"] for n in waiting["nodes"] for s in n["steps"] if s["status"] == "waiting_approval"
        ]
        assert held == ["loop-i1", "loop-i2"]
        _decide(account, run["id"], step="loop-i1", decision="approve", output="Lyon, ville lumière")
        _decide(account, run["id"], step="loop-i2", decision="approve")
        done = wait_run(account, run["id"])
        assert done["status"] == "succeeded", done
        first, second = outputs(done)["result"]["text"].split("\n\n", 1)
        assert first == "Lyon, ville lumière"
        assert "Nantes" in second


class TestApproval:
    def test_an_approver_edits_the_output_the_next_node_reads(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        graph = {
            "variables": [{"name": "sujet", "label": "Sujet", "type": "text"}],
            "nodes": [
                node("input", "input"),
                node("draft", "prompt", model="gpt-4o-mini", template="Rédige un paragraphe sur {{sujet}}."),
                node("review", "approval", instructions="Relisez"),
                node("result", "output", template="Final : {{review}}"),
            ],
            "edges": chain("input", "draft", "review", "result"),
        }
        workflow = save(account, graph)
        run = start(account, workflow["id"], {"sujet": "le thé"})
        wait_run(account, run["id"], ("waiting_approval",))
        _decide(account, run["id"], step="review", decision="approve", output="Texte relu")
        done = wait_run(account, run["id"])
        assert outputs(done)["result"]["text"] == "Final : Texte relu"
