"""An agent step's tool loop: the model (each vendor family, simulated) calls the agent's tools through
native tool calling, every call runs once and its result goes back until the model answers; each
model call is priced and recorded in usage; a replayed step runs no tool and no model call again."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import pytest
from webox.agents import steps, tools
from webox.db import utcnow
from webox.providers.schemas import ToolCall
from webox.tasks.errors import StepFailed
from webox.testing.server import RunningServer
from webox.usage import repository as usage_repository

from tests.accounts import Account
from tests.agents.conftest import wait_task
from tests.providers.conftest import behaviour, simulators  # noqa: F401 - the fixture

FAMILIES = ["gpt-4o-mini", "claude-haiku-4-5", "mistral-small-latest", "gemini-2.5-flash"]


def own_agent(account: Account, model: str, tool_names: list[str]) -> dict[str, Any]:
    response = account.client.post(
        "/api/agents",
        json={"name": "Calculs", "instructions": "Tu calcules juste.", "model": model, "tools": tool_names},
        headers=account.csrf(),
    )
    assert response.status_code == 201, response.text
    agent: dict[str, Any] = response.json()
    return agent


def run_one(account: Account, agent_id: str, goal: str) -> dict[str, Any]:
    response = account.client.post(
        "/api/agents/runs", json={"goal": goal, "agent_ids": [agent_id]}, headers=account.csrf()
    )
    assert response.status_code == 201, response.text
    done = wait_task(account, response.json()["run_id"])
    assert done["task"]["status"] == "succeeded", done["task"]
    [step] = done["task"]["steps"]
    return dict(step)


class TestToolLoop:
    @pytest.mark.parametrize("model", FAMILIES)
    def test_the_model_calls_the_calculator_natively_and_answers_from_its_results(
        self, create_account: Callable[..., Account], model: str
    ) -> None:
        account = create_account()
        agent = own_agent(account, model, ["calculator", "send_email"])
        step = run_one(account, agent["agent_id"], "Prix annuel : 49 * 12, et le quart de 10 : 10 / 4")
        output = step["output"]
        # Both expressions were asked for by the model and computed, each call with its id and input.
        assert [(c["tool"], c["input"], c["result"]) for c in output["tool_calls"]] == [
            ("calculator", {"expression": "49 * 12"}, 588),
            ("calculator", {"expression": "10 / 4"}, 2.5),
        ]
        assert all(c["id"] for c in output["tool_calls"])
        # Its final answer rests on the results it got back.
        assert "[calculator] 49 * 12 = 588" in output["text"] and "10 / 4 = 2.5" in output["text"]
        # Two model calls (tools, then the answer), each priced and in the user's usage.
        since = utcnow() - timedelta(minutes=5)
        calls = [r for r in usage_repository.records(account.id, since) if r.feature == "agents"]
        assert len(calls) == 2 and {r.model for r in calls} == {model}
        assert step["cost_micro_usd"] == round(sum(r.cost for r in calls) * 1_000_000) > 0
        assert step["tokens_in"] == sum(r.input_tokens for r in calls)
        assert step["tokens_out"] == sum(r.output_tokens for r in calls)

    def test_without_a_matching_tool_the_model_answers_at_once(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        agent = own_agent(account, "gpt-4o-mini", ["calculator"])
        step = run_one(account, agent["agent_id"], "Un slogan pour une boulangerie")
        assert step["output"]["tool_calls"] == [] and step["output"]["text"]
        metrics = account.client.get(f"/api/agents/{agent['agent_id']}/metrics").json()
        assert metrics["tool_calls"] == 0 and metrics["succeeded"] == 1

    def test_a_refused_expression_is_a_tool_error_the_model_reads(
        self, create_account: Callable[..., Account]
    ) -> None:
        account = create_account()
        agent = own_agent(account, "claude-haiku-4-5", ["calculator"])
        step = run_one(account, agent["agent_id"], "Combien font 1 / 0 ?")
        [call] = step["output"]["tool_calls"]
        assert call["error"] == "calculator_refused" and "result" not in call
        assert "division by zero" in step["output"]["text"]
        metrics = account.client.get(f"/api/agents/{agent['agent_id']}/metrics").json()
        assert metrics["tool_calls"] == 1 and metrics["tool_errors"] == 1


class FakeContext:
    """A step context whose side effects are kept in `effects`, shared between a run and its replay."""

    def __init__(self, user_id: str, step_input: dict[str, Any], effects: dict[str, Any]) -> None:
        self.user_id, self.task_id, self.step_id = user_id, "t" * 32, "calculs"
        self.input, self.upstream, self.resume_at = step_input, {}, None
        self.effects = effects
        self.deltas: list[str] = []

    def once(self, call: str, effect: Callable[[], Any]) -> Any:
        if call not in self.effects:
            self.effects[call] = effect()
        return self.effects[call]

    def delta(self, text: str) -> None:
        self.deltas.append(text)


@pytest.fixture
def step_input() -> Iterator[dict[str, Any]]:
    yield {
        "agent": {
            "agent_id": "a" * 32,
            "name": "Calculs",
            "model": "mistral-small-latest",
            "instructions": "Tu calcules.",
            "tools": ["calculator"],
        },
        "task": "Combien font 6 * 7 ?",
    }


class TestExactlyOnce:
    def test_a_replayed_step_calls_neither_the_model_nor_a_tool_again(
        self,
        create_account: Callable[..., Account],
        simulators: dict[str, RunningServer],  # noqa: F811
        step_input: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        account = create_account()
        ran: list[str] = []
        real_run = tools.Toolbox.run
        monkeypatch.setattr(
            tools.Toolbox, "run", lambda box, call: ran.append(call.id) or real_run(box, call)
        )
        effects: dict[str, Any] = {}
        first = steps.run_agent(FakeContext(account.id, step_input, effects))
        requests = behaviour(simulators["mistral"]).requests
        assert requests == 2 and len(ran) == 1 and first.output["tool_calls"][0]["result"] == 42
        assert sorted(effects) == ["metrics", "model-0", "model-1", f"tool-{ran[0]}"]

        # When the same step runs again (a crash after its effects), everything comes from the records.
        replay = steps.run_agent(FakeContext(account.id, step_input, effects))
        assert behaviour(simulators["mistral"]).requests == requests and len(ran) == 1
        assert replay.output == first.output and replay.cost_micro_usd == first.cost_micro_usd > 0

    def test_a_model_that_keeps_calling_tools_is_stopped_after_the_bound(
        self,
        create_account: Callable[..., Account],
        step_input: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        account = create_account()

        def always_a_tool(ctx: Any, agent: Any, messages: Any, specs: Any, n: int) -> dict[str, Any]:
            call = ToolCall(id=f"c{n}", name="calculator", arguments={"expression": f"{n} + 1"})
            return {"text": "", "tool_calls": [call.model_dump()], "usage": [10, 5], "cost": 3}

        monkeypatch.setattr(steps, "_model_round", always_a_tool)
        context = FakeContext(account.id, step_input, {})
        with pytest.raises(StepFailed) as failed:
            steps.run_agent(context)
        assert failed.value.code == "agents.too_many_tool_rounds"
        ran = [key for key in context.effects if key.startswith("tool-")]
        assert len(ran) == steps.MAX_TOOL_ROUNDS and "metrics-failed" in context.effects


class TestToolbox:
    def test_structured_extraction_checks_the_data_against_its_schema(self) -> None:
        box = tools.toolbox("u", {"tools": ["structured_extraction"]})
        assert [s.name for s in box.specs] == ["structured_extraction"]
        schema = {"type": "object", "properties": {"prix": {"type": "number"}}, "required": ["prix"]}
        good = box.run(
            ToolCall(id="1", name="structured_extraction", arguments={"schema": schema, "data": {"prix": 49}})
        )
        assert good["result"] == {"prix": 49} and good["content"] == '{"prix": 49}'
        bad = box.run(
            ToolCall(
                id="2", name="structured_extraction", arguments={"schema": schema, "data": {"prix": "49"}}
            )
        )
        assert bad["error"] == "extraction_mismatch" and "prix" in bad["content"]
        broken = box.run(
            ToolCall(id="3", name="structured_extraction", arguments={"schema": {"type": 3}, "data": {}})
        )
        assert broken["error"] == "extraction_bad_schema"

    def test_only_the_tools_the_agent_has_are_offered(self) -> None:
        agent = {"tools": ["knowledge_search", "calculator", "send_email", "create_document"]}
        # No knowledge base: no search.
        offered = [s.name for s in tools.toolbox("u", agent).specs]
        assert offered == ["calculator", "create_document", "send_email"]
        unknown = tools.toolbox("u", agent).run(ToolCall(id="x", name="http_request", arguments={}))
        assert unknown["error"] == "unknown_tool"
