"""The simulated Anthropic Messages API, driven by the official `anthropic` SDK."""

from __future__ import annotations

from collections.abc import Iterator

import anthropic
import httpx
import httpx2
import pytest
from webox.testing.anthropic import create_app
from webox.testing.server import RunningServer, serve
from webox.testing.simulation import Behaviour

ASK = [{"role": "user", "content": "Bonjour, comment écrire un bon titre ?"}]


@pytest.fixture(scope="module")
def fake() -> Iterator[RunningServer]:
    running = serve(create_app())
    yield running
    running.stop()


@pytest.fixture
def behaviour(fake: RunningServer) -> Iterator[Behaviour]:
    state: Behaviour = fake.server.config.app.state.behaviour
    state.reset()
    yield state
    state.reset()


def sdk(fake: RunningServer, **options: object) -> anthropic.Anthropic:
    return anthropic.Anthropic(api_key="sk-ant-test", base_url=fake.url, **options)  # type: ignore[arg-type]


def ask(client: anthropic.Anthropic, **kw: object) -> anthropic.types.Message:
    return client.messages.create(model="claude-haiku-4-5", max_tokens=1024, messages=ASK, **kw)  # type: ignore[arg-type,call-overload,no-any-return]


class TestAnswers:
    def test_json_answer_with_usage(self, fake: RunningServer, behaviour: Behaviour) -> None:
        message = ask(sdk(fake), system="Sois bref.")
        assert message.content[0].text.startswith("*[Réponse simulée · claude-haiku-4-5]*")  # type: ignore[union-attr]
        assert message.stop_reason == "end_turn"
        assert message.usage.input_tokens > 0 and message.usage.output_tokens > 10
        assert behaviour.last_body is not None and behaviour.last_body["system"] == "Sois bref."

    def test_stream_rebuilds_the_same_text_and_reports_usage(
        self, fake: RunningServer, behaviour: Behaviour
    ) -> None:
        client = sdk(fake)
        whole = ask(client)
        with client.messages.stream(model="claude-haiku-4-5", max_tokens=1024, messages=ASK) as stream:  # type: ignore[arg-type]
            text = "".join(stream.text_stream)
            final = stream.get_final_message()
        assert text == whole.content[0].text  # type: ignore[union-attr]
        assert final.usage.output_tokens == whole.usage.output_tokens and final.stop_reason == "end_turn"

    def test_events_come_in_the_real_order(self, fake: RunningServer, behaviour: Behaviour) -> None:
        body = {"model": "claude-haiku-4-5", "max_tokens": 100, "messages": ASK, "stream": True}
        with httpx.stream(
            "POST", f"{fake.url}/v1/messages", json=body, headers={"x-api-key": "k"}
        ) as response:
            names = [line[7:] for line in response.iter_lines() if line.startswith("event: ")]
        deltas = names.count("content_block_delta")
        assert deltas > 3
        assert names == [
            "message_start",
            "content_block_start",
            "ping",
            *["content_block_delta"] * deltas,
            "content_block_stop",
            "message_delta",
            "message_stop",
        ]

    def test_missing_key_is_an_authentication_error(self, fake: RunningServer) -> None:
        response = httpx.post(f"{fake.url}/v1/messages", json={})
        assert response.status_code == 401 and response.json()["error"]["type"] == "authentication_error"


class TestFaults:
    def test_429_has_anthropics_error_body_and_retry_after(
        self, fake: RunningServer, behaviour: Behaviour
    ) -> None:
        behaviour.faults.append("429")
        with pytest.raises(anthropic.RateLimitError) as error:
            ask(sdk(fake, max_retries=0))
        assert error.value.response.headers["retry-after"] == "1"
        assert error.value.body["type"] == "error" and error.value.body["error"]["type"] == "rate_limit_error"  # type: ignore[index]

    def test_500_and_401(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.extend(["500", "401"])
        with pytest.raises(anthropic.InternalServerError):
            ask(sdk(fake, max_retries=0))
        with pytest.raises(anthropic.AuthenticationError):
            ask(sdk(fake, max_retries=0))

    def test_timeout(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("timeout")
        behaviour.timeout_hold_s = 1
        with pytest.raises(anthropic.APITimeoutError):
            ask(sdk(fake, max_retries=0, timeout=0.3))

    def test_malformed_event(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("malformed")
        with (
            pytest.raises(ValueError),
            sdk(fake).messages.stream(model="m", max_tokens=99, messages=ASK) as stream,
        ):  # type: ignore[arg-type]
            "".join(stream.text_stream)

    def test_stream_cut_midway(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("cut")
        client = sdk(fake)
        with (
            pytest.raises((httpx2.RemoteProtocolError, anthropic.APIConnectionError)),
            client.messages.stream(model="m", max_tokens=99, messages=ASK) as stream,  # type: ignore[arg-type]
        ):
            "".join(stream.text_stream)
