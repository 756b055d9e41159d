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
def admin(create_admin: Callable[..., Account]) -> Account:
    """An administrator, who assigns the platform's numbers."""
    return create_admin()


def assign(admin: Account, phone_number: str, email: str) -> Any:
    """The admin assigns a platform number to the user with this e-mail address."""
    return admin.client.put(
        f"/api/voice/admin/numbers/{phone_number}/assignment", json={"email": email}, headers=admin.csrf()
    )


def create_persona(account: Account, **overrides: Any) -> dict[str, Any]:
    created = account.client.post(
        "/api/voice/personas", json={**PERSONA, **overrides}, headers=account.csrf()
    )
    assert created.status_code == 201, created.text
    return dict(created.json())


def answer(account: Account, phone_number: str, persona_id: str) -> Any:
    """The user answers one of their numbers with a persona."""
    return account.client.post(
        "/api/voice/numbers",
        json={"phone_number": phone_number, "persona_id": persona_id},
        headers=account.csrf(),
    )


@pytest.fixture
def persona(
    api: Any, create_account: Callable[..., Account], admin: Account
) -> Callable[..., tuple[Account, dict[str, Any]]]:
    """A user with a persona answering the simulated number an admin assigned them."""

    def make(*, email_verified: bool = True, **overrides: Any) -> tuple[Account, dict[str, Any]]:
        # Verified by default: the post-call task's models may be the platform's.
        account = verified(create_account)() if email_verified else create_account()
        created = create_persona(account, **overrides)
        assert assign(admin, NUMBER, account.email).status_code == 200
        claimed = answer(account, NUMBER, created["id"])
        assert claimed.status_code == 201, claimed.text
        return account, created

    return make


@pytest.fixture
def ring() -> Iterator[Callable[[Account], Phone]]:
    """Call the number from the softphone API; the phone socket plays the caller."""
    phones: list[Phone] = []

    def call(account: Account, number: str = NUMBER) -> Phone:
        started = account.client.post(
            "/api/voice/softphone", json={"phone_number": number}, headers=account.csrf()
        )
        assert started.status_code == 201, started.text
        body = started.json()
        phone = Phone(connect(body["phone_url"]), body["call_sid"])
        phones.append(phone)
        return phone

    yield call
    for phone in phones:
        phone.socket.close()
