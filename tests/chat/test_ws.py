"""The chat over the WebSocket: fan-out to several models, streaming, stop, failures, recovery."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from webox.local.host import LocalHost

from tests.accounts import Account
from tests.sockets import Socket

THREE = ["gpt-4o-mini", "claude-haiku-4-5", "mistral-small-latest"]


def send(
    socket: Socket, models: list[str], content: str = "Quels sont les bienfaits de la marche ?", **extra: Any
) -> str:
    request_id = uuid.uuid4().hex
    socket.send(
        {"action": "chat.send", "request_id": request_id, "models": models, "content": content, **extra}
    )
    return request_id


def finished(request_id: str) -> Callable[[dict[str, Any]], bool]:
    return lambda f: f.get("type") == "chat.finished" and f.get("request_id") == request_id


def stream_text(frames: list[dict[str, Any]], model: str) -> str:
    deltas = [f for f in frames if f["type"] == "chat.delta" and f["model"] == model]
    assert [d["seq"] for d in deltas] == list(range(1, len(deltas) + 1))
    return "".join(d["text"] for d in deltas)


class TestFanOut:
    def test_three_models_stream_side_by_side_then_a_verdict(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        with Socket(user.client) as socket:
            request_id = send(socket, THREE)
            frames = socket.until(finished(request_id))
        # Announced while the fan-out starts: usually first, though a first delta may come before.
        (started,) = [f for f in frames if f["type"] == "chat.started"]
        assert started["models"] == THREE and started["turn"] == 1
        done = {f["model"]: f for f in frames if f["type"] == "chat.done"}
        assert set(done) == set(THREE)
        for frame in done.values():
            assert frame["usage"]["output_tokens"] > 0 and frame["cost"] > 0
            assert frame["ttft_ms"] is not None and frame["duration_ms"] >= frame["ttft_ms"]
        verdict = next(f for f in frames if f["type"] == "chat.verdict")["verdict"]
        assert 0 <= verdict["agreement"] <= 100 and verdict["fused_answer"]
        assert verdict["judge_model"].split("-")[0] not in {
            "gpt",
            "claude",
            "mistral",
        }  # another vendor judges
        assert all(
            f["request_id"] == request_id and f["conversation_id"] == started["conversation_id"]
            for f in frames
        )

        stored = user.client.get(f"/api/conversations/{started['conversation_id']}").json()
        turn = stored["turns"][0]
        assert [a["model"] for a in turn["answers"]] == THREE
        for answer in turn["answers"]:
            assert answer["status"] == "done" and answer["simulated"] is True
            assert answer["text"] == stream_text(frames, answer["model"])
        assert turn["verdict"]["agreement"] == verdict["agreement"]

    def test_one_failing_model_never_fails_the_others(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        simulators["anthropic"].faults.extend(["500"] * 3)  # the first try and both retries
        user = create_account()
        with Socket(user.client) as socket:
            request_id = send(socket, THREE)
            frames = socket.until(finished(request_id))
        errors = [f for f in frames if f["type"] == "chat.error"]
        assert [(e["model"], e["code"]) for e in errors] == [("claude-haiku-4-5", "provider_unavailable")]
        assert {f["model"] for f in frames if f["type"] == "chat.done"} == {
            "gpt-4o-mini",
            "mistral-small-latest",
        }
        assert any(f["type"] == "chat.verdict" for f in frames)

    def test_a_repeated_request_id_does_not_start_a_second_turn(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        with Socket(user.client) as socket:
            request_id = send(socket, ["gpt-4o-mini"])
            first = socket.until(finished(request_id))
            socket.send(
                {"action": "chat.send", "request_id": request_id, "models": ["gpt-4o-mini"], "content": "x"}
            )
            again = socket.receive()
        assert again["type"] == "chat.started" and again["turn"] == first[0]["turn"]
        conversation = user.client.get(f"/api/conversations/{first[0]['conversation_id']}").json()
        assert conversation["turn_count"] == 1


class TestStopAndRetry:
    def test_stop_keeps_what_was_written(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        simulators["openai"].duration_s = 6
        user = create_account()
        with Socket(user.client) as socket:
            request_id = send(socket, ["gpt-4o-mini"])
            socket.until(lambda f: f["type"] == "chat.delta")
            socket.send({"action": "chat.stop", "request_id": request_id})
            frames = socket.until(finished(request_id), timeout=5)
        done = next(f for f in frames if f["type"] == "chat.done")
        assert done["status"] == "stopped"
        conversation_id = next(f["conversation_id"] for f in socket.frames)
        answer = user.client.get(f"/api/conversations/{conversation_id}").json()["turns"][0]["answers"][0]
        assert answer["status"] == "stopped" and answer["text"]

    def test_retry_reruns_one_failed_column(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        simulators["mistral"].faults.extend(["500"] * 3)
        user = create_account()
        with Socket(user.client) as socket:
            request_id = send(socket, ["gpt-4o-mini", "mistral-small-latest"])
            first = socket.until(finished(request_id))
            conversation_id = first[0]["conversation_id"]
            socket.send(
                {
                    "action": "chat.retry",
                    "conversation_id": conversation_id,
                    "turn": 1,
                    "model": "mistral-small-latest",
                }
            )
            socket.until(finished(request_id))
        turn = user.client.get(f"/api/conversations/{conversation_id}").json()["turns"][0]
        assert [a["status"] for a in turn["answers"]] == ["done", "done"]
        assert turn["verdict"] is not None and turn["verdict"]["error"] is None


class TestRecovery:
    def test_answers_are_stored_even_when_the_client_is_gone(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        simulators["openai"].duration_s = 0.5
        user = create_account()
        socket = Socket(user.client)
        send(socket, ["gpt-4o-mini", "gpt-4o"])
        conversation_id = socket.until(lambda f: f["type"] == "chat.started")[-1]["conversation_id"]
        socket.close()
        deadline, answers = time.monotonic() + 15, []
        while time.monotonic() < deadline:
            turn = user.client.get(f"/api/conversations/{conversation_id}").json()["turns"][0]
            answers = turn["answers"]
            if all(a["status"] == "done" for a in answers) and turn["verdict"]:
                break
            time.sleep(0.2)
        assert [a["status"] for a in answers] == ["done", "done"] and all(a["text"] for a in answers)

    def test_every_tab_of_the_user_sees_the_stream(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        with Socket(user.client) as sender, Socket(user.client) as other_tab:
            request_id = send(sender, ["gpt-4o-mini"])
            sender.until(finished(request_id))
            seen = other_tab.until(finished(request_id))
        assert any(f["type"] == "chat.delta" for f in seen)


class TestRefusals:
    def test_unauthenticated_socket_is_refused(self, aws: LocalHost) -> None:
        with httpx.Client(base_url=aws.url) as anonymous, pytest.raises(Exception, match=r"40[13]"):
            Socket(anonymous)

    def test_foreign_origin_is_refused(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        with pytest.raises(Exception, match=r"403"):
            Socket(user.client, origin="https://evil.example")

    @pytest.mark.parametrize(
        ("frame", "code"),
        [
            ({"models": [f"m{i}" for i in range(13)], "content": "x"}, "validation_failed"),
            ({"models": ["gpt-4o", "gpt-4o"], "content": "x"}, "validation_failed"),
            ({"models": ["gpt-4o"], "content": "   "}, "validation_failed"),
            ({"models": ["gpt-4o"], "content": "x" * 32_001}, "validation_failed"),
            ({"models": ["gpt-4o"], "content": "x", "params": {"temperature": 3}}, "validation_failed"),
            ({"models": ["no-such-model"], "content": "x"}, "model_unavailable"),
            ({"models": ["gpt-4o"], "content": "x", "conversation_id": "0" * 32}, "conversation_not_found"),
        ],
    )
    def test_bad_frames_are_rejected_with_a_code(
        self, create_account: Callable[..., Account], frame: dict[str, Any], code: str
    ) -> None:
        user = create_account()
        with Socket(user.client) as socket:
            socket.send({"action": "chat.send", "request_id": "r1", **frame})
            rejected = socket.receive()
        assert rejected["type"] == "chat.rejected" and rejected["code"] == code

    def test_another_users_conversation_cannot_be_continued(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        owner, intruder = create_account(), create_account()
        with Socket(owner.client) as socket:
            request_id = send(socket, ["gpt-4o-mini"])
            conversation_id = socket.until(finished(request_id))[0]["conversation_id"]
        with Socket(intruder.client) as socket:
            send(socket, ["gpt-4o-mini"], conversation_id=conversation_id)
            rejected = socket.receive()
            socket.send(
                {
                    "action": "chat.retry",
                    "conversation_id": conversation_id,
                    "turn": 1,
                    "model": "gpt-4o-mini",
                }
            )
            retry_rejected = socket.receive()
        assert rejected["code"] == "conversation_not_found"
        assert retry_rejected["code"] == "conversation_not_found"
