"""`providers.service.stream` through each official SDK against its simulator: answers, usage, the
mapping of every injected fault, retries, timeouts and cancellation."""

from __future__ import annotations

import asyncio
import os
import time
from typing import Any

import pytest
from webox.providers import registry, service
from webox.providers.errors import ProviderError
from webox.providers.schemas import ChatMessage, Completed, GenerationParams, TextDelta
from webox.testing.server import RunningServer, free_port

from tests.providers.conftest import MODELS, behaviour, run

PROMPT = "Bonjour, comment écrire un bon titre ?"
ASK = [ChatMessage(role="user", content=PROMPT)]
ADAPTERS = list(MODELS)


def simulator_url(adapter: str) -> str:
    return os.environ[registry.simulated_url_env(adapter)]


def direct_answer(adapter: str, vendor_model: str, prompt: str) -> str:
    """The simulator's non-streamed answer, asked through the vendor's own SDK."""
    url = simulator_url(adapter)
    if adapter == "openai":
        import openai

        completion = openai.OpenAI(api_key="k", base_url=url).chat.completions.create(
            model=vendor_model, messages=[{"role": "user", "content": prompt}]
        )
        return str(completion.choices[0].message.content)
    if adapter == "anthropic":
        import anthropic

        message = anthropic.Anthropic(api_key="k", base_url=url).messages.create(
            model=vendor_model, max_tokens=8192, messages=[{"role": "user", "content": prompt}]
        )
        return str(message.content[0].text)  # type: ignore[union-attr]
    if adapter == "mistral":
        from mistralai.client import Mistral

        response = Mistral(api_key="k", server_url=url).chat.complete(
            model=vendor_model, messages=[{"role": "user", "content": prompt}]
        )
        return str(response.choices[0].message.content)
    from google import genai
    from google.genai import types

    client = genai.Client(api_key="k", http_options=types.HttpOptions(base_url=url, api_version="v1beta"))
    return str(client.models.generate_content(model=vendor_model, contents=prompt).text)


class Seen:
    """What a consumer received before the stream ended or failed."""

    def __init__(self) -> None:
        self.deltas: list[str] = []
        self.completed: Completed | None = None

    @property
    def text(self) -> str:
        return "".join(self.deltas)


def consume(model_id: str, seen: Seen, messages: list[ChatMessage] | None = None, **options: Any) -> Seen:
    async def go() -> None:
        async for event in service.stream(model_id, messages or ASK, options.pop("params", None), **options):
            if isinstance(event, TextDelta):
                seen.deltas.append(event.text)
            else:
                seen.completed = event

    run(go())
    return seen


def fails(model_id: str, **options: Any) -> tuple[ProviderError, Seen]:
    seen = Seen()
    with pytest.raises(ProviderError) as error:
        consume(model_id, seen, **options)
    return error.value, seen


def server(simulators: dict[str, RunningServer], adapter: str) -> Any:
    return behaviour(simulators[adapter])


@pytest.mark.parametrize("adapter", ADAPTERS)
class TestAnswers:
    def test_stream_rebuilds_the_vendors_answer_with_its_usage(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        model = registry.get_model(MODELS[adapter])
        seen = consume(model.id, Seen())
        assert seen.text == direct_answer(adapter, model.vendor_model, PROMPT)
        assert len(seen.deltas) > 5 and model.vendor_model in seen.text
        assert seen.completed is not None and seen.completed.finish_reason == "stop"
        usage = seen.completed.usage
        assert usage.input_tokens > 0 and usage.output_tokens > 10 and not usage.estimated
        assert registry.cost(model, usage) > 0

    def test_system_prompt_and_params_reach_the_vendor_in_its_own_shape(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        params = GenerationParams(system="Réponds en bref.", temperature=0.3, max_tokens=40)
        consume(MODELS[adapter], Seen(), params=params)
        body = server(simulators, adapter).last_body
        if adapter == "anthropic":
            assert body["system"] == "Réponds en bref." and body["max_tokens"] == 40
            assert body["temperature"] == 0.3
            assert all(m["role"] != "system" for m in body["messages"])
        elif adapter == "gemini":
            assert body["systemInstruction"]["parts"][0]["text"] == "Réponds en bref."
            assert body["generationConfig"]["maxOutputTokens"] == 40
            assert body["generationConfig"]["temperature"] == 0.3
        else:
            assert body["messages"][0] == {"role": "system", "content": "Réponds en bref."}
            limit = "max_completion_tokens" if adapter == "openai" else "max_tokens"
            assert body[limit] == 40 and body["temperature"] == 0.3
        if adapter == "openai":
            assert body["stream_options"] == {"include_usage": True}


class TestOpenAICompatibleVendors:
    def test_deepseek_goes_through_the_openai_simulator_with_its_model_name(
        self, simulators: dict[str, RunningServer]
    ) -> None:
        seen = consume("deepseek-chat", Seen(), params=GenerationParams(max_tokens=500))
        body = server(simulators, "openai").last_body
        assert body["model"] == "deepseek-chat" and body["max_tokens"] == 500
        assert "deepseek-chat" in seen.text and seen.completed is not None


@pytest.mark.parametrize("adapter", ADAPTERS)
class TestFaults:
    def test_429_is_retried_then_succeeds(self, simulators: dict[str, RunningServer], adapter: str) -> None:
        state = server(simulators, adapter)
        state.retry_after_s = 0
        state.faults.extend(["429", "429"])
        seen = consume(MODELS[adapter], Seen())
        assert seen.completed is not None and state.requests == 3

    def test_429_without_retries_is_rate_limited_with_retry_after(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        state = server(simulators, adapter)
        state.retry_after_s = 7
        state.faults.append("429")
        error, _ = fails(MODELS[adapter], max_retries=0)
        assert (error.code, error.status, error.retryable) == ("rate_limited", 429, True)
        assert error.retry_after == 7  # type: ignore[attr-defined]
        assert (
            error.headers["Retry-After"] == "7"
            and error.extra["vendor"] == registry.get_model(MODELS[adapter]).vendor
        )

    def test_500_is_provider_unavailable_and_retried(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        state = server(simulators, adapter)
        state.faults.append("500")
        error, _ = fails(MODELS[adapter], max_retries=0)
        assert (error.code, error.status) == ("provider_unavailable", 502)
        state.faults.append("500")
        assert consume(MODELS[adapter], Seen(), max_retries=1).completed is not None

    def test_rejected_key_is_provider_auth_failed_and_not_retried(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        state = server(simulators, adapter)
        state.faults.extend(["401", "401"])
        error, _ = fails(MODELS[adapter])
        assert error.code == "provider_auth_failed" and state.requests == 1

    def test_no_first_token_in_time_is_provider_timeout(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        state = server(simulators, adapter)
        state.timeout_hold_s = 1.0
        state.faults.append("timeout")
        started = time.perf_counter()
        error, _ = fails(MODELS[adapter], first_token_timeout_s=0.3)
        assert (error.code, error.status) == ("provider_timeout", 504)
        assert time.perf_counter() - started < 0.9 and state.requests == 1

    @pytest.mark.parametrize("fault", ["malformed", "cut"])
    def test_broken_stream_after_the_first_token_is_bad_provider_response_never_retried(
        self, simulators: dict[str, RunningServer], adapter: str, fault: str
    ) -> None:
        state = server(simulators, adapter)
        state.faults.append(fault)
        error, seen = fails(MODELS[adapter], max_retries=2)
        assert (error.code, error.status) == ("bad_provider_response", 502)
        assert seen.deltas and seen.completed is None
        assert state.requests == 1


class TestRetries:
    def test_retry_after_is_honoured(self, simulators: dict[str, RunningServer]) -> None:
        state = server(simulators, "anthropic")
        state.retry_after_s = 1
        state.faults.append("429")
        started = time.perf_counter()
        assert consume(MODELS["anthropic"], Seen()).completed is not None
        assert 1.0 <= time.perf_counter() - started < 2.5

    def test_a_wait_longer_than_the_cap_is_not_attempted(self, simulators: dict[str, RunningServer]) -> None:
        state = server(simulators, "gemini")
        state.retry_after_s = 30
        state.faults.append("429")
        started = time.perf_counter()
        error, _ = fails(MODELS["gemini"], max_retries=2)
        assert error.code == "rate_limited" and error.retry_after == 30  # type: ignore[attr-defined]
        assert state.requests == 1 and time.perf_counter() - started < 1

    def test_unreachable_vendor_is_retried_then_provider_unavailable(
        self, simulators: dict[str, RunningServer], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv(registry.simulated_url_env("mistral"), f"http://127.0.0.1:{free_port()}")
        monkeypatch.setattr(service, "BACKOFF_BASE_S", 0.2)
        started = time.perf_counter()
        error, _ = fails(MODELS["mistral"], max_retries=2)
        assert error.code == "provider_unavailable"
        assert time.perf_counter() - started >= 0.3  # two backoffs: 0.1 to 0.2 s, then 0.2 to 0.4 s


class TestDeadlines:
    def test_total_timeout_after_the_first_token(self, simulators: dict[str, RunningServer]) -> None:
        state = server(simulators, "openai")
        state.duration_s = 3.0
        started = time.perf_counter()
        error, seen = fails(MODELS["openai"], timeout_s=0.6)
        assert error.code == "provider_timeout" and seen.deltas
        assert time.perf_counter() - started < 1.2


@pytest.mark.parametrize("adapter", ADAPTERS)
class TestCancellation:
    def test_a_consumer_that_stops_reading_closes_the_vendor_stream(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        state = server(simulators, adapter)
        state.duration_s = 3.0

        async def read_two_deltas() -> None:
            events = service.stream(MODELS[adapter], ASK)
            received = 0
            async for event in events:
                received += isinstance(event, TextDelta)
                if received == 2:
                    break
            await events.aclose()
            await wait_for(lambda: state.disconnects == 1)

        run(read_two_deltas())

    def test_cancelling_the_task_closes_the_vendor_stream(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        state = server(simulators, adapter)
        state.duration_s = 3.0

        async def cancel_midway() -> None:
            first = asyncio.Event()

            async def reader() -> None:
                async for event in service.stream(MODELS[adapter], ASK):
                    if isinstance(event, TextDelta):
                        first.set()

            task = asyncio.create_task(reader())
            await asyncio.wait_for(first.wait(), 2)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            await wait_for(lambda: state.disconnects == 1)

        run(cancel_midway())


async def wait_for(condition: Any, timeout_s: float = 5.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "the simulator never saw the stream closed"
        await asyncio.sleep(0.02)


@pytest.mark.parametrize("adapter", ADAPTERS)
class TestComplete:
    def test_complete_is_the_vendors_non_streamed_answer_with_its_usage(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        model = registry.get_model(MODELS[adapter])
        answer = run(service.complete(model.id, ASK))
        assert answer.text == direct_answer(adapter, model.vendor_model, PROMPT)
        assert answer.finish_reason == "stop"
        assert answer.usage.input_tokens > 0 and answer.usage.output_tokens > 10
        assert not answer.usage.estimated
        body = server(simulators, adapter).last_body
        assert not body.get("stream")  # one JSON answer, not a stream read back

    def test_complete_retries_a_rate_limit_then_answers(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        state = server(simulators, adapter)
        state.retry_after_s = 0
        state.faults.append("429")
        answer = run(service.complete(MODELS[adapter], ASK))
        assert answer.text and state.requests == 2

    def test_complete_maps_a_server_error_once_retries_are_spent(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        state = server(simulators, adapter)
        state.faults.extend(["500", "500"])
        with pytest.raises(ProviderError) as error:
            run(service.complete(MODELS[adapter], ASK, max_retries=1))
        assert (error.value.code, error.value.status) == ("provider_unavailable", 502)
        assert state.requests == 2

    def test_complete_gives_up_at_its_deadline(
        self, simulators: dict[str, RunningServer], adapter: str
    ) -> None:
        state = server(simulators, adapter)
        state.timeout_hold_s = 1.0
        state.faults.append("timeout")
        started = time.perf_counter()
        with pytest.raises(ProviderError) as error:
            run(service.complete(MODELS[adapter], ASK, timeout_s=0.3))
        assert (error.value.code, error.value.status) == ("provider_timeout", 504)
        assert time.perf_counter() - started < 0.9


class TestUnknownModel:
    def test_unknown_model_is_a_422(self, simulators: dict[str, RunningServer]) -> None:
        error, _ = fails("gpt-9")
        assert (error.code, error.status) == ("unknown_model", 422)
