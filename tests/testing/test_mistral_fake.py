"""The simulated Mistral chat completions API, driven by the official `mistralai` SDK."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import httpx2
import pytest
from mistralai.client import Mistral, errors
from webox.testing.mistral import create_app
from webox.testing.server import RunningServer, serve
from webox.testing.simulation import Behaviour

ASK = [{"role": "user", "content": "How do I write a good title?"}]


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


def sdk(fake: RunningServer, **options: object) -> Mistral:
    return Mistral(api_key="mistral-test", server_url=fake.url, **options)  # type: ignore[arg-type]


class TestAnswers:
    def test_json_answer_with_usage(self, fake: RunningServer, behaviour: Behaviour) -> None:
        response = sdk(fake).chat.complete(model="mistral-small-latest", messages=ASK)  # type: ignore[arg-type]
        assert "Simulated answer · mistral-small-latest" in str(response.choices[0].message.content)
        assert response.usage.completion_tokens and response.usage.completion_tokens > 10

    def test_stream_rebuilds_the_same_text_with_usage_in_the_last_chunk_only(
        self, fake: RunningServer, behaviour: Behaviour
    ) -> None:
        client = sdk(fake)
        whole = client.chat.complete(model="mistral-small-latest", messages=ASK)  # type: ignore[arg-type]
        chunks = [event.data for event in client.chat.stream(model="mistral-small-latest", messages=ASK)]  # type: ignore[arg-type]
        text = "".join(str(c.choices[0].delta.content or "") for c in chunks)
        assert text == whole.choices[0].message.content and len(chunks) > 5
        assert all(c.usage is None for c in chunks[:-1])
        assert chunks[-1].choices[0].finish_reason == "stop"
        assert chunks[-1].usage is not None and chunks[-1].usage.total_tokens == whole.usage.total_tokens

    def test_missing_key_is_a_401(self, fake: RunningServer) -> None:
        assert httpx.post(f"{fake.url}/v1/chat/completions", json={}).status_code == 401


class TestFaults:
    def test_429_500_and_401_are_sdk_errors_with_their_status(
        self, fake: RunningServer, behaviour: Behaviour
    ) -> None:
        behaviour.faults.extend(["429", "500", "401"])
        statuses = []
        for _ in range(3):
            with pytest.raises(errors.SDKError) as error:
                sdk(fake).chat.complete(model="m", messages=ASK)  # type: ignore[arg-type]
            statuses.append(error.value.status_code)
            if error.value.status_code == 429:
                assert error.value.headers["retry-after"] == "1"
        assert statuses == [429, 500, 401]

    def test_timeout(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("timeout")
        behaviour.timeout_hold_s = 1
        with pytest.raises(httpx2.TimeoutException):
            sdk(fake, timeout_ms=300).chat.complete(model="m", messages=ASK)  # type: ignore[arg-type]

    def test_malformed_chunk(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("malformed")
        with pytest.raises(errors.ResponseValidationError):
            list(sdk(fake).chat.stream(model="m", messages=ASK))  # type: ignore[arg-type]

    def test_stream_cut_midway(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("cut")
        with pytest.raises(httpx2.RemoteProtocolError):
            list(sdk(fake).chat.stream(model="m", messages=ASK))  # type: ignore[arg-type]
