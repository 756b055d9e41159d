"""JSON-schema structured output of the simulated vendors, through each official SDK's own helper:
a deterministic object that validates against the schema asked for."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from typing import Any, Literal

import anthropic
import jsonschema
import openai
import pytest
from google import genai
from google.genai import types
from mistralai.client import Mistral
from pydantic import BaseModel, Field
from webox.testing import anthropic as anthropic_fake
from webox.testing import gemini as gemini_fake
from webox.testing import mistral as mistral_fake
from webox.testing import openai as openai_fake
from webox.testing.server import RunningServer, serve
from webox.testing.structured import instance

PROMPT = "Facture de Dupont SA : trois chaises à régler avant mars."


class Line(BaseModel):
    label: str = Field(max_length=20)
    quantity: int = Field(ge=1, le=5)


class Invoice(BaseModel):
    client: str
    currency: Literal["EUR", "USD"]
    due: date
    paid: bool
    total: float = Field(ge=0.25, le=0.75)
    note: str | None
    lines: list[Line] = Field(min_length=2)


SCHEMA = Invoice.model_json_schema()


@pytest.fixture(scope="module")
def servers() -> Iterator[dict[str, RunningServer]]:
    running = {
        "openai": serve(openai_fake.create_app()),
        "anthropic": serve(anthropic_fake.create_app()),
        "gemini": serve(gemini_fake.create_app()),
        "mistral": serve(mistral_fake.create_app()),
    }
    yield running
    for server in running.values():
        server.stop()


class TestTheObject:
    @pytest.mark.parametrize(
        "schema",
        [
            SCHEMA,
            {"type": "array", "items": {"type": "integer", "exclusiveMinimum": 0, "exclusiveMaximum": 3}},
            {
                "type": "object",
                "properties": {
                    "when": {"type": "string", "format": "date-time"},
                    "n": {"type": ["null", "number"]},
                },
            },
            {"anyOf": [{"type": "null"}, {"type": "string", "minLength": 200}]},
        ],
    )
    def test_validates_and_is_deterministic(self, schema: dict[str, Any]) -> None:
        made = instance(schema, PROMPT)
        jsonschema.validate(made, schema)
        assert made == instance(schema, PROMPT) and made is not None

    def test_gemini_upper_case_types_are_read(self) -> None:
        assert instance({"type": "OBJECT", "properties": {"ok": {"type": "BOOLEAN"}}}, PROMPT) == {"ok": True}

    def test_strings_come_from_the_prompt(self) -> None:
        assert instance(SCHEMA, PROMPT)["client"].startswith("Facture de Dupont SA")


class TestThroughTheSdks:
    def test_openai_chat_completions_parse(self, servers: dict[str, RunningServer]) -> None:
        client = openai.OpenAI(api_key="sk-test", base_url=f"{servers['openai'].url}/v1")
        completion = client.chat.completions.parse(
            model="gpt-4o-mini", messages=[{"role": "user", "content": PROMPT}], response_format=Invoice
        )
        parsed = completion.choices[0].message.parsed
        assert isinstance(parsed, Invoice) and len(parsed.lines) >= 2 and parsed.total == 0.75

    def test_openai_streamed_json_schema(self, servers: dict[str, RunningServer]) -> None:
        client = openai.OpenAI(api_key="sk-test", base_url=f"{servers['openai'].url}/v1")
        stream = client.chat.completions.create(
            model="gpt-4o",
            messages=[{"role": "user", "content": PROMPT}],
            response_format={
                "type": "json_schema",
                "json_schema": {"name": "invoice", "schema": SCHEMA, "strict": True},
            },
            stream=True,
        )
        text = "".join(chunk.choices[0].delta.content or "" for chunk in stream if chunk.choices)
        jsonschema.validate(json.loads(text), SCHEMA)

    def test_anthropic_messages_parse(self, servers: dict[str, RunningServer]) -> None:
        client = anthropic.Anthropic(api_key="sk-ant-test", base_url=servers["anthropic"].url)
        message = client.messages.parse(
            model="claude-haiku-4-5",
            max_tokens=1024,
            messages=[{"role": "user", "content": PROMPT}],
            output_format=Invoice,
        )
        assert isinstance(message.parsed_output, Invoice) and message.parsed_output.currency == "EUR"

    def test_gemini_response_schema(self, servers: dict[str, RunningServer]) -> None:
        options = types.HttpOptions(base_url=servers["gemini"].url, api_version="v1beta")
        client = genai.Client(api_key="gemini-test", http_options=options)
        config = types.GenerateContentConfig(response_mime_type="application/json", response_schema=Invoice)
        response = client.models.generate_content(model="gemini-2.5-flash", contents=PROMPT, config=config)
        assert isinstance(response.parsed, Invoice) and response.parsed.lines
        by_json_schema = types.GenerateContentConfig(
            response_mime_type="application/json", response_json_schema=SCHEMA
        )
        raw = client.models.generate_content(model="gemini-2.5-flash", contents=PROMPT, config=by_json_schema)
        jsonschema.validate(json.loads(raw.text or ""), SCHEMA)

    def test_mistral_chat_parse(self, servers: dict[str, RunningServer]) -> None:
        client = Mistral(api_key="mistral-test", server_url=servers["mistral"].url)
        response = client.chat.parse(
            model="mistral-small-latest",
            messages=[{"role": "user", "content": PROMPT}],
            response_format=Invoice,
        )
        choice = (response.choices or [])[0]
        assert isinstance(choice.message.parsed, Invoice)  # type: ignore[union-attr]

    @pytest.mark.parametrize("vendor", ["openai", "mistral"])
    def test_without_a_schema_the_answer_is_text(
        self, servers: dict[str, RunningServer], vendor: str
    ) -> None:
        ask: dict[str, Callable[[], str]] = {
            "openai": lambda: (
                openai.OpenAI(api_key="k", base_url=f"{servers['openai'].url}/v1")
                .chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": PROMPT}])
                .choices[0]
                .message.content
                or ""
            ),
            "mistral": lambda: str(
                Mistral(api_key="k", server_url=servers["mistral"].url)
                .chat.complete(model="mistral-small-latest", messages=[{"role": "user", "content": PROMPT}])
                .choices[0]
                .message.content
            ),
        }
        assert "simulée" in ask[vendor]()
