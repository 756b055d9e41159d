"""The socket's URL carries a single-use, short-lived ticket, never a long-lived credential."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import httpx
import pytest
from webox.auth import repository, security
from webox.db import utcnow
from websockets.exceptions import InvalidStatus

from tests.accounts import Account
from tests.sockets import Socket


def _ticket(client: httpx.Client, headers: dict[str, str]) -> dict[str, object]:
    issued = client.post("/api/auth/socket-ticket", headers=headers)
    assert issued.status_code == 201, issued.text
    body: dict[str, object] = issued.json()
    return body


def _api_token(user: Account) -> str:
    created = user.client.post(
        "/api/auth/tokens",
        json={"name": "bot", "scopes": ["chat"], "password": user.password},
        headers=user.csrf(),
    )
    return str(created.json()["token"])


class TestTickets:
    def test_a_ticket_opens_one_socket_once(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        token = _api_token(user)
        ticket = _ticket(new_client(), {"Authorization": f"Bearer {token}"})
        assert ticket["expires_in"] == 30
        anonymous = new_client()
        with Socket(anonymous, ticket=str(ticket["ticket"])) as socket:
            socket.send({"action": "ping"})
            assert socket.receive()["type"] == "pong"
        with pytest.raises(InvalidStatus) as refused:
            Socket(anonymous, ticket=str(ticket["ticket"]))
        assert refused.value.response.status_code in (401, 403)  # the local host answers 403 to any refusal

    def test_a_long_lived_credential_in_the_url_is_refused(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        token = _api_token(user)
        base = str(user.client.base_url).rstrip("/").replace("http", "ws", 1)
        from websockets.sync.client import connect

        for credential in (token, user.client.cookies["webox_access"]):
            with pytest.raises(InvalidStatus) as refused:
                connect(
                    f"{base}/ws?token={credential}", additional_headers={"Origin": str(user.client.base_url)}
                )
            assert refused.value.response.status_code in (
                401,
                403,
            )  # the local host answers 403 to any refusal

    def test_an_expired_ticket_is_refused(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        ticket = str(_ticket(user.client, user.csrf())["ticket"])
        item = repository.get_one_time_token(security.digest(ticket))
        assert item is not None and item.expires_at <= utcnow() + timedelta(seconds=30)
        item.update(actions=[type(item).expires_at.set(utcnow() - timedelta(seconds=1))])
        with pytest.raises(InvalidStatus):
            Socket(new_client(), ticket=ticket)

    def test_a_ticket_dies_with_its_session(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        ticket = str(_ticket(user.client, user.csrf())["ticket"])
        assert user.client.post("/api/auth/logout", headers=user.csrf()).status_code == 204
        with pytest.raises(InvalidStatus):
            Socket(new_client(), ticket=ticket)
