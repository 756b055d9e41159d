"""Conversations made through the real chat API (simulated vendors), and verified accounts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from webox.local.host import LocalHost

from tests.accounts import PASSWORD, Account, _numbers

MODELS = ["gpt-4o-mini", "mistral-small-latest"]


def turn(account: Account, conversation_id: str, models: list[str], content: str, **extra: Any) -> None:
    response = account.client.post(
        f"/api/conversations/{conversation_id}/turns",
        json={"models": models, "content": content, **extra},
        headers=account.csrf(),
    )
    assert response.status_code == 200, response.text


def make_conversation(account: Account, title: str = "Été à Paris : idées", *, turns: int = 2) -> str:
    """A conversation made over HTTP: two models and a verdict, then (turns=2) one model on its own."""
    response = account.client.post("/api/conversations", json={"title": title}, headers=account.csrf())
    assert response.status_code == 201, response.text
    conversation_id = str(response.json()["id"])
    if turns >= 1:
        turn(account, conversation_id, MODELS, "Que faire à Paris en été ?")
    if turns >= 2:
        turn(account, conversation_id, MODELS[:1], "Et s'il pleut ?", verify=False)
    return conversation_id


@pytest.fixture
def create_conversation(simulators: dict[str, Any]) -> Callable[..., str]:
    """Factory of conversations made through the chat API (see `make_conversation`)."""
    return make_conversation


@pytest.fixture(scope="session")
def anonymous(live_server: LocalHost) -> Iterator[httpx.Client]:
    """A signed-out browser for checks that hold whatever the platform contains (no emptying)."""
    with httpx.Client(base_url=live_server.url, headers={"Origin": live_server.url}, timeout=30) as client:
        yield client


@pytest.fixture(scope="class")
def exporter(live_server: LocalHost) -> Iterator[tuple[Account, str]]:
    """One account and its conversation, made once for a class whose tests only read them."""
    live_server.reset()
    with httpx.Client(base_url=live_server.url, headers={"Origin": live_server.url}, timeout=30) as client:
        email = f"exporter{next(_numbers)}@example.com"
        response = client.post(
            "/api/auth/register", json={"email": email, "password": PASSWORD, "name": "Ex"}
        )
        assert response.status_code == 201, response.text
        account = Account(client, email, PASSWORD, response.json()["user"]["id"])
        yield account, make_conversation(account, title='Été "à" Paris / ../../etc')


@pytest.fixture
def verify_email(outbox: Callable[[], list[dict[str, str]]]) -> Callable[[Account], None]:
    """Verify an account's address with the link its sign-up e-mail carried."""

    def verify(account: Account) -> None:
        message = next(m for m in outbox() if m["to"] == account.email)
        match = re.search(r"/verify-email#token=([\w-]+)", message["text"])
        assert match
        response = account.client.post("/api/auth/email/verify", json={"token": match.group(1)})
        assert response.status_code == 204

    return verify
