"""Outside business hours a call goes to voicemail: the message is recorded, stored, transcribed by
Twilio, and the call shows in the history with its transcript, recording and summary."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.voice.conftest import Phone
from tests.waiting import wait_for

CLOSED = {"timezone": "Europe/Paris", "days": [], "start": "09:00", "end": "18:00"}  # never open
MESSAGE = "Bonjour, c'est Paul Durand, rappelez-moi au +33611223344 pour mon devis."


def _analysed(account: Any) -> dict[str, Any] | None:
    calls = account.client.get("/api/voice/calls").json()["items"]
    detail = dict(account.client.get(f"/api/voice/calls/{calls[0]['id']}").json())
    return detail if detail["summary"] and detail["recording_url"] and detail["transcript"] else None


class TestVoicemail:
    def test_a_call_outside_business_hours_leaves_a_transcribed_recorded_message(
        self, persona: Callable[..., Any], ring: Callable[..., Phone]
    ) -> None:
        account, _ = persona(hours=CLOSED)
        phone = ring(account)
        assert phone.until("say")["text"] == "Nous sommes fermés. Laissez un message après le bip."
        phone.until("voicemail")
        phone.send(type="say", text=MESSAGE)
        phone.send(type="hangup")
        phone.until("ended")

        detail = wait_for(
            lambda: _analysed(account), timeout=30, what="the voicemail's transcript and summary"
        )

        assert detail["status"] == "voicemail"
        assert [(t["role"], t["text"]) for t in detail["transcript"]] == [("caller", MESSAGE)]
        audio = httpx.get(detail["recording_url"])
        assert audio.status_code == 200 and audio.content[:4] == b"RIFF"
        assert detail["fields"]["callback_number"] == "+33611223344"
        found = account.client.get("/api/voice/calls", params={"q": "devis"}).json()["items"]
        assert [c["id"] for c in found] == [detail["id"]]
        assert account.client.get("/api/voice/calls", params={"status": "voicemail"}).json()["items"]
