"""Every vendor fault the simulators inject, on every path a model call takes: each ends in a clean
error for the item that met it (its answer, its call, its job) with the vendor's stable `code`, and the
items beside it finish unharmed.

`tests/providers/test_service.py` maps each fault to its error at the adapter; the chat, gateway and
media tests check one fault each (a 500 on the socket, a 429 on the gateway, a 500 on an image job).
These tables cover the rest: each fault × the chat's REST turn and its socket turn (the faulty model
beside a healthy one), × the gateway, plain and streamed (beside a concurrent healthy call), and a
speech stream cut mid-way (beside a speech job of another vendor), and × a workflow run on the task
engine (beside a run of another vendor's model).
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from webox.local.host import LocalHost
from webox.providers import service as providers

from tests.accounts import Account
from tests.security.conftest import api_token, verify_email
from tests.sockets import Socket
from tests.workflows.conftest import node, save, start, wait_run

FAULTY = "gpt-4o-mini"  # served by the simulated OpenAI, where the faults are injected
HEALTHY = "mistral-small-latest"  # served by another simulator, left alone
FIRST_TOKEN_TIMEOUT_S = 2.0  # well past a cold SDK import on a busy machine


@dataclass(frozen=True)
class Fault:
    name: str
    injected: tuple[str, ...]  # one per request the vendor receives: enough to outlast the retries
    code: str  # the error the item ends with
    status: int  # the gateway's HTTP status when the fault strikes before the first token
    before_first_token: bool = True


FAULTS = [
    # Retry-After beyond what the platform waits for: not retried, the caller is told when to come back.
    Fault("429", ("429",), "rate_limited", 429),
    Fault("500", ("500",) * 3, "provider_unavailable", 502),  # the first try and both retries
    Fault("timeout", ("timeout",), "provider_timeout", 504),
    Fault("malformed", ("malformed",), "bad_provider_response", 502, before_first_token=False),
    Fault("cut", ("cut",), "bad_provider_response", 502, before_first_token=False),
]


@pytest.fixture
def inject(simulators: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> Callable[[Fault], None]:
    """Queue a fault on the simulated OpenAI, with short waits (the first token's deadline and a
    non-streamed call's, the hold of a timeout, Retry-After past the platform's cap)."""
    monkeypatch.setitem(providers.stream.__kwdefaults__, "first_token_timeout_s", FIRST_TOKEN_TIMEOUT_S)
    monkeypatch.setitem(providers.complete.__kwdefaults__, "timeout_s", FIRST_TOKEN_TIMEOUT_S)
    monkeypatch.setattr(providers, "BACKOFF_BASE_S", 0.02)

    def queue(fault: Fault) -> None:
        openai = simulators["openai"]
        openai.retry_after_s = int(providers.MAX_RETRY_WAIT_S) + 30
        openai.timeout_hold_s = FIRST_TOKEN_TIMEOUT_S * 3
        openai.faults.extend(fault.injected)

    return queue


@pytest.fixture
def user(create_account: Callable[..., Account], aws: LocalHost) -> Account:
    account = create_account()
    verify_email(aws, account)
    return account


@pytest.fixture
def bearer(user: Account, aws: LocalHost) -> Iterator[httpx.Client]:
    token, _ = api_token(user, ("chat",))
    with httpx.Client(base_url=aws.url, headers={"Authorization": f"Bearer {token}"}, timeout=60) as client:
        yield client


def by_model(answers: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {answer["model"]: answer for answer in answers}


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
class TestEveryFaultInAChatTurn:
    def test_rest_turn(self, fault: Fault, inject: Callable[[Fault], None], user: Account) -> None:
        inject(fault)
        conversation = user.client.post("/api/conversations", json={"title": "f"}, headers=user.csrf())
        response = user.client.post(
            f"/api/conversations/{conversation.json()['id']}/turns",
            json={"models": [FAULTY, HEALTHY], "content": "Que faire à Paris ?", "verify": False},
            headers=user.csrf(),
        )
        assert response.status_code == 200, response.text
        answers = by_model(response.json()["answers"])
        assert answers[FAULTY]["status"] == "error" and answers[FAULTY]["error"]["code"] == fault.code
        assert answers[HEALTHY]["status"] == "done" and answers[HEALTHY]["text"]
        stored = user.client.get(f"/api/conversations/{conversation.json()['id']}/turns/1").json()
        assert by_model(stored["answers"]) == answers

    def test_socket_turn(self, fault: Fault, inject: Callable[[Fault], None], user: Account) -> None:
        inject(fault)
        request_id = uuid.uuid4().hex
        with Socket(user.client) as socket:
            socket.send(
                {
                    "action": "chat.send",
                    "request_id": request_id,
                    "models": [FAULTY, HEALTHY],
                    "content": "Que faire à Paris ?",
                    "verify": False,
                }
            )
            frames = socket.until(lambda f: f.get("type") == "chat.finished")
        errors = [(f["model"], f["code"]) for f in frames if f["type"] == "chat.error"]
        assert errors == [(FAULTY, fault.code)]
        assert [f["model"] for f in frames if f["type"] == "chat.done"] == [HEALTHY]
        if not fault.before_first_token:  # what streamed before the break reached the browser
            assert any(f["type"] == "chat.delta" and f["model"] == FAULTY for f in frames)


# A non-streamed answer has no stream to break: mid-stream faults are only streamed.
GATEWAY_CASES = [
    pytest.param(fault, stream, id=f"{fault.name}-{'streamed' if stream else 'plain'}")
    for fault in FAULTS
    for stream in (False, True)
    if stream or fault.before_first_token
]


@pytest.mark.parametrize(("fault", "stream"), GATEWAY_CASES)
def test_gateway_call(
    fault: Fault, stream: bool, inject: Callable[[Fault], None], bearer: httpx.Client
) -> None:
    inject(fault)

    def call(model: str) -> httpx.Response:
        body = {"model": model, "messages": [{"role": "user", "content": "Bonjour"}], "stream": stream}
        return bearer.post("/v1/chat/completions", json=body)

    with ThreadPoolExecutor(2) as pool:
        faulty, healthy = pool.map(call, [FAULTY, HEALTHY])
    assert healthy.status_code == 200 and "error" not in healthy.text
    if stream and not fault.before_first_token:  # the stream had begun: it ends on an error event
        assert faulty.status_code == 200
        assert f'"code": "{fault.code}"' in faulty.text and "[DONE]" not in faulty.text
    else:
        assert faulty.status_code == fault.status, faulty.text
        assert faulty.json()["error"]["code"] == fault.code
        if fault.name == "429":
            assert int(faulty.headers["Retry-After"]) > providers.MAX_RETRY_WAIT_S


def wait_job(user: Account, job_id: str, timeout: float = 40) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        job: dict[str, Any] = user.client.get(f"/api/media/jobs/{job_id}").json()
        if job["status"] in ("succeeded", "failed", "cancelled") or time.monotonic() > deadline:
            return job
        time.sleep(0.2)


# Only "cut": a "malformed" audio stream is bytes like any other (the vendor's own clients cannot tell).
@pytest.mark.parametrize("fault", ["cut"])
def test_a_broken_speech_stream_fails_its_job_alone(
    fault: str, simulators: dict[str, Any], user: Account
) -> None:
    """The audio stream breaks after its first bytes: that job fails, the one beside it succeeds."""
    simulators["openai"].faults.extend([fault] * 9)  # every delivery and SDK retry of the job

    def speech(model: str, voice: str) -> str:
        body = {"model": model, "voice": voice, "text": "Bonjour", "format": "mp3"}
        response = user.client.post("/api/media/speech", json=body, headers=user.csrf())
        assert response.status_code == 202, response.text
        return str(response.json()["job_id"])

    broken = speech("openai/tts-1", "nova")
    premade = next(
        v["voice_id"]
        for v in user.client.get("/api/media/voices").json()["items"]
        if v["provider"] == "elevenlabs" and v["category"] == "premade"
    )
    fine = speech("elevenlabs/eleven_multilingual_v2", premade)
    failed, succeeded = wait_job(user, broken), wait_job(user, fine)
    assert failed["status"] == "failed" and failed["error"]["code"], failed
    assert succeeded["status"] == "succeeded", succeeded


@pytest.mark.parametrize("fault", FAULTS, ids=lambda f: f.name)
def test_a_workflow_run_on_the_task_engine(
    fault: Fault, inject: Callable[[Fault], None], user: Account
) -> None:
    """A model step that meets the fault fails its run with the vendor's code; a run beside it, on
    another vendor, succeeds."""

    def workflow(model: str) -> str:
        graph = {
            "variables": [],
            "nodes": [
                node("input", "input"),
                node("answer", "prompt", model=model, template="Dis bonjour."),
                node("result", "output", template="{{answer}}"),
            ],
            "edges": [{"source": "input", "target": "answer"}, {"source": "answer", "target": "result"}],
        }
        return str(save(user, graph, title=model)["id"])

    faulty_workflow, healthy_workflow = workflow(FAULTY), workflow(HEALTHY)
    inject(fault)
    faulty = start(user, faulty_workflow, {})["id"]
    healthy = start(user, healthy_workflow, {})["id"]
    failed, succeeded = wait_run(user, faulty), wait_run(user, healthy)
    assert failed["status"] == "failed", failed
    answer = next(n for n in failed["nodes"] if n["node"] == "answer")
    assert answer["status"] == "failed" and answer["steps"][-1]["error"]["code"] == fault.code, answer
    assert {n["node"]: n["status"] for n in failed["nodes"]}["result"] != "succeeded"
    assert succeeded["status"] == "succeeded", succeeded
