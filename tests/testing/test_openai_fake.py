"""The simulated OpenAI server, driven by the official `openai` SDK."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import openai
import pytest
from webox.testing.openai import create_app
from webox.testing.server import RunningServer, serve
from webox.testing.simulation import Behaviour


@pytest.fixture(scope="module")
def fake() -> Iterator[RunningServer]:
    running = serve(create_app())
    yield running
    running.stop()


@pytest.fixture
def behaviour(fake: RunningServer) -> Iterator[Behaviour]:
    state: Behaviour = fake.server.config.app.state.behaviour
    state.faults.clear()
    state.ttft_s = state.duration_s = state.latency_s = 0.0
    yield state
    state.faults.clear()


def sdk(fake: RunningServer, **options: object) -> openai.OpenAI:
    return openai.OpenAI(api_key="sk-test", base_url=f"{fake.url}/v1", **options)  # type: ignore[arg-type]


def ask(
    client: openai.OpenAI, content: str = "Bonjour, comment écrire un bon titre ?", **kw: object
) -> object:
    return client.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "user", "content": content}],
        **kw,  # type: ignore[call-overload]
    )


class TestAnswers:
    def test_json_answer_with_usage(self, fake: RunningServer, behaviour: Behaviour) -> None:
        completion = ask(sdk(fake))
        text = completion.choices[0].message.content  # type: ignore[attr-defined]
        assert "Réponse simulée · gpt-4o-mini" in text
        assert completion.usage.completion_tokens > 10  # type: ignore[attr-defined]

    def test_answers_vary_with_model_and_prompt_and_follow_the_language(
        self, fake: RunningServer, behaviour: Behaviour
    ) -> None:
        client = sdk(fake)
        french = ask(client).choices[0].message.content  # type: ignore[attr-defined]
        english = ask(client, "How do I write a good title?").choices[0].message.content  # type: ignore[attr-defined]
        other_model = (
            client.chat.completions.create(
                model="gpt-4o",
                messages=[{"role": "user", "content": "Bonjour, comment écrire un bon titre ?"}],
            )
            .choices[0]
            .message.content
        )
        assert "Simulated answer" in english and french != english and other_model != french

    def test_stream_rebuilds_the_same_text_and_reports_usage(
        self, fake: RunningServer, behaviour: Behaviour
    ) -> None:
        client = sdk(fake)
        whole = ask(client).choices[0].message.content  # type: ignore[attr-defined]
        parts, usage = [], None
        for chunk in ask(client, stream=True, stream_options={"include_usage": True}):  # type: ignore[attr-defined]
            if chunk.choices:
                parts.append(chunk.choices[0].delta.content or "")
            if chunk.usage:
                usage = chunk.usage
        assert "".join(parts) == whole and len(parts) > 5
        assert usage is not None and usage.total_tokens > 0

    def test_models_are_listed(self, fake: RunningServer) -> None:
        assert "gpt-4o" in {m.id for m in sdk(fake).models.list()}

    def test_missing_key_is_a_401(self, fake: RunningServer) -> None:
        assert httpx.post(f"{fake.url}/v1/chat/completions", json={}).status_code == 401


class TestPacing:
    def test_time_to_first_token_and_duration(self, fake: RunningServer, behaviour: Behaviour) -> None:
        import time

        behaviour.ttft_s, behaviour.duration_s = 0.2, 0.3
        start = time.perf_counter()
        first = None
        for chunk in ask(sdk(fake), stream=True):  # type: ignore[attr-defined]
            if first is None and chunk.choices and chunk.choices[0].delta.content:
                first = time.perf_counter() - start
        total = time.perf_counter() - start
        assert first is not None and 0.18 <= first < 0.5
        assert 0.45 <= total < 1.2


class TestFaults:
    def test_429_carries_retry_after_and_the_sdk_retries(
        self, fake: RunningServer, behaviour: Behaviour
    ) -> None:
        behaviour.faults.append("429")
        with pytest.raises(openai.RateLimitError) as error:
            ask(sdk(fake, max_retries=0))
        assert error.value.response.headers["retry-after"] == "1"
        behaviour.faults.append("429")
        assert ask(sdk(fake, max_retries=1)).choices  # type: ignore[attr-defined]

    def test_500(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("500")
        with pytest.raises(openai.InternalServerError):
            ask(sdk(fake, max_retries=0))

    def test_fault_by_header(self, fake: RunningServer, behaviour: Behaviour) -> None:
        with pytest.raises(openai.InternalServerError):
            ask(sdk(fake, max_retries=0, default_headers={"x-webox-fault": "500"}))

    def test_timeout(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("timeout")
        behaviour.timeout_hold_s = 2
        with pytest.raises(openai.APITimeoutError):
            ask(sdk(fake, max_retries=0, timeout=0.3))

    def test_malformed_chunk(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("malformed")
        with pytest.raises(ValueError):
            for _ in ask(sdk(fake), stream=True):  # type: ignore[attr-defined]
                pass

    def test_stream_cut_midway(self, fake: RunningServer, behaviour: Behaviour) -> None:
        behaviour.faults.append("cut")
        with pytest.raises((httpx.RemoteProtocolError, openai.APIConnectionError)):
            for _ in ask(sdk(fake), stream=True):  # type: ignore[attr-defined]
                pass
