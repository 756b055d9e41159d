"""Runs: the form's values checked before anything runs, the budget, cancel, retry of a failed node,
the multi-model judge, API tokens, and each built-in workflow (green, its estimate within 30 %)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.accounts import Account
from tests.workflows.conftest import chain, four_nodes, node, outputs, save, start, wait_run


class TestRunForm:
    def test_a_missing_or_invalid_value_is_refused_naming_the_field(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        graph = four_nodes()
        graph["variables"].append(
            {"name": "mots", "label": "Mots", "type": "number", "min": 100, "max": 2000}
        )
        graph["nodes"][1]["config"]["template"] += " En {{mots}} mots."
        workflow = save(account, graph)
        url = f"/api/workflows/{workflow['id']}/runs"
        missing = account.client.post(url, json={"values": {"mots": 500}}, headers=account.csrf())
        assert missing.status_code == 422
        assert missing.json()["code"] == "workflows.invalid_values"
        assert missing.json()["fields"] == [{"name": "sujet", "reason": "missing"}]
        bounded = account.client.post(url, json={"values": {"sujet": "x", "mots": 5}}, headers=account.csrf())
        assert bounded.json()["fields"] == [{"name": "mots", "reason": "out_of_range"}]
        runs = account.client.get(f"/api/workflows/{workflow['id']}/runs").json()["items"]
        assert runs == []  # nothing ran

    def test_an_invalid_graph_cannot_run_and_validation_names_each_node(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        graph = four_nodes()
        graph["nodes"][2]["config"]["template"] = "Rédige {{inconnu}} après {{result}}"
        graph["edges"].append({"source": "result", "target": "outline"})  # a cycle
        problems = account.client.post("/api/workflows/validate", json=graph, headers=account.csrf()).json()
        assert problems["valid"] is False
        assert "cycle" in problems["problems"][0]["message"]
        graph["edges"].pop()
        graph["nodes"].append(node("lonely", "output"))
        found = account.client.post("/api/workflows/validate", json=graph, headers=account.csrf()).json()
        assert {(p["node"], p["message"]) for p in found["problems"]} == {
            ("draft", "{{inconnu}} refers to no variable or node"),
            ("draft", "{{result}} refers to a later or unconnected node"),
            ("lonely", "needs at least 1 incoming edge(s)"),
        }
        workflow = save(account, graph)
        refused = account.client.post(
            f"/api/workflows/{workflow['id']}/runs", json={"values": {"sujet": "x"}}, headers=account.csrf()
        )
        assert refused.status_code == 422 and refused.json()["code"] == "workflows.invalid_graph"


class TestCost:
    def test_a_budget_under_the_estimate_is_refused_before_running(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        workflow = save(account, four_nodes())
        refused = account.client.post(
            f"/api/workflows/{workflow['id']}/runs",
            json={"values": {"sujet": "x"}, "budget_micro_usd": 1},
            headers=account.csrf(),
        )
        assert refused.status_code == 422 and refused.json()["code"] == "workflows.over_budget"


class TestMultiModel:
    def test_three_models_answer_in_parallel_and_the_judge_fuses_them(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        models = ["gpt-4o-mini", "claude-haiku-4-5", "mistral-small-latest"]
        graph = {
            "variables": [{"name": "question", "label": "Question", "type": "text"}],
            "nodes": [node("input", "input"), node("ask", "multi", models=models, template="{{question}}")],
            "edges": chain("input", "ask"),
        }
        workflow = save(account, graph)
        run = wait_run(
            account, start(account, workflow["id"], {"question": "Pourquoi le ciel est-il bleu ?"})["id"]
        )
        assert run["status"] == "succeeded", run
        ask = next(n for n in run["nodes"] if n["node"] == "ask")
        assert [s["step_id"] for s in ask["steps"]] == ["ask-m1", "ask-m2", "ask-m3", "ask"]
        output = ask["output"]
        assert set(output["answers"]) == set(models)
        assert output["verdict"]["judge_model"] and output["verdict"]["error"] is None
        assert output["text"] == output["verdict"]["fused_answer"]
        assert all(s["cost_micro_usd"] > 0 for s in ask["steps"])  # the judge's call is priced too


class TestControl:
    def test_a_failed_node_can_be_retried(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        account = create_account()
        workflow = save(account, four_nodes())
        simulators["anthropic"].faults.extend(["401"])  # the draft's vendor refuses once
        run = wait_run(account, start(account, workflow["id"], {"sujet": "x"})["id"])
        assert run["status"] == "failed"
        draft = next(n for n in run["nodes"] if n["node"] == "draft")
        assert draft["status"] == "failed"
        retried = account.client.post(
            f"/api/workflows/runs/{run['id']}/retry", json={"node": "draft"}, headers=account.csrf()
        )
        assert retried.status_code == 200, retried.text
        done = wait_run(account, run["id"])
        assert done["status"] == "succeeded"
        assert outputs(done)["result"]["text"]

    def test_a_cancelled_run_starts_no_further_node(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        account = create_account()
        workflow = save(account, four_nodes())
        simulators["openai"].ttft_s = 1.0  # the first model node is still answering when the run is cancelled
        run = start(account, workflow["id"], {"sujet": "x"})
        wait_run(account, run["id"], ("running",))
        cancelled = account.client.post(f"/api/workflows/runs/{run['id']}/cancel", headers=account.csrf())
        assert cancelled.status_code == 200
        final = wait_run(account, run["id"])
        assert final["status"] == "cancelled"
        assert {n["node"]: n["status"] for n in final["nodes"]}["draft"] in {"pending", "cancelled"}


class TestTriggers:
    def test_an_api_token_with_the_workflows_scope_starts_a_run(
        self, create_account: Callable[..., Account], new_client: Callable[[], Any]
    ) -> None:
        account = create_account()
        workflow = save(account, four_nodes())

        def token(scopes: list[str]) -> str:
            response = account.client.post(
                "/api/auth/tokens",
                json={"name": "sdk", "scopes": scopes, "password": account.password},
                headers=account.csrf(),
            )
            assert response.status_code == 201, response.text
            return str(response.json()["token"])

        client = new_client()
        url = f"/api/workflows/{workflow['id']}/runs"
        read_only = client.post(
            url, json={"values": {"sujet": "x"}}, headers={"Authorization": f"Bearer {token(['read'])}"}
        )
        assert read_only.status_code == 403
        allowed = client.post(
            url, json={"values": {"sujet": "x"}}, headers={"Authorization": f"Bearer {token(['workflows'])}"}
        )
        assert allowed.status_code == 201, allowed.text
        assert wait_run(account, allowed.json()["id"])["status"] == "succeeded"


class TestBuiltin:
    @pytest.mark.parametrize(
        ("slug", "lang", "values"),
        [
            ("article-seo", "en", {"sujet": "urban cycling", "mot_cle": "city bike"}),
            ("campagne-multicanal", "fr", {"produit": "une gourde isotherme", "cible": "les randonneurs"}),
            (
                "analyse-document",
                "fr",
                {"document": "Compte rendu : livrer le lot 2 avant vendredi. Budget validé."},
            ),
        ],
    )
    def test_each_builtin_runs_green(
        self, create_account: Callable[..., Account], slug: str, lang: str, values: dict[str, Any]
    ) -> None:
        account = create_account()
        listed = account.client.get(f"/api/workflows/builtin?lang={lang}").json()["items"]
        assert {item["slug"] for item in listed} == {"article-seo", "campagne-multicanal", "analyse-document"}
        workflow = account.client.post(
            f"/api/workflows/builtin/{slug}/copy?lang={lang}", headers=account.csrf()
        ).json()
        estimate = account.client.post(
            f"/api/workflows/{workflow['id']}/estimate", json={"values": values}, headers=account.csrf()
        ).json()
        run = wait_run(account, start(account, workflow["id"], values)["id"], timeout=60)
        assert run["status"] == "succeeded", run
        assert outputs(run)["result"]["text"].strip()
        # The estimate is within 30 % of what the run cost (the article: three models and a judge).
        assert run["cost_micro_usd"] > 0
        spent = [
            (n["node"], s.get("model"), s["tokens_in"], s["tokens_out"], s["cost_micro_usd"])
            for n in run["nodes"]
            for s in n["steps"]
        ]
        assert 0.7 <= estimate["cost_micro_usd"] / run["cost_micro_usd"] <= 1.3, (
            estimate,
            run["cost_micro_usd"],
            spent,
        )
        if slug == "analyse-document":
            assert set(outputs(run)["extraction"]["data"]) == {"titre", "points_cles", "actions"}
