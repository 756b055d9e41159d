"""The simulated OpenAI Responses API (`POST /v1/responses`), driven by the official `openai` SDK:
text, streaming, function tool calls in the Responses wire format, and structured output."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import openai
import pytest
from pydantic import BaseModel
from webox.testing.openai import create_app
from webox.testing.server import serve

CALCULATOR = {
    "type": "function",
    "name": "calculator",
    "description": "Evaluates an arithmetic expression",
    "parameters": {
        "type": "object",
        "properties": {"expression": {"type": "string"}},
        "required": ["expression"],
    },
}


@pytest.fixture(scope="module")
def client() -> Iterator[openai.OpenAI]:
    running = serve(create_app())
    yield openai.OpenAI(api_key="sk-test", base_url=f"{running.url}/v1", max_retries=0)
    running.stop()


class Contact(BaseModel):
    name: str
    age: int
    subscribed: bool
    tags: list[str]


class TestText:
    def test_an_answer_with_usage(self, client: openai.OpenAI) -> None:
        response = client.responses.create(model="gpt-4o-mini", input="Comment écrire un bon titre ?")
        assert response.status == "completed" and response.object == "response"
        assert "Réponse simulée · gpt-4o-mini" in response.output_text
        assert response.usage is not None and response.usage.output_tokens > 10
        assert response.output[0].type == "message"

    def test_a_stream_rebuilds_the_same_text(self, client: openai.OpenAI) -> None:
        whole = client.responses.create(model="gpt-4o", input="Explique la photosynthèse.").output_text
        events = list(
            client.responses.create(model="gpt-4o", input="Explique la photosynthèse.", stream=True)
        )
        kinds = [e.type for e in events]
        assert kinds[:2] == ["response.created", "response.in_progress"] and kinds[-1] == "response.completed"
        assert [e.sequence_number for e in events] == list(range(len(events)))
        streamed = "".join(e.delta for e in events if e.type == "response.output_text.delta")
        assert streamed == whole and kinds.count("response.output_text.delta") > 3
        assert events[-1].response.output_text == whole  # type: ignore[union-attr]

    def test_the_stream_helper_accumulates_the_final_response(self, client: openai.OpenAI) -> None:
        with client.responses.stream(
            model="gpt-4o-mini", input=[{"role": "user", "content": "Bonjour !"}]
        ) as stream:
            deltas = [e.delta for e in stream if e.type == "response.output_text.delta"]
            final = stream.get_final_response()
        assert final.output_text == "".join(deltas) and final.output_text


class TestFunctionCalls:
    def test_the_model_calls_a_function_then_answers_from_its_output(self, client: openai.OpenAI) -> None:
        first = client.responses.create(model="gpt-4o", input="Combien font 12*7 ?", tools=[CALCULATOR])  # type: ignore[list-item]
        calls = [item for item in first.output if item.type == "function_call"]
        assert len(calls) == 1 and calls[0].name == "calculator"
        assert json.loads(calls[0].arguments) == {"expression": "12*7"} and calls[0].call_id.startswith(
            "call_"
        )
        follow_up: list[Any] = [
            {"role": "user", "content": "Combien font 12*7 ?"},
            {
                "type": "function_call",
                "call_id": calls[0].call_id,
                "name": "calculator",
                "arguments": calls[0].arguments,
            },
            {"type": "function_call_output", "call_id": calls[0].call_id, "output": "84"},
        ]
        second = client.responses.create(model="gpt-4o", input=follow_up, tools=[CALCULATOR])  # type: ignore[list-item]
        assert not [i for i in second.output if i.type == "function_call"]
        assert "[calculator] 84" in second.output_text

    def test_streamed_function_calls_arrive_as_argument_deltas(self, client: openai.OpenAI) -> None:
        events = list(
            client.responses.create(
                model="gpt-4o", input="Combien font 3+4 ?", tools=[CALCULATOR], stream=True
            )  # type: ignore[list-item]
        )
        arguments = "".join(e.delta for e in events if e.type == "response.function_call_arguments.delta")
        assert json.loads(arguments) == {"expression": "3+4"}
        done = [e.item for e in events if e.type == "response.output_item.done"]
        assert done[0].type == "function_call" and done[0].arguments == arguments  # type: ignore[union-attr]

    def test_without_a_matching_tool_it_answers_text(self, client: openai.OpenAI) -> None:
        response = client.responses.create(model="gpt-4o", input="Bonjour", tools=[CALCULATOR])  # type: ignore[list-item]
        assert [i.type for i in response.output] == ["message"]


class TestStructuredOutput:
    def test_parse_returns_an_object_of_the_schema(self, client: openai.OpenAI) -> None:
        prompt = "Extrais le contact : Marie Curie, 66 ans, abonnée."
        first = client.responses.parse(model="gpt-4o", input=prompt, text_format=Contact)
        again = client.responses.parse(model="gpt-4o", input=prompt, text_format=Contact)
        assert isinstance(first.output_parsed, Contact) and first.output_parsed == again.output_parsed
        assert first.output_parsed.tags and first.output_parsed.name

    def test_a_bad_body_is_a_400(self, client: openai.OpenAI) -> None:
        with pytest.raises(openai.BadRequestError):
            client.responses.create(model="gpt-4o", input=None)  # type: ignore[arg-type]
