"""Native tool calling through each official SDK against its simulator, streamed and not: the tools
reach the vendor in its own format, the model's calls come back whole, and the results sent in the
history get an answer that uses them."""

from __future__ import annotations

from typing import Any

import pytest
from webox.providers import service
from webox.providers.schemas import (
    Answer,
    ChatMessage,
    Completed,
    GenerationParams,
    TextDelta,
    ToolCall,
    ToolSpec,
)
from webox.testing.server import RunningServer

from tests.providers.conftest import MODELS, behaviour, run

CALCULATOR = ToolSpec(
    name="calculator",
    description="Evaluate an arithmetic expression.",
    parameters={
        "type": "object",
        "properties": {"expression": {"type": "string", "description": "e.g. 49 * 12"}},
        "required": ["expression"],
    },
)
LOOKUP = ToolSpec(
    name="lookup_customer",
    description="Find a customer by name.",
    parameters={"type": "object", "properties": {"name": {"type": "string"}, "limit": {"type": "integer"}}},
)
ASK = ChatMessage(role="user", content="Combien coûtent 12 mois à 49 euros : 49 * 12 ?")
PARAMS = GenerationParams(tools=(CALCULATOR, LOOKUP), max_tokens=300)


def streamed(model_id: str, messages: list[ChatMessage]) -> Answer:
    """The stream's events gathered as one answer (tool calls in order)."""

    async def go() -> Answer:
        text: list[str] = []
        calls: list[ToolCall] = []
        completed: Completed | None = None
        async for event in service.stream(model_id, messages, PARAMS):
            if isinstance(event, TextDelta):
                text.append(event.text)
            elif isinstance(event, ToolCall):
                assert completed is None, "a tool call after Completed"
                calls.append(event)
            else:
                completed = event
        assert completed is not None
        return Answer(
            text="".join(text),
            usage=completed.usage,
            finish_reason=completed.finish_reason,
            tool_calls=tuple(calls),
        )

    return run(go())


def whole(model_id: str, messages: list[ChatMessage]) -> Answer:
    return run(service.complete(model_id, messages, PARAMS))


def offered_names(adapter: str, body: dict[str, Any]) -> list[str]:
    """The tools the SDK sent, read in the vendor's own format."""
    if adapter == "anthropic":
        assert body["tools"][0]["input_schema"] == CALCULATOR.parameters
        return [t["name"] for t in body["tools"]]
    if adapter == "gemini":
        declarations = body["tools"][0]["functionDeclarations"]
        # google-genai sends this field in snake case (the API takes both spellings).
        schema = declarations[0].get("parametersJsonSchema") or declarations[0].get("parameters_json_schema")
        assert schema == CALCULATOR.parameters
        return [d["name"] for d in declarations]
    assert body["tools"][0]["type"] == "function"
    assert body["tools"][0]["function"]["parameters"] == CALCULATOR.parameters
    return [t["function"]["name"] for t in body["tools"]]


@pytest.mark.parametrize("adapter", list(MODELS))
@pytest.mark.parametrize("call", [streamed, whole], ids=["streamed", "whole"])
class TestToolCalling:
    def test_the_model_calls_the_offered_tool_then_answers_with_its_result(
        self, simulators: dict[str, RunningServer], adapter: str, call: Any
    ) -> None:
        model = MODELS[adapter]
        # When the calculator is offered with an expression in the question, the model calls it.
        first = call(model, [ASK])
        assert offered_names(adapter, behaviour(simulators[adapter]).last_body or {}) == [
            "calculator",
            "lookup_customer",
        ]
        assert first.finish_reason == "tool_calls" and first.text == ""
        [asked] = first.tool_calls
        assert asked.name == "calculator" and asked.arguments == {"expression": "49 * 12"}
        assert asked.id and first.usage.output_tokens > 0

        # Given the result in the history, it answers from it instead of calling again.
        history = [
            ASK,
            ChatMessage(role="assistant", content="", tool_calls=first.tool_calls),
            ChatMessage(role="tool", content="588", tool_call_id=asked.id, name="calculator"),
        ]
        second = call(model, history)
        assert second.tool_calls == () and second.finish_reason == "stop"
        assert "[calculator] 588" in second.text and model in second.text

    def test_several_calls_in_one_turn_keep_their_order_and_arguments(
        self, simulators: dict[str, RunningServer], adapter: str, call: Any
    ) -> None:
        question = ChatMessage(
            role="user", content="Use lookup_customer for Dupont, then compute 3 + 4 and 10 / 4"
        )
        answer = call(MODELS[adapter], [question])
        assert [c.name for c in answer.tool_calls] == ["calculator", "calculator", "lookup_customer"]
        assert [c.arguments.get("expression") for c in answer.tool_calls[:2]] == ["3 + 4", "10 / 4"]
        assert answer.tool_calls[2].arguments == {
            "name": question.content,
            "limit": len(question.content.split()),
        }
        assert len({c.id for c in answer.tool_calls}) == 3
        # Every result goes back (Anthropic in one user turn, Gemini in one content) and is quoted.
        history = [
            question,
            ChatMessage(role="assistant", content="", tool_calls=answer.tool_calls),
            *(
                ChatMessage(role="tool", content=result, tool_call_id=c.id, name=c.name)
                for c, result in zip(answer.tool_calls, ["7", "2.5", '{"client": "Dupont SA"}'], strict=True)
            ),
        ]
        final = call(MODELS[adapter], history)
        assert "[calculator] 7" in final.text and "[calculator] 2.5" in final.text
        assert "Dupont SA" in final.text

    def test_no_applicable_tool_gives_the_plain_answer(
        self, simulators: dict[str, RunningServer], adapter: str, call: Any
    ) -> None:
        answer = call(MODELS[adapter], [ChatMessage(role="user", content="Écris un titre accrocheur")])
        assert answer.tool_calls == () and answer.finish_reason == "stop" and answer.text
