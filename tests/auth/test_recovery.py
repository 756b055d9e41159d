"""Recovery evicts: a reset, a password change and "sign out everywhere" leave no API token behind; a
reset removes a 2FA enrolment nobody made with a proven mailbox; minting a lasting credential needs
the password again."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from datetime import datetime, timedelta

import httpx
import pyotp
import pytest
from webox.auth import repository
from webox.db import utcnow

from tests.accounts import PASSWORD, Account, login

NEW_PASSWORD = "a brand new passphrase"
Outbox = Callable[[], list[dict[str, str]]]


def _link_token(outbox: Outbox, email: str, page: str) -> str:
    messages = [m for m in outbox() if m["to"] == email and page in m["text"]]
    match = re.search(rf"/{page}[?#]token=([\w-]+)", messages[-1]["text"])
    assert match
    return match.group(1)


def _token(account: Account, **body: object) -> httpx.Response:
    return account.client.post(
        "/api/auth/tokens",
        json={"name": "bot", "scopes": ["read"], "password": account.password, **body},
        headers=account.csrf(),
    )


def _works(token: str, client: httpx.Client) -> bool:
    return client.get("/api/auth/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def _enable_2fa(account: Account) -> str:
    setup = account.client.post(
        "/api/auth/2fa/setup", json={"password": account.password}, headers=account.csrf()
    )
    assert setup.status_code == 200, setup.text
    secret = str(setup.json()["secret"])
    code = pyotp.TOTP(secret).at(time.time() - 30)
    enabled = account.client.post("/api/auth/2fa/enable", json={"code": code}, headers=account.csrf())
    assert enabled.status_code == 200, enabled.text
    return secret


def _reset(client: httpx.Client, outbox: Outbox, email: str) -> None:
    assert client.post("/api/auth/password/forgot", json={"email": email}).status_code == 202
    token = _link_token(outbox, email, "reset-password")
    reset = client.post("/api/auth/password/reset", json={"token": token, "password": NEW_PASSWORD})
    assert reset.status_code == 204, reset.text


def _verify(client: httpx.Client, outbox: Outbox, email: str) -> None:
    token = _link_token(outbox, email, "verify-email")
    assert client.post("/api/auth/email/verify", json={"token": token}).status_code == 204


@pytest.fixture
def account(create_account: Callable[..., Account]) -> Account:
    return create_account()


class TestApiTokensEnd:
    def test_a_password_change_revokes_every_api_token(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        token = _token(account).json()["token"]
        changed = account.client.post(
            "/api/auth/password/change",
            json={"current_password": PASSWORD, "new_password": NEW_PASSWORD},
            headers=account.csrf(),
        )
        assert changed.status_code == 204
        assert not _works(token, new_client())
        assert account.client.get("/api/auth/tokens").json()["items"] == []

    def test_signing_out_everywhere_revokes_every_api_token(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        token = _token(account).json()["token"]
        assert account.client.post("/api/auth/sessions/revoke-all", headers=account.csrf()).status_code == 204
        assert not _works(token, new_client())

    def test_a_password_reset_revokes_every_api_token(
        self, account: Account, new_client: Callable[[], httpx.Client], outbox: Outbox
    ) -> None:
        token = _token(account).json()["token"]
        _reset(new_client(), outbox, account.email)
        assert not _works(token, new_client())

    def test_another_users_tokens_survive(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        alice, bob = create_account(), create_account()
        bobs = _token(bob).json()["token"]
        assert alice.client.post("/api/auth/sessions/revoke-all", headers=alice.csrf()).status_code == 204
        assert _works(bobs, new_client())


class TestFreshAuthentication:
    def test_a_token_needs_the_password(self, account: Account) -> None:
        for password in (None, "not my password"):
            response = _token(account, password=password)
            assert response.status_code == 403 and response.json()["code"] == "wrong_password"
        assert account.client.get("/api/auth/tokens").json()["items"] == []

    def test_with_2fa_on_a_token_needs_a_code_too(self, account: Account) -> None:
        secret = _enable_2fa(account)
        refused = _token(account)
        assert refused.status_code == 401 and refused.json()["code"] == "invalid_code"
        assert _token(account, code=pyotp.TOTP(secret).now()).status_code == 201

    def test_enrolling_2fa_needs_the_password(self, account: Account) -> None:
        for body in ({}, {"password": "not my password"}):
            response = account.client.post("/api/auth/2fa/setup", json=body, headers=account.csrf())
            assert response.status_code == 403 and response.json()["code"] == "wrong_password"
        assert repository.get_user(account.id).mfa_pending_secret is None  # type: ignore[union-attr]

    def test_an_account_without_password_needs_a_recent_sign_in(self, account: Account) -> None:
        # Given an account that signs in only with a provider (no password)…
        user = repository.get_user(account.id)
        assert user is not None
        repository.update_user(user, password_hash=None)
        # …its fresh session stands for the password…
        assert _token(account, password=None).status_code == 201
        # …but not once it is older than a few minutes.
        (session,) = repository.list_sessions(account.id)
        session.update(actions=[type(session).created_at.set(utcnow() - timedelta(minutes=11))])
        stale = _token(account, password=None)
        assert stale.status_code == 403 and stale.json()["code"] == "reauthentication_required"


class TestExpiry:
    def test_a_token_expires_in_90_days_unless_told(self, account: Account) -> None:
        item = _token(account).json()["item"]
        expires = utcnow() + timedelta(days=90)
        assert abs(datetime.fromisoformat(item["expires_at"]) - expires) < timedelta(minutes=5)
        listed = account.client.get("/api/auth/tokens").json()["items"][0]
        assert listed["expires_at"] == item["expires_at"]

    def test_null_means_never(self, account: Account) -> None:
        assert _token(account, expires_in_days=None).json()["item"]["expires_at"] is None


class TestResetAndTwoFactor:
    def test_2fa_enrolled_before_the_mailbox_was_proven_is_removed(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client], outbox: Outbox
    ) -> None:
        # A squatter registers the owner's address and turns 2FA on before anyone verified it.
        squatter = create_account("owner@example.com")
        _enable_2fa(squatter)
        # The owner, who holds the mailbox, confirms the address then resets the password.
        owner = new_client()
        _verify(owner, outbox, "owner@example.com")
        _reset(owner, outbox, "owner@example.com")
        signed_in = login(new_client(), "owner@example.com", NEW_PASSWORD)
        assert signed_in.status_code == 200 and "user" in signed_in.json()
        assert signed_in.json()["user"]["mfa_enabled"] is False

    def test_2fa_enrolled_after_verification_stays(
        self, account: Account, new_client: Callable[[], httpx.Client], outbox: Outbox
    ) -> None:
        _verify(account.client, outbox, account.email)
        _enable_2fa(account)
        _reset(new_client(), outbox, account.email)
        signed_in = login(new_client(), account.email, NEW_PASSWORD)
        assert signed_in.status_code == 200 and signed_in.json()["mfa_required"] is True

    def test_a_pending_enrolment_is_dropped(
        self, account: Account, new_client: Callable[[], httpx.Client], outbox: Outbox
    ) -> None:
        setup = account.client.post(
            "/api/auth/2fa/setup", json={"password": account.password}, headers=account.csrf()
        )
        assert setup.status_code == 200
        _reset(new_client(), outbox, account.email)
        assert repository.get_user(account.id).mfa_pending_secret is None  # type: ignore[union-attr]
