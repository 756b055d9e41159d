"""Voice fixtures: a persona on a simulated number, and a phone that plays the caller."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from websockets.sync.client import ClientConnection, connect

from tests.accounts import Account, verified

NUMBER = "+33900000001"
PERSONA = {
    "name": "Accueil",
    "instructions": "Tu es l'accueil téléphonique du cabinet Martin.",
    "model": "gpt-4o-mini",
    "language": "fr-FR",
    "voice": "Google.fr-FR-Neural2-A",
    "greeting": "Bonjour, cabinet Martin, que puis-je pour vous ?",
    "record": True,
    "consent_line": "Cet appel est enregistré.",
}


def wait_for(check: Callable[[], Any], timeout: float = 15.0, what: str = "condition") -> Any:
    """Poll `check` until it returns something truthy (bounded; no fixed sleep)."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        time.sleep(0.02)


@dataclass
class Phone:
    """The caller's side of a simulated call (the fake Twilio's phone socket)."""

    socket: ClientConnection
    call_sid: str
    received: list[dict[str, Any]] = field(default_factory=list)

    def next(self, timeout: float = 15.0) -> dict[str, Any]:
        message: dict[str, Any] = json.loads(self.socket.recv(timeout=timeout))
        self.received.append(message)
        return message

    def until(self, kind: str, timeout: float = 15.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            message = self.next(max(0.1, deadline - time.monotonic()))
            if message.get("type") == kind:
                return message

    def say(self, text: str) -> str:
        """Speak, then return the whole answer (tokens until `last`)."""
        self.socket.send(json.dumps({"type": "say", "text": text}))
        answer = ""
        while True:
            message = self.next()
            if message.get("type") == "text":
                answer += message["token"]
                if message["last"]:
                    return answer

    def send(self, **message: Any) -> None:
        self.socket.send(json.dumps(message))


@pytest.fixture
def persona(
    api: Any, create_account: Callable[..., Account]
) -> Callable[..., tuple[Account, dict[str, Any]]]:
    """A user with a persona answering the simulated number."""

    def make(**overrides: Any) -> tuple[Account, dict[str, Any]]:
        account = verified(create_account)()  # the post-call task's models are the platform's
        created = account.client.post(
            "/api/voice/personas", json={**PERSONA, **overrides}, headers=account.csrf()
        )
        assert created.status_code == 201, created.text
        claimed = account.client.post(
            "/api/voice/numbers",
            json={"phone_number": NUMBER, "persona_id": created.json()["id"]},
            headers=account.csrf(),
        )
        assert claimed.status_code == 201, claimed.text
        return account, created.json()

    return make


@pytest.fixture
def ring() -> Iterator[Callable[[Account], Phone]]:
    """Call the number from the softphone API; the phone socket plays the caller."""
    phones: list[Phone] = []

    def call(account: Account) -> Phone:
        started = account.client.post(
            "/api/voice/softphone", json={"phone_number": NUMBER}, headers=account.csrf()
        )
        assert started.status_code == 201, started.text
        body = started.json()
        phone = Phone(connect(body["phone_url"]), body["call_sid"])
        phones.append(phone)
        return phone

    yield call
    for phone in phones:
        phone.socket.close()
