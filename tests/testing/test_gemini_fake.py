"""The simulated Gemini API, driven by the official `google-genai` SDK."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import httpx2
import pytest
from google import genai
from google.genai import errors, types
from webox.testing.gemini import create_app
from webox.testing.server import RunningServer, serve
from webox.testing.simulation import Behaviour

PROMPT = "Bonjour, comment écrire un bon titre ?"


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


def sdk(fake: RunningServer, timeout_ms: int | None = None) -> genai.Client:
    options = types.HttpOptions(
        base_url=fake.url,
        api_version="v1beta",
        timeout=timeout_ms,
        retry_options=types.HttpRetryOptions(attempts=1),
    )
    return genai.Client(api_key="gemini-test", http_options=options)


class TestAnswers:
    def test_json_answer_with_usage_metadata(self, fake: RunningServer, behaviour: Behaviour) -> None:
        config = types.GenerateContentConfig(system_instruction="Sois bref.")
        client = sdk(fake)  # kept: a dropped genai.Client closes its HTTP client
        response = client.models.generate_content(model="gemini-2.5-flash", contents=PROMPT, config=config)
        assert response.text and "Réponse simulée · gemini-2.5-flash" in response.text
        assert (
            response.usage_metadata is not None and (response.usage_metadata.candidates_token_count or 0) > 10
        )
        assert behaviour.last_body is not None
        assert behaviour.last_body["systemInstruction"]["parts"][0]["text"] == "Sois bref."

    def test_stream_rebuilds_the_same_text_and_ends_with_stop_and_usage(
        self, fake: RunningServer, behaviour: Behaviour
    ) -> None:
        client = sdk(fake)
        whole = client.models.generate_content(model="gemini-2.5-flash", contents=PROMPT)
        chunks = list(client.models.generate_content_stream(model="gemini-2.5-flash", contents=PROMPT))
        assert "".join(c.text or "" for c in chunks) == whole.text and len(chunks) > 5
        last = chunks[-1]
        assert last.candidates and last.candidates[0].finish_reason == types.FinishReason.STOP
        assert last.usage_metadata is not None and whole.usage_metadata is not None
        assert last.usage_metadata.total_token_count == whole.usage_metadata.total_token_count

    def test_missing_key_is_permission_denied(self, fake: RunningServer) -> None:
        response = httpx.post(f"{fake.url}/v1beta/models/gemini-2.5-flash:generateContent", json={})
        assert response.status_code == 403 and response.json()["error"]["status"] == "PERMISSION_DENIED"


class TestFaults:
    def test_429_is_resource_exhausted_with_a_retry_delay(
        self, fake: RunningServer, behaviour: Behaviour
    ) -> None:
        behaviour.faults.append("429")
        client = sdk(fake)
        with pytest.raises(errors.ClientError) as error:
            client.models.generate_content(model="gemini-2.5-flash", contents=PROMPT)
        assert (error.value.code, error.value.status) == (429, "RESOURCE_EXHAUSTED")
        assert error.value.details["error"]["details"][0]["retryDelay"] == "1s"

    def test_500_and_a_rejected_key(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.extend(["500", "401"])
        client = sdk(fake)
        with pytest.raises(errors.ServerError):
            client.models.generate_content(model="gemini-2.5-flash", contents=PROMPT)
        with pytest.raises(errors.ClientError) as error:
            client.models.generate_content(model="gemini-2.5-flash", contents=PROMPT)
        assert error.value.code == 400 and "API_KEY_INVALID" in str(error.value.details)

    def test_timeout(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("timeout")
        behaviour.timeout_hold_s = 1
        client = sdk(fake, timeout_ms=300)
        with pytest.raises(httpx2.TimeoutException):
            client.models.generate_content(model="gemini-2.5-flash", contents=PROMPT)

    def test_malformed_chunk(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("malformed")
        client = sdk(fake)
        with pytest.raises(errors.UnknownApiResponseError):
            list(client.models.generate_content_stream(model="gemini-2.5-flash", contents=PROMPT))

    def test_stream_cut_midway(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("cut")
        client = sdk(fake)
        with pytest.raises(httpx2.RemoteProtocolError):
            list(client.models.generate_content_stream(model="gemini-2.5-flash", contents=PROMPT))
