"""The node types that use other features: knowledge-base search (passages with their source and
position), Agent (the agents feature's step, its cost in the run's budget) and the Output node's blog
draft — each refusing what its owner may not use, before anything runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.accounts import Account
from tests.agents.conftest import create_base, upload
from tests.blog.conftest import make_editor
from tests.workflows.conftest import chain, node, outputs, save, start, wait_run

NOTES = (
    b"# Contrat de maintenance\n\nLe prestataire intervient sous huit heures ouvrees.\n\n"
    b"# Resiliation\n\nLe preavis de resiliation est de trois mois, par lettre recommandee.\n"
)
QUESTION = [{"name": "question", "label": "Question", "type": "text"}]


def _problems(account: Account, graph: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = account.client.post(
        "/api/workflows/validate", json=graph, headers=account.csrf()
    ).json()["problems"]
    return found


def _refused(account: Account, workflow_id: str, values: dict[str, Any]) -> dict[str, Any]:
    response = account.client.post(
        f"/api/workflows/{workflow_id}/runs", json={"values": values}, headers=account.csrf()
    )
    assert response.status_code == 422, response.text
    assert response.headers["content-type"] == "application/problem+json"
    problem: dict[str, Any] = response.json()
    return problem


class TestKnowledgeSearch:
    def graph(self, base_id: str) -> dict[str, Any]:
        return {
            "variables": QUESTION,
            "nodes": [
                node("input", "input"),
                node("search", "knowledge", bases=[base_id], query="{{question}}", top_k=2),
                node("answer", "prompt", model="gpt-4o-mini", template="{{search}}\n\n{{question}}"),
                node("result", "output", template="{{search}}"),
            ],
            "edges": [*chain("input", "search", "answer"), {"source": "search", "target": "result"}],
        }

    def test_the_passages_found_come_with_their_source_and_position(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        base = create_base(account)
        document = upload(account, base["base_id"], "contrat.md", NOTES)
        assert document["status"] == "ready"
        workflow = save(account, self.graph(base["base_id"]))

        run = wait_run(account, start(account, workflow["id"], {"question": "Quel préavis ?"})["id"])

        assert run["status"] == "succeeded", run
        found = outputs(run)["search"]
        assert found["query"] == "Quel préavis ?"
        assert {c["filename"] for c in found["citations"]} == {"contrat.md"}
        assert {c["document_id"] for c in found["citations"]} == {document["document_id"]}
        assert all({"n", "page", "position", "text"} <= set(c) for c in found["citations"])
        first = found["citations"][0]
        assert f"[1] contrat.md (p. {first['page']}) : {first['text']}" in found["text"]
        assert outputs(run)["result"]["text"] == found["text"]  # later nodes read the passages as text
        # Embedding the query is paid for: its tokens and cost are the node's.
        [searched] = [n for n in run["nodes"] if n["node"] == "search"]
        assert searched["tokens_in"] > 0 and searched["cost_micro_usd"] >= 1

    def test_another_users_base_is_refused_before_anything_runs(
        self, create_account: Callable[..., Account]
    ) -> None:
        owner, other = create_account(), create_account()
        base = create_base(owner)
        graph = self.graph(base["base_id"])
        assert _problems(owner, graph) == []
        assert _problems(other, graph) == [
            {
                "node": "search",
                "variable": None,
                "message": f"the knowledge base {base['base_id']} is not one of yours",
                "code": "knowledge_base_not_found",
            }
        ]
        workflow = save(other, graph)
        assert _refused(other, workflow["id"], {"question": "x"})["code"] == "workflows.invalid_graph"
        assert other.client.get(f"/api/workflows/{workflow['id']}/runs").json()["items"] == []


class TestAgent:
    def graph(self, agent_id: str) -> dict[str, Any]:
        return {
            "variables": [{"name": "produit", "label": "Produit", "type": "text"}],
            "nodes": [
                node("input", "input"),
                node("brief", "prompt", model="gpt-4o-mini", template="Résume le produit {{produit}}."),
                node("plan", "agent", agent_id=agent_id, template="Plan de campagne pour : {{brief}}"),
                node("result", "output", template="{{plan}}"),
            ],
            "edges": chain("input", "brief", "plan", "result"),
        }

    def test_an_agent_answers_and_its_cost_counts_in_the_run(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        agent = account.client.post(
            "/api/agents",
            json={"name": "Veille", "instructions": "Réponds en trois points.", "model": "claude-haiku-4-5"},
            headers=account.csrf(),
        )
        assert agent.status_code == 201, agent.text
        workflow = save(account, self.graph(agent.json()["agent_id"]))
        estimate = account.client.post(
            f"/api/workflows/{workflow['id']}/estimate",
            json={"values": {"produit": "vélo"}},
            headers=account.csrf(),
        ).json()
        assert [c["model"] for c in estimate["calls"] if c["node"] == "plan"] == ["claude-haiku-4-5"]

        run = wait_run(account, start(account, workflow["id"], {"produit": "vélo"})["id"])

        assert run["status"] == "succeeded", run
        plan = next(n for n in run["nodes"] if n["node"] == "plan")
        assert plan["output"]["agent_name"] == "Veille" and plan["output"]["model"] == "claude-haiku-4-5"
        assert plan["output"]["text"] and outputs(run)["result"]["text"] == plan["output"]["text"]
        assert plan["cost_micro_usd"] > 0 and plan["tokens_out"] > 0
        assert run["cost_micro_usd"] == sum(n["cost_micro_usd"] for n in run["nodes"])
        assert plan["steps"][0]["input"]["agent"]["instructions"] == "Réponds en trois points."

    def test_a_builtin_agent_runs_too(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        workflow = save(account, self.graph("redaction"))
        run = wait_run(account, start(account, workflow["id"], {"produit": "vélo"})["id"])
        assert run["status"] == "succeeded", run
        assert outputs(run)["plan"]["agent_id"] == "redaction"

    def test_another_users_agent_is_refused(self, create_account: Callable[..., Account]) -> None:
        owner, other = create_account(), create_account()
        agent_id = owner.client.post(
            "/api/agents",
            json={"name": "Veille", "instructions": "x", "model": "gpt-4o-mini"},
            headers=owner.csrf(),
        ).json()["agent_id"]
        workflow = save(other, self.graph(agent_id))
        problem = _refused(other, workflow["id"], {"produit": "vélo"})
        assert problem["code"] == "workflows.invalid_graph"
        assert problem["problems"][0]["code"] == "agent_not_found"


class TestBlogDraft:
    def graph(self) -> dict[str, Any]:
        return {
            "variables": [{"name": "sujet", "label": "Sujet", "type": "text"}],
            "nodes": [
                node("input", "input"),
                node("draft", "prompt", model="gpt-4o-mini", template="Écris un article sur {{sujet}}."),
                node(
                    "result",
                    "output",
                    template="{{draft}}",
                    destination="blog_draft",
                    title="Article : {{sujet}}",
                ),
            ],
            "edges": chain("input", "draft", "result"),
        }

    def test_an_editor_gets_a_draft_with_the_result(
        self, create_account: Callable[..., Account], create_admin: Callable[..., Account]
    ) -> None:
        editor = create_account()
        make_editor(create_admin(), editor)
        workflow = save(editor, self.graph())

        run = wait_run(editor, start(editor, workflow["id"], {"sujet": "le vélo"})["id"])

        assert run["status"] == "succeeded", run
        result = outputs(run)["result"]
        assert result["link"] == f"/studio/blog/{result['post_id']}"
        post = editor.client.get(f"/api/blog/posts/{result['post_id']}").json()
        assert post["status"] == "draft" and post["title"] == "Article : le vélo"
        assert post["body"] == outputs(run)["draft"]["text"] == result["text"]

    def test_a_second_run_gets_its_own_draft(
        self, create_account: Callable[..., Account], create_admin: Callable[..., Account]
    ) -> None:
        editor = create_account()
        make_editor(create_admin(), editor)
        workflow = save(editor, self.graph())
        ids = {
            outputs(wait_run(editor, start(editor, workflow["id"], {"sujet": "x"})["id"]))["result"][
                "post_id"
            ]
            for _ in range(2)
        }
        assert len(ids) == 2

    def test_a_rerun_with_an_edited_result_makes_a_draft_of_it(
        self, create_account: Callable[..., Account], create_admin: Callable[..., Account]
    ) -> None:
        editor = create_account()
        make_editor(create_admin(), editor)
        workflow = save(editor, self.graph())
        run = wait_run(editor, start(editor, workflow["id"], {"sujet": "x"})["id"])
        first = outputs(run)["result"]["post_id"]

        response = editor.client.post(
            f"/api/workflows/runs/{run['id']}/rerun",
            json={"node": "draft", "output": "Texte corrigé."},
            headers=editor.csrf(),
        )
        assert response.status_code == 200, response.text
        again = outputs(wait_run(editor, run["id"]))["result"]

        assert again["post_id"] != first
        assert editor.client.get(f"/api/blog/posts/{again['post_id']}").json()["body"] == "Texte corrigé."

    def test_someone_who_may_not_write_on_the_blog_is_refused(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        workflow = save(account, self.graph())
        problem = _refused(account, workflow["id"], {"sujet": "x"})
        assert problem["code"] == "workflows.invalid_graph"
        assert problem["problems"] == [
            {
                "node": "result",
                "message": "only blog editors may send a result to a blog draft",
                "code": "blog.not_editor",
            }
        ]

    def test_a_blog_draft_needs_a_title(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        graph = self.graph()
        graph["nodes"][2]["config"]["title"] = " "
        assert _problems(account, graph)[0]["message"] == "Value error, a blog draft needs a title"


class TestLibraryDocument:
    def test_the_result_becomes_a_document_of_my_library(
        self, create_account: Callable[..., Account]
    ) -> None:
        account, other = create_account(), create_account()
        workflow = save(
            account,
            {
                "variables": [{"name": "sujet", "label": "Sujet", "type": "text"}],
                "nodes": [
                    node("input", "input"),
                    node("draft", "prompt", model="gpt-4o-mini", template="Écris une note sur {{sujet}}."),
                    node(
                        "result",
                        "output",
                        template="{{draft}}",
                        destination="library",
                        title="Note : {{sujet}}",
                    ),
                ],
                "edges": chain("input", "draft", "result"),
            },
        )

        run = wait_run(account, start(account, workflow["id"], {"sujet": "le vélo"})["id"])

        assert run["status"] == "succeeded", run
        result = outputs(run)["result"]
        documents = account.client.get("/api/media/items?kind=document").json()["items"]
        assert [(d["media_id"], d["prompt"], d["model"]) for d in documents] == [
            (result["media_id"], "Note : le vélo", "Workflow")
        ]
        assert account.client.get(documents[0]["url"]).text == outputs(run)["draft"]["text"] == result["text"]
        assert other.client.get(f"/api/media/items/{result['media_id']}").status_code == 404

    def test_a_library_document_needs_a_title(self, create_account: Callable[..., Account]) -> None:
        graph = {
            "nodes": [node("input", "input"), node("result", "output", destination="library")],
            "edges": chain("input", "result"),
        }
        assert (
            _problems(create_account(), graph)[0]["message"]
            == "Value error, a library document needs a title"
        )
