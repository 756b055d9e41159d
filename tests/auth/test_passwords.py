"""Changing, forgetting and resetting a password."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import timedelta

import httpx
from webox.auth import repository, security
from webox.auth.models import OneTimeToken
from webox.db import utcnow

from tests.accounts import PASSWORD, Account, login

NEW_PASSWORD = "a brand new passphrase"
Outbox = Callable[[], list[dict[str, str]]]


def _reset_token(outbox: Outbox, email: str) -> str:
    messages = [m for m in outbox() if m["to"] == email and "reset-password" in m["text"]]
    match = re.search(r"/reset-password#token=([\w-]+)", messages[-1]["text"])
    assert match
    return match.group(1)


class TestChange:
    def test_change_ends_other_sessions_and_keeps_this_one(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        account = create_account()
        laptop = new_client()
        login(laptop, account.email)
        old_access = account.client.cookies["webox_access"]
        response = account.client.post(
            "/api/auth/password/change",
            json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
            headers=account.csrf(),
        )
        assert response.status_code == 204
        assert account.client.cookies["webox_access"] != old_access
        assert account.client.get("/api/auth/me").status_code == 200
        assert laptop.get("/api/auth/me").status_code == 401
        assert login(new_client(), account.email, PASSWORD).status_code == 401
        assert login(new_client(), account.email, NEW_PASSWORD).status_code == 200

    def test_wrong_current_password_changes_nothing(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        response = account.client.post(
            "/api/auth/password/change",
            json={"current_password": "not my password", "new_password": NEW_PASSWORD},
            headers=account.csrf(),
        )
        assert response.status_code == 403 and response.json()["code"] == "wrong_password"
        assert account.client.get("/api/auth/me").status_code == 200

    def test_new_password_follows_the_policy(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        response = account.client.post(
            "/api/auth/password/change",
            json={"current_password": PASSWORD, "new_password": "qwertyuiop"},
            headers=account.csrf(),
        )
        assert response.status_code == 422 and response.json()["code"] == "weak_password"


class TestForgot:
    def test_known_and_unknown_addresses_get_the_same_answer(
        self, create_account: Callable[..., Account], api: httpx.Client, outbox: Outbox
    ) -> None:
        account = create_account()
        sent_before = len(outbox())
        known = api.post("/api/auth/password/forgot", json={"email": account.email})
        unknown = api.post("/api/auth/password/forgot", json={"email": "nobody@example.com"})
        assert known.status_code == unknown.status_code == 202
        assert known.content == unknown.content
        new_mail = outbox()[sent_before:]
        assert [m["to"] for m in new_mail] == [account.email]

    def test_more_than_three_requests_an_hour_send_nothing_more_but_answer_the_same(
        self, create_account: Callable[..., Account], api: httpx.Client, outbox: Outbox
    ) -> None:
        account = create_account()
        answers = [
            api.post("/api/auth/password/forgot", json={"email": account.email}).status_code for _ in range(5)
        ]
        assert answers == [202] * 5
        assert len([m for m in outbox() if "reset-password" in m["text"]]) == 3


class TestReset:
    def test_reset_sets_the_password_and_ends_every_session(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client], outbox: Outbox
    ) -> None:
        account = create_account()
        stranger = new_client()
        stranger.post("/api/auth/password/forgot", json={"email": account.email})
        token = _reset_token(outbox, account.email)
        response = stranger.post("/api/auth/password/reset", json={"token": token, "password": NEW_PASSWORD})
        assert response.status_code == 204
        assert "webox_access" not in stranger.cookies  # a reset signs nobody in
        assert account.client.get("/api/auth/me").status_code == 401
        assert login(new_client(), account.email, NEW_PASSWORD).status_code == 200

    def test_a_reset_link_works_once(
        self, create_account: Callable[..., Account], api: httpx.Client, outbox: Outbox
    ) -> None:
        account = create_account()
        api.post("/api/auth/password/forgot", json={"email": account.email})
        token = _reset_token(outbox, account.email)
        assert (
            api.post("/api/auth/password/reset", json={"token": token, "password": NEW_PASSWORD}).status_code
            == 204
        )
        again = api.post(
            "/api/auth/password/reset", json={"token": token, "password": "yet another passphrase"}
        )
        assert again.status_code == 400 and again.json()["code"] == "invalid_token"

    def test_a_weak_password_does_not_spend_the_link(
        self, create_account: Callable[..., Account], api: httpx.Client, outbox: Outbox
    ) -> None:
        account = create_account()
        api.post("/api/auth/password/forgot", json={"email": account.email})
        token = _reset_token(outbox, account.email)
        weak = api.post("/api/auth/password/reset", json={"token": token, "password": "password"})
        assert weak.status_code == 422
        assert (
            api.post("/api/auth/password/reset", json={"token": token, "password": NEW_PASSWORD}).status_code
            == 204
        )

    def test_an_expired_link_is_refused(
        self, create_account: Callable[..., Account], api: httpx.Client, outbox: Outbox
    ) -> None:
        account = create_account()
        api.post("/api/auth/password/forgot", json={"email": account.email})
        token = _reset_token(outbox, account.email)
        item = repository.get_one_time_token(security.digest(token))
        assert item is not None and timedelta(minutes=29) < item.expires_at - utcnow() <= timedelta(
            minutes=30
        )
        item.update(actions=[OneTimeToken.expires_at.set(utcnow() - timedelta(seconds=1))])
        response = api.post("/api/auth/password/reset", json={"token": token, "password": NEW_PASSWORD})
        assert response.status_code == 400 and response.json()["code"] == "invalid_token"

    def test_an_older_link_dies_when_the_password_changes(
        self, create_account: Callable[..., Account], api: httpx.Client, outbox: Outbox
    ) -> None:
        account = create_account()
        api.post("/api/auth/password/forgot", json={"email": account.email})
        first = _reset_token(outbox, account.email)
        api.post("/api/auth/password/forgot", json={"email": account.email})
        second = _reset_token(outbox, account.email)
        assert (
            api.post("/api/auth/password/reset", json={"token": second, "password": NEW_PASSWORD}).status_code
            == 204
        )
        stale = api.post(
            "/api/auth/password/reset", json={"token": first, "password": "yet another passphrase"}
        )
        assert stale.status_code == 400

    def test_made_up_tokens_are_refused(self, api: httpx.Client) -> None:
        for token in ("x" * 10, "not-a-real-token-at-all-but-long-enough-0123456789"):
            response = api.post("/api/auth/password/reset", json={"token": token, "password": NEW_PASSWORD})
            assert response.status_code == 400 and response.json()["code"] == "invalid_token"
