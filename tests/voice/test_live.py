"""The live view: each change of a call in progress reaches its owner's socket as a typed `voice.*`
frame of the protocol, in order; nothing reaches another user's socket."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from webox.voice import live, repository

from tests.sockets import Socket
from tests.voice.conftest import Phone


def _voice_frames(socket: Socket) -> list[dict[str, Any]]:
    frames = socket.until(lambda f: f["type"] == "voice.call_ended")
    return [f for f in frames if f["type"].startswith("voice.")]


class TestLiveFrames:
    def test_start_turns_and_end_arrive_in_order(
        self, persona: Callable[..., Any], ring: Callable[..., Phone], create_account: Callable[..., Any]
    ) -> None:
        account, persona_out = persona()
        socket, bystander = Socket(account.client), Socket(create_account().client)
        phone = ring(account)
        phone.until("greeting")
        answers = [phone.say("Bonjour, je m'appelle Alice."), phone.say("Je voudrais un rendez-vous.")]
        phone.send(type="digit", digit="5")
        phone.send(type="hangup")
        phone.until("ended")

        frames = _voice_frames(socket)

        assert [(f["type"], f.get("role")) for f in frames] == [
            ("voice.call_started", None),
            ("voice.turn", "caller"),
            ("voice.turn", "assistant"),
            ("voice.turn", "caller"),
            ("voice.turn", "assistant"),
            ("voice.turn", "dtmf"),
            ("voice.call_ended", None),
        ]
        call_id = account.client.get("/api/voice/calls").json()["items"][0]["id"]
        assert {f["call_id"] for f in frames} == {call_id}
        assert frames[0]["persona_id"] == persona_out["id"] and frames[0]["direction"] == "inbound"
        assert [f["text"] for f in frames if f.get("role") == "assistant"] == [a.strip() for a in answers]
        assert [f["n"] for f in frames[1:-1]] == sorted(f["n"] for f in frames[1:-1])
        assert frames[-1]["status"] == "completed" and frames[-1]["end_reason"] is None
        assert not [f for f in bystander.frames if f["type"].startswith("voice.")]
        assert bystander.closed_by_server(timeout=0.3) is False  # and nothing was pushed to it since

    def test_an_interruption_is_pushed_with_what_was_heard(
        self, persona: Callable[..., Any], ring: Callable[..., Phone], simulators: dict[str, Any]
    ) -> None:
        simulators["openai"].duration_s = 3.0
        account, _ = persona()
        socket = Socket(account.client)
        phone = ring(account)
        phone.until("greeting")
        phone.send(type="say", text="Expliquez-moi vos horaires en détail.")
        heard = ""
        while len(heard.split()) < 3:
            heard += phone.until("text")["token"]
        phone.send(type="interrupt", heard=heard)
        phone.send(type="hangup")
        phone.until("ended")

        frames = _voice_frames(socket)

        interrupted = [f for f in frames if f["type"] == "voice.interrupted"]
        assert len(interrupted) == 1 and interrupted[0]["heard"] == heard
        answer = next(f for f in frames if f.get("role") == "assistant")
        assert interrupted[0]["n"] == answer["n"]

    def test_an_interruption_before_the_callers_words_are_stored_still_stops_the_answer(
        self,
        persona: Callable[..., Any],
        ring: Callable[..., Phone],
        simulators: dict[str, Any],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        """The caller's words are stored beside the model's first token: on a loaded machine the
        interruption may come first, and must still find the answer being spoken."""
        simulators["openai"].duration_s = 3.0
        interrupted = threading.Event()
        write_turn, pushed = repository.write_turn, live.interrupted

        def caller_turn_stored_late(*args: Any, **fields: Any) -> None:
            if fields.get("role") == "caller" and not interrupted.is_set():
                interrupted.wait(timeout=10)  # held until the interruption was handled
            write_turn(*args, **fields)

        def handled(*args: Any, **kwargs: Any) -> None:
            pushed(*args, **kwargs)
            interrupted.set()

        monkeypatch.setattr(repository, "write_turn", caller_turn_stored_late)
        monkeypatch.setattr(live, "interrupted", handled)
        account, _ = persona()
        socket = Socket(account.client)
        phone = ring(account)
        phone.until("greeting")
        phone.send(type="say", text="Expliquez-moi vos horaires en détail.")
        heard = phone.until("text")["token"]
        phone.send(type="interrupt", heard=heard)
        phone.send(type="hangup")
        phone.until("ended")

        frames = _voice_frames(socket)

        assert [f["heard"] for f in frames if f["type"] == "voice.interrupted"] == [heard]
