"""Interruption, DTMF transfer, outbound calls and the opt-out list, signatures, ownership."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from twilio.request_validator import RequestValidator
from webox.voice.config import LOCAL_ACCOUNT_SID, LOCAL_AUTH_TOKEN
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from tests.voice.conftest import NUMBER, Phone
from tests.waiting import wait_for


def _detail(account: Any) -> dict[str, Any]:
    calls = account.client.get("/api/voice/calls").json()["items"]
    return dict(account.client.get(f"/api/voice/calls/{calls[0]['id']}").json())


class TestInterruption:
    def test_no_token_after_100ms_and_the_transcript_keeps_what_was_heard(
        self, persona: Callable[..., Any], ring: Callable[..., Phone], simulators: dict[str, Any]
    ) -> None:
        simulators["openai"].duration_s = 3.0  # a long answer, still streaming when the caller speaks
        account, _ = persona()
        phone = ring(account)
        phone.until("greeting")
        phone.send(type="say", text="Pouvez-vous m'expliquer vos horaires en détail ?")
        heard = ""
        while len(heard.split()) < 4:
            message = phone.until("text")
            heard += message["token"]
        phone.send(type="interrupt", heard=heard)
        interrupted_at = time.monotonic()
        late: list[float] = []
        deadline = interrupted_at + 1.0
        while time.monotonic() < deadline:
            try:
                message = json.loads(phone.socket.recv(timeout=deadline - time.monotonic()))
            except TimeoutError:
                break
            if message.get("type") == "text":
                late.append(time.monotonic() - interrupted_at)
        assert all(delay <= 0.1 for delay in late), late
        phone.send(type="hangup")
        phone.until("ended")
        said = [t for t in _detail(account)["transcript"] if t["role"] == "assistant"]
        assert said[-1]["interrupted"] is True
        assert said[-1]["heard"] == heard
        assert len(said[-1]["text"]) > len(heard)


class TestDtmf:
    def test_a_key_of_the_menu_transfers_to_a_person(
        self, persona: Callable[..., Any], ring: Callable[..., Phone]
    ) -> None:
        menu = {"1": {"action": "transfer", "label": "Un conseiller", "transfer_to": "+33611111111"}}
        account, _ = persona(menu=menu)
        phone = ring(account)
        phone.until("greeting")
        phone.send(type="digit", digit="1")
        assert json.loads(phone.until("end")["handoffData"])["transfer_to"] == "+33611111111"
        assert phone.until("transfer")["to"] == "+33611111111"
        phone.until("ended")
        detail = wait_for(lambda: (d := _detail(account))["status"] == "completed" and d)
        assert detail["transferred_to"] == "+33611111111"
        assert [t["text"] for t in detail["transcript"] if t["role"] == "dtmf"] == ["1"]


class TestOutbound:
    def test_an_opted_out_number_is_refused(self, persona: Callable[..., Any]) -> None:
        account, _ = persona()
        added = account.client.post(
            "/api/voice/opt-outs", json={"phone_number": "+33622222222"}, headers=account.csrf()
        )
        assert added.status_code == 204
        refused = account.client.post(
            "/api/voice/calls", json={"to": "+33622222222", "from_number": NUMBER}, headers=account.csrf()
        )
        assert refused.status_code == 409
        assert refused.json()["code"] == "voice.opted_out"
        assert account.client.get("/api/voice/calls").json()["items"] == []

    def test_a_call_goes_through_the_sdk_and_connects_the_persona(
        self, persona: Callable[..., Any], aws: Any
    ) -> None:
        account, _ = persona()
        placed = account.client.post(
            "/api/voice/calls", json={"to": "+33633333333", "from_number": NUMBER}, headers=account.csrf()
        )
        assert placed.status_code == 201, placed.text
        sid = placed.json()["call_sid"]
        fake = aws.components["fakes"]["twilio"]
        state = fake.server.config.app.state.twilio
        wait_for(lambda: state.calls[sid].relay_reader is not None, what="the relay to open")
        with connect(f"ws://127.0.0.1:{fake.port}/_fake/calls/{sid}/phone") as socket:
            phone = Phone(socket, sid)
            assert phone.say("Oui, bonjour ?").strip()
            phone.send(type="hangup")
            phone.until("ended")
        detail = wait_for(lambda: (d := _detail(account))["status"] == "completed" and d)
        assert detail["direction"] == "outbound" and detail["to_number"] == "+33633333333"


class TestSignatures:
    URL_PATH = "/api/voice/twilio/incoming"

    def _params(self) -> dict[str, str]:
        return {
            "AccountSid": LOCAL_ACCOUNT_SID,
            "CallSid": "CA" + "1" * 32,
            "From": "+33600000009",
            "To": NUMBER,
            "CallStatus": "ringing",
        }

    def test_unsigned_and_resigned_webhooks_are_refused(self, api: httpx.Client) -> None:
        params = self._params()
        unsigned = api.post(self.URL_PATH, data=params)
        assert unsigned.status_code == 403
        assert unsigned.json()["code"] == "voice.invalid_signature"
        other = RequestValidator(LOCAL_AUTH_TOKEN).compute_signature(
            "https://evil.example/api/voice/twilio/incoming", params
        )
        resigned = api.post(self.URL_PATH, data=params, headers={"X-Twilio-Signature": other})
        assert resigned.status_code == 403

    def test_a_genuine_signature_is_answered_with_twiml(self, api: httpx.Client) -> None:
        params = self._params()
        url = f"{api.base_url}".rstrip("/") + self.URL_PATH
        signature = RequestValidator(LOCAL_AUTH_TOKEN).compute_signature(url, params)
        answered = api.post(self.URL_PATH, data=params, headers={"X-Twilio-Signature": signature})
        assert answered.status_code == 200
        assert answered.headers["content-type"].startswith("application/xml")
        assert "<Hangup" in answered.text  # nobody answers this number

    def test_the_relay_refuses_an_unsigned_connection(self, api: httpx.Client) -> None:
        url = f"{api.base_url}".replace("http://", "ws://").rstrip("/") + "/voice-relay?call=" + "0" * 32
        with pytest.raises(InvalidStatus):
            connect(url)
        forged = RequestValidator("not-the-token").compute_signature(url, {})
        with pytest.raises(InvalidStatus):
            connect(url, additional_headers={"X-Twilio-Signature": forged})


class TestOwnership:
    def test_another_users_call_is_not_found(
        self, persona: Callable[..., Any], ring: Callable[..., Phone], create_account: Callable[..., Any]
    ) -> None:
        account, _ = persona()
        phone = ring(account)
        phone.until("greeting")
        phone.send(type="hangup")
        phone.until("ended")
        call_id = account.client.get("/api/voice/calls").json()["items"][0]["id"]
        other = create_account()
        assert other.client.get(f"/api/voice/calls/{call_id}").status_code == 404
        assert other.client.get("/api/voice/calls").json()["items"] == []
