"""Signing in with a password: one generic failure, disabled accounts, throttling."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from webox.auth import sign_in
from webox.auth.sessions import ClientInfo

from tests.accounts import PASSWORD, Account, login


class TestLogin:
    def test_right_password_signs_in_with_session_cookies(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        account = create_account()
        browser = new_client()
        response = login(browser, account.email.upper())
        assert response.status_code == 200 and response.json()["user"]["id"] == account.id
        cookies = {c.name: c for c in browser.cookies.jar}
        assert set(cookies) == {"webox_access", "webox_refresh", "webox_csrf"}
        assert cookies["webox_refresh"].path == "/api/auth"
        set_cookie = response.headers.get_list("set-cookie")
        assert all("SameSite=lax" in c for c in set_cookie)
        assert sum("HttpOnly" in c for c in set_cookie) == 2  # the CSRF cookie is readable
        assert browser.get("/api/auth/me").status_code == 200

    def test_every_failure_gives_the_same_answer(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        account = create_account()
        browser = new_client()
        wrong_password = login(browser, account.email, "not the password at all")
        unknown_email = login(browser, "nobody@example.com")
        for response in (wrong_password, unknown_email):
            assert response.status_code == 401
            assert {k: v for k, v in response.json().items() if k != "request_id"} == {
                k: v for k, v in wrong_password.json().items() if k != "request_id"
            }
        assert wrong_password.json()["code"] == "invalid_credentials"
        assert "webox_access" not in browser.cookies

    def test_disabled_account_cannot_sign_in(
        self, create_account: Callable[..., Account], create_admin: Callable[..., Account]
    ) -> None:
        account, admin = create_account(), create_admin()
        response = admin.client.patch(
            f"/api/auth/admin/users/{account.id}", json={"disabled": True}, headers=admin.csrf()
        )
        assert response.status_code == 200 and response.json()["disabled"] is True
        refused = login(account.client, account.email)
        assert refused.status_code == 401 and refused.json()["code"] == "invalid_credentials"

    def test_password_sign_in_without_a_password_set_fails_generically(self, api: httpx.Client) -> None:
        # An account made by a provider sign-in has no password.
        sign_in.sign_in_with_provider(
            sign_in.OAuthIdentity("google", "123", "ada@example.com", True, "Ada"),
            ClientInfo(),
        )
        response = login(api, "ada@example.com", PASSWORD)
        assert response.status_code == 401 and response.json()["code"] == "invalid_credentials"

    def test_cross_site_origin_is_refused(
        self, create_account: Callable[..., Account], live_server: object
    ) -> None:
        account = create_account()
        response = account.client.post(
            "/api/auth/login",
            json={"email": account.email, "password": PASSWORD},
            headers={"Origin": "https://evil.example"},
        )
        assert response.status_code == 403 and response.json()["code"] == "origin_not_allowed"


class TestThrottling:
    def test_five_failures_lock_the_account_for_a_while(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        account = create_account()
        browser = new_client()
        for _ in range(5):
            assert login(browser, account.email, "wrong password!").status_code == 401
        locked = login(browser, account.email)  # even the right password
        assert locked.status_code == 429 and locked.json()["code"] == "too_many_attempts"
        assert 0 < int(locked.headers["Retry-After"]) <= 900

    def test_successes_do_not_count(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        account = create_account()
        browser = new_client()
        for _ in range(8):
            assert login(browser, account.email).status_code == 200

    def test_one_address_cannot_try_many_accounts(self, api: httpx.Client) -> None:
        for number in range(20):
            assert login(api, f"guess{number}@example.com", "wrong password!").status_code == 401
        blocked = login(api, "guess99@example.com", "wrong password!")
        assert blocked.status_code == 429 and int(blocked.headers["Retry-After"]) > 0
