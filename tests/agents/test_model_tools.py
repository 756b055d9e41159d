"""The model tools that call models or write for the user — ask another agent, the multi-model chat
with its verdict, a document in the library — called natively by the simulated model in a run, each
refusing bad calls, and none run again when its step replays."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from webox.agents import model_tools, steps, tools
from webox.db import utcnow
from webox.providers.schemas import ToolCall
from webox.testing.server import RunningServer
from webox.usage import repository as usage_repository

from tests.accounts import Account
from tests.agents.test_tools import FakeContext, own_agent, run_one
from tests.providers.conftest import behaviour, simulators  # noqa: F401 - the fixture


def _box(user_id: str, names: list[str], agent_id: str = "a" * 32) -> tools.Toolbox:
    agent = {"agent_id": agent_id, "name": "Moi", "model": "gpt-4o-mini", "tools": names}
    return tools.toolbox(user_id, agent, request_id="t:s")


class TestAskAgent:
    def test_the_model_asks_the_agent_it_names_and_reads_its_answer(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        agent = own_agent(account, "mistral-small-latest", ["ask_agent"])
        step = run_one(
            account, agent["agent_id"], "Utilise ask_agent : demande à finance la marge d'une offre à 49 €"
        )
        [call] = step["output"]["tool_calls"]
        assert call["tool"] == "ask_agent" and call["input"]["agent"] == "finance"
        assert call["result"]["agent_name"] == "Finance" and call["result"]["text"]
        assert "[ask_agent] Finance" in step["output"]["text"]
        # The nested call is the other agent's own model call, priced in the step and in usage.
        since = utcnow() - timedelta(minutes=5)
        models = [r.model for r in usage_repository.records(account.id, since) if r.feature == "agents"]
        assert len(models) == 3 and call["result"]["model"] in models
        assert step["cost_micro_usd"] == round(
            sum(r.cost for r in usage_repository.records(account.id, since) if r.feature == "agents")
            * 1_000_000
        )

    def test_an_agent_cannot_ask_itself_nor_an_unknown_agent(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        box = _box(account.id, ["ask_agent"], agent_id="finance")
        [spec] = box.specs
        assert "finance" not in spec.parameters["properties"]["agent"]["enum"]
        itself = box.run(ToolCall(id="1", name="ask_agent", arguments={"agent": "finance", "question": "?"}))
        unknown = box.run(ToolCall(id="2", name="ask_agent", arguments={"agent": "f" * 32, "question": "?"}))
        assert (itself["error"], unknown["error"]) == ("ask_agent_self", "ask_agent_unknown")


class TestMultiModel:
    def test_several_models_answer_and_the_judge_fuses_them(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        agent = own_agent(account, "gpt-4o-mini", ["multi_model_chat"])
        step = run_one(
            account, agent["agent_id"], "multi_model_chat : quelle est la capitale de l'Australie ?"
        )
        [call] = step["output"]["tool_calls"]
        result = call["result"]
        assert 2 <= len(result["models"]) <= 4 and len(set(result["models"])) == len(result["models"])
        assert result["answer"] and 0 <= result["agreement"] <= 100 and result["judge"]
        assert result["verdict_error"] is None
        since = utcnow() - timedelta(minutes=5)
        features = [r.feature for r in usage_repository.records(account.id, since)]
        # Two rounds of the agent, one answer per panel model, and the judge's verdict.
        assert features.count("agents") == 2 + len(result["models"]) and features.count("verification") == 1

    def test_without_two_models_on_the_plan_the_tool_refuses(
        self, create_account: Callable[..., Account], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from webox.verification import panel

        account = create_account()
        monkeypatch.setattr(panel, "panel_models", lambda *args: ["gpt-4o-mini"])
        record = _box(account.id, ["multi_model_chat"]).run(
            ToolCall(id="1", name="multi_model_chat", arguments={"question": "Une question"})
        )
        assert record["error"] == "multi_model_unavailable" and "result" not in record


class TestCreateDocument:
    def test_the_document_lands_in_the_users_library(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        agent = own_agent(account, "claude-haiku-4-5", ["create_document"])
        step = run_one(account, agent["agent_id"], "create_document : un compte rendu de la réunion de lundi")
        [call] = step["output"]["tool_calls"]
        media_id = call["result"]["media_id"]
        assert call["result"]["link"].endswith(f"/api/media/items/{media_id}")
        item = account.client.get(f"/api/media/items/{media_id}")
        assert item.status_code == 200, item.text
        assert item.json()["kind"] == "document" and item.json()["content_type"].startswith("text/markdown")
        assert "compte rendu" in httpx.get(item.json()["url"], timeout=10).text
        listed = account.client.get("/api/media/items", params={"kind": "document"}).json()["items"]
        assert [i["media_id"] for i in listed] == [media_id]

    def test_a_document_without_title_or_content_is_refused(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        record = _box(account.id, ["create_document"]).run(
            ToolCall(id="1", name="create_document", arguments={"title": " ", "content": "x"})
        )
        assert record["error"] == "document_invalid"
        assert account.client.get("/api/media/items").json()["items"] == []


class TestExactlyOnce:
    @pytest.mark.parametrize(
        ("names", "task"),
        [
            (["ask_agent"], "ask_agent : demande à juridique si la clause est valable"),
            (["create_document"], "create_document : la note de synthèse"),
        ],
    )
    def test_a_replayed_step_runs_no_tool_again(
        self,
        create_account: Callable[..., Account],
        simulators: dict[str, RunningServer],  # noqa: F811
        names: list[str],
        task: str,
    ) -> None:
        account = create_account()
        step_input: dict[str, Any] = {
            "agent": {
                "agent_id": "a" * 32,
                "name": "Moi",
                "model": "gpt-4o-mini",
                "tools": names,
                "instructions": ".",
            },
            "task": task,
        }
        effects: dict[str, Any] = {}
        first = steps.run_agent(FakeContext(account.id, step_input, effects))
        requests = {name: behaviour(server).requests for name, server in simulators.items()}
        items = [i["media_id"] for i in account.client.get("/api/media/items").json()["items"]]
        [call] = first.output["tool_calls"]
        assert "error" not in call, call

        replay = steps.run_agent(FakeContext(account.id, step_input, effects))
        assert {name: behaviour(server).requests for name, server in simulators.items()} == requests
        assert [i["media_id"] for i in account.client.get("/api/media/items").json()["items"]] == items
        assert replay.output == first.output and replay.cost_micro_usd == first.cost_micro_usd > 0


def test_every_tool_an_agent_may_carry_has_a_runner() -> None:
    from typing import get_args

    from webox.agents.schemas import Tool

    here = {"calculator", "knowledge_search", "structured_extraction"}
    assert set(get_args(Tool)) == here | set(model_tools.RUNNERS)
