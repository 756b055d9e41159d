"""An inbound call end to end through the fake Twilio: signed webhook → TwiML → relay socket →
turns → interruption → recording callback → transcript, recording, summary, latency."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.voice.conftest import Phone
from tests.waiting import wait_for


def _call_detail(account: Any) -> dict[str, Any]:
    calls = account.client.get("/api/voice/calls").json()["items"]
    assert len(calls) == 1
    return dict(account.client.get(f"/api/voice/calls/{calls[0]['id']}").json())


def _analysed(account: Any) -> dict[str, Any] | None:
    detail = _call_detail(account)
    return detail if detail["summary"] and detail["recording_url"] and detail["score"] else None


class TestInboundCall:
    def test_five_turns_then_transcript_recording_summary_and_latency(
        self, persona: Callable[..., Any], ring: Callable[..., Phone]
    ) -> None:
        account, _ = persona()
        phone = ring(account)
        greeting = phone.until("greeting")
        assert greeting["text"].startswith("Cet appel est enregistré.")

        questions = [
            "Bonjour, je m'appelle Alice Durand.",
            "Je voudrais prendre rendez-vous pour une consultation.",
            "Est-ce possible mardi matin ?",
            "Mon numéro est le +33612345678.",
            "Merci, au revoir.",
        ]
        answers = [phone.say(q) for q in questions]
        assert all(a.strip() for a in answers)
        assert len(set(answers)) == 5  # each answer follows the conversation so far
        phone.send(type="hangup")
        phone.until("ended")

        detail = wait_for(lambda: _analysed(account), timeout=30, what="summary, recording and score")
        caller_lines = [t["text"] for t in detail["transcript"] if t["role"] == "caller"]
        assert caller_lines == questions
        said = [t for t in detail["transcript"] if t["role"] == "assistant"]
        assert [t["text"] for t in said] == [a.strip() for a in answers]
        assert all(
            t["first_token_ms"] is not None and t["last_token_ms"] >= t["first_token_ms"] for t in said
        )
        assert detail["latency"]["first_token_p50_ms"] is not None
        assert detail["status"] == "completed"
        audio = httpx.get(detail["recording_url"])
        assert audio.status_code == 200 and audio.content[:4] == b"RIFF"
        assert detail["recording_duration_s"] > 1
        assert detail["fields"]["callback_number"] == "+33612345678"
        assert detail["fields"]["name"] == "Alice Durand"
        assert 0 <= detail["score"]["score"] <= 100 and detail["score"]["judge"]


class TestRelayReads:
    def test_a_relay_connection_is_looked_up_once_then_read_with_its_persona(
        self, persona: Callable[..., Any], ring: Callable[..., Phone], monkeypatch: Any
    ) -> None:
        from webox.voice import repository as voice_repository

        looked: list[str] = []
        owner_of = voice_repository.owner_of
        monkeypatch.setattr(voice_repository, "owner_of", lambda key: looked.append(key) or owner_of(key))
        account, _ = persona()
        phone = ring(account)
        phone.until("greeting")
        assert phone.say("Bonjour.").strip()
        first_reads = [key for key in looked if key.startswith("conn#")]
        assert first_reads  # the setup and the first prompt (they may arrive together)
        assert phone.say("Êtes-vous ouverts samedi ?").strip() and phone.say("Et dimanche ?").strip()
        assert [key for key in looked if key.startswith("conn#")] == first_reads  # not read again
