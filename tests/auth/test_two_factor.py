"""TOTP two-factor authentication: enrolment, sign-in, replay, recovery codes, disabling."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from xml.etree import ElementTree

import httpx
import pyotp
import pytest

from tests.accounts import PASSWORD, Account, login

Outbox = Callable[[], list[dict[str, str]]]


def _code(secret: str, steps_from_now: int = 0) -> str:
    return pyotp.TOTP(secret).at(time.time() + 30 * steps_from_now)


def _enable(account: Account) -> tuple[str, list[str]]:
    """Turn 2FA on with the previous step's code, leaving the current and next steps unused."""
    setup = account.client.post(
        "/api/auth/2fa/setup", json={"password": account.password}, headers=account.csrf()
    )
    assert setup.status_code == 200
    secret = setup.json()["secret"]
    enabled = account.client.post(
        "/api/auth/2fa/enable", json={"code": _code(secret, -1)}, headers=account.csrf()
    )
    assert enabled.status_code == 200, enabled.text
    return secret, enabled.json()["recovery_codes"]


def _mfa_token(client: httpx.Client, email: str, password: str = PASSWORD) -> str:
    response = login(client, email, password)
    assert response.status_code == 200 and response.json()["mfa_required"] is True
    assert "webox_access" not in client.cookies
    return str(response.json()["mfa_token"])


@pytest.fixture
def account(create_account: Callable[..., Account]) -> Account:
    return create_account()


class TestEnrolment:
    def test_setup_gives_a_secret_uri_and_qr_code(self, account: Account) -> None:
        body = account.client.post(
            "/api/auth/2fa/setup", json={"password": account.password}, headers=account.csrf()
        ).json()
        assert re.fullmatch(r"[A-Z2-7]{32}", body["secret"])
        assert (
            body["otpauth_uri"].startswith("otpauth://totp/WeBox:") and body["secret"] in body["otpauth_uri"]
        )
        assert body["qr_svg"].startswith("<svg") and body["qr_svg"].rstrip().endswith("</svg>")
        # A standalone SVG document (shown through an <img>): without its namespace it does not render.
        root = ElementTree.fromstring(body["qr_svg"])  # noqa: S314 (our own server's output)
        assert root.tag == "{http://www.w3.org/2000/svg}svg"
        assert account.client.get("/api/auth/me").json()["mfa_enabled"] is False

    def test_enable_needs_a_right_code(self, account: Account) -> None:
        account.client.post(
            "/api/auth/2fa/setup", json={"password": account.password}, headers=account.csrf()
        )
        wrong = account.client.post("/api/auth/2fa/enable", json={"code": "000000"}, headers=account.csrf())
        assert wrong.status_code == 401 and wrong.json()["code"] == "invalid_code"
        assert account.client.get("/api/auth/me").json()["mfa_enabled"] is False

    def test_enable_returns_ten_recovery_codes(self, account: Account) -> None:
        _, codes = _enable(account)
        assert len(codes) == len(set(codes)) == 10
        assert all(re.fullmatch(r"[a-z2-9]{5}-[a-z2-9]{5}", c) for c in codes)
        assert account.client.get("/api/auth/me").json()["mfa_enabled"] is True
        again = account.client.post(
            "/api/auth/2fa/setup", json={"password": account.password}, headers=account.csrf()
        )
        assert again.status_code == 409

    def test_enable_without_setup_is_a_conflict(self, account: Account) -> None:
        response = account.client.post(
            "/api/auth/2fa/enable", json={"code": "123456"}, headers=account.csrf()
        )
        assert response.status_code == 409 and response.json()["code"] == "mfa_setup_missing"


class TestSignIn:
    def test_password_then_code(self, account: Account, new_client: Callable[[], httpx.Client]) -> None:
        secret, _ = _enable(account)
        browser = new_client()
        token = _mfa_token(browser, account.email)
        response = browser.post("/api/auth/login/2fa", json={"mfa_token": token, "code": _code(secret)})
        assert response.status_code == 200 and response.json()["user"]["id"] == account.id
        assert browser.get("/api/auth/me").status_code == 200

    def test_a_used_code_cannot_be_replayed(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        secret, _ = _enable(account)
        code = _code(secret)
        first, second = new_client(), new_client()
        assert (
            first.post(
                "/api/auth/login/2fa", json={"mfa_token": _mfa_token(first, account.email), "code": code}
            ).status_code
            == 200
        )
        replay = second.post(
            "/api/auth/login/2fa", json={"mfa_token": _mfa_token(second, account.email), "code": code}
        )
        assert replay.status_code == 401 and replay.json()["code"] == "invalid_code"
        # An earlier step than the last one used is refused too.
        older = second.post(
            "/api/auth/login/2fa",
            json={"mfa_token": _mfa_token(second, account.email), "code": _code(secret, -1)},
        )
        assert older.status_code == 401

    def test_codes_far_from_now_are_refused(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        secret, _ = _enable(account)
        browser = new_client()
        token = _mfa_token(browser, account.email)
        for steps in (-3, 3):
            response = browser.post(
                "/api/auth/login/2fa", json={"mfa_token": token, "code": _code(secret, steps)}
            )
            assert response.status_code == 401

    def test_a_recovery_code_works_once(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        _, codes = _enable(account)
        browser = new_client()
        ok = browser.post(
            "/api/auth/login/2fa",
            json={"mfa_token": _mfa_token(browser, account.email), "code": codes[0].upper()},
        )
        assert ok.status_code == 200
        other = new_client()
        reused = other.post(
            "/api/auth/login/2fa", json={"mfa_token": _mfa_token(other, account.email), "code": codes[0]}
        )
        assert reused.status_code == 401 and reused.json()["code"] == "invalid_code"

    def test_the_2fa_step_token_is_single_use_and_short_lived(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        secret, codes = _enable(account)
        browser = new_client()
        token = _mfa_token(browser, account.email)
        assert (
            browser.post("/api/auth/login/2fa", json={"mfa_token": token, "code": codes[0]}).status_code
            == 200
        )
        again = browser.post("/api/auth/login/2fa", json={"mfa_token": token, "code": codes[1]})
        assert again.status_code == 401 and again.json()["code"] == "not_authenticated"
        access = browser.cookies["webox_access"]
        as_mfa = new_client().post("/api/auth/login/2fa", json={"mfa_token": access, "code": _code(secret)})
        assert as_mfa.status_code == 401  # an access token is not a 2FA step token (audience)

    def test_guessing_codes_is_throttled(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        _enable(account)
        browser = new_client()
        token = _mfa_token(browser, account.email)
        answers = [
            browser.post("/api/auth/login/2fa", json={"mfa_token": token, "code": f"{n:06d}"}).status_code
            for n in range(6)
        ]
        assert answers[:5] == [401] * 5 and answers[5] == 429

    def test_a_password_reset_does_not_bypass_2fa(
        self, account: Account, new_client: Callable[[], httpx.Client], outbox: Outbox
    ) -> None:
        # 2FA turned on by the verified holder (one made before anyone proved the mailbox goes:
        # tests/auth/test_recovery.py).
        verify = re.search(
            r"token=([\w-]+)", [m for m in outbox() if "verify-email" in m["text"]][-1]["text"]
        )
        assert verify
        assert (
            account.client.post("/api/auth/email/verify", json={"token": verify.group(1)}).status_code == 204
        )
        _enable(account)
        browser = new_client()
        browser.post("/api/auth/password/forgot", json={"email": account.email})
        match = re.search(
            r"token=([\w-]+)", [m for m in outbox() if "reset-password" in m["text"]][-1]["text"]
        )
        assert match
        new_password = "reset but still two factors"
        assert (
            browser.post(
                "/api/auth/password/reset", json={"token": match.group(1), "password": new_password}
            ).status_code
            == 204
        )
        response = login(browser, account.email, new_password)
        assert response.status_code == 200 and response.json()["mfa_required"] is True


class TestManage:
    def test_regenerating_recovery_codes_voids_the_old_ones(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        secret, old_codes = _enable(account)
        response = account.client.post(
            "/api/auth/2fa/recovery-codes", json={"code": _code(secret)}, headers=account.csrf()
        )
        assert response.status_code == 200
        new_codes = response.json()["recovery_codes"]
        assert len(new_codes) == 10 and not set(new_codes) & set(old_codes)
        browser = new_client()
        stale = browser.post(
            "/api/auth/login/2fa",
            json={"mfa_token": _mfa_token(browser, account.email), "code": old_codes[1]},
        )
        assert stale.status_code == 401
        fresh = browser.post(
            "/api/auth/login/2fa",
            json={"mfa_token": _mfa_token(browser, account.email), "code": new_codes[1]},
        )
        assert fresh.status_code == 200

    def test_disable_needs_password_and_code(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        secret, codes = _enable(account)
        wrong_password = account.client.post(
            "/api/auth/2fa/disable",
            json={"password": "not my password", "code": _code(secret)},
            headers=account.csrf(),
        )
        assert wrong_password.status_code == 403
        wrong_code = account.client.post(
            "/api/auth/2fa/disable", json={"password": PASSWORD, "code": "000000"}, headers=account.csrf()
        )
        assert wrong_code.status_code == 401
        ok = account.client.post(
            "/api/auth/2fa/disable", json={"password": PASSWORD, "code": codes[0]}, headers=account.csrf()
        )
        assert ok.status_code == 204
        assert account.client.get("/api/auth/me").json()["mfa_enabled"] is False
        signed_in = login(new_client(), account.email)
        assert signed_in.status_code == 200 and "user" in signed_in.json()

    def test_api_tokens_cannot_manage_2fa(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        created = account.client.post(
            "/api/auth/tokens",
            json={"name": "ci", "scopes": ["chat", "media", "read"], "password": account.password},
            headers=account.csrf(),
        )
        token = created.json()["token"]
        response = new_client().post(
            "/api/auth/2fa/setup",
            json={"password": account.password},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert response.status_code == 403 and response.json()["code"] == "session_required"
