"""Sign-in with Google (OIDC) and GitHub through authlib, against the fake provider."""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from urllib.parse import parse_qs, urlencode, urlsplit

import httpx
import pytest

from tests.accounts import PASSWORD, Account, login

Outbox = Callable[[], list[dict[str, str]]]


@pytest.fixture(autouse=True)
def _provider(oauth_provider: str) -> None:
    """Every test here signs in through the fake provider."""


def _site(client: httpx.Client) -> str:
    return str(client.base_url).rstrip("/")


def _start(client: httpx.Client, provider: str, next_path: str = "/chat") -> str:
    response = client.get(f"/api/auth/oauth/{provider}/start", params={"next": next_path})
    assert response.status_code == 302, response.text
    assert "webox_oauth" in client.cookies
    return response.headers["location"]


def _callback(client: httpx.Client, authorize_url: str, response: httpx.Response) -> httpx.Response:
    assert response.status_code == 302, response.text
    callback = response.headers["location"]
    assert callback.startswith(f"{_site(client)}/api/auth/oauth/")
    return client.get(callback)


def _approve(authorize_url: str, email: str) -> httpx.Response:
    """The provider's page, auto-approving `email` as a verified identity (`login_hint`)."""
    return httpx.get(f"{authorize_url}&{urlencode({'login_hint': email})}")


def sign_in(client: httpx.Client, provider: str, email: str, next_path: str = "/chat") -> httpx.Response:
    """The whole browser round trip with the provider auto-approving `email` (a verified identity)."""
    authorize_url = _start(client, provider, next_path)
    return _callback(client, authorize_url, _approve(authorize_url, email))


def sign_in_as(client: httpx.Client, provider: str, email: str, *, verified: bool) -> httpx.Response:
    """Through the provider's consent form, choosing whether the e-mail is verified."""
    authorize_url = _start(client, provider)
    fields = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()}
    fields |= {"email": email, "name": "Someone", "action": "approve"} | (
        {"verified": "on"} if verified else {}
    )
    return _callback(client, authorize_url, httpx.post(authorize_url.split("?")[0], data=fields))


@pytest.mark.parametrize("provider", ["google", "github"])
class TestSignIn:
    def test_new_email_creates_a_signed_in_account(self, api: httpx.Client, provider: str) -> None:
        authorize_url = _start(api, provider)
        query = parse_qs(urlsplit(authorize_url).query)
        assert query["code_challenge_method"] == ["S256"] and query["state"] and query["code_challenge"]
        assert ("nonce" in query) == (provider == "google")
        done = _callback(api, authorize_url, _approve(authorize_url, "newbie@example.com"))
        assert done.headers["location"] == f"{_site(api)}/chat"
        assert "webox_oauth" not in api.cookies
        me = api.get("/api/auth/me").json()
        assert me["email"] == "newbie@example.com" and me["email_verified"] is True and me["role"] == "user"

    def test_same_identity_signs_into_the_same_account(
        self, api: httpx.Client, new_client: Callable[[], httpx.Client], provider: str
    ) -> None:
        sign_in(api, provider, "ada@example.com")
        first = api.get("/api/auth/me").json()["id"]
        other = new_client()
        sign_in(other, provider, "ada@example.com")
        assert other.get("/api/auth/me").json()["id"] == first

    def test_verified_email_links_to_the_existing_account(
        self,
        create_account: Callable[..., Account],
        new_client: Callable[[], httpx.Client],
        outbox: Outbox,
        provider: str,
    ) -> None:
        account = create_account("ada@example.com")
        match = re.search(r"token=([\w-]+)", outbox()[-1]["text"])
        assert match
        account.client.post("/api/auth/email/verify", json={"token": match.group(1)})
        browser = new_client()
        sign_in(browser, provider, "Ada@Example.com")
        assert browser.get("/api/auth/me").json()["id"] == account.id
        assert login(new_client(), account.email, PASSWORD).status_code == 200  # the password still works

    def test_unverified_email_is_never_linked(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client], provider: str
    ) -> None:
        account = create_account("ada@example.com")
        browser = new_client()
        done = sign_in_as(browser, provider, "ada@example.com", verified=False)
        location = done.headers["location"]
        assert done.status_code == 302 and "/login?error=oauth_email_unverified" in location
        assert "webox_access" not in browser.cookies
        assert browser.get("/api/auth/me").status_code == 401
        assert account.client.get("/api/auth/me").status_code == 200

    def test_linking_an_unverified_registration_drops_the_squatters_password(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client], provider: str
    ) -> None:
        squatter = create_account("ada@example.com")  # registered, never verified the mailbox
        owner = new_client()
        sign_in(owner, provider, "ada@example.com")
        assert owner.get("/api/auth/me").json()["id"] == squatter.id
        assert squatter.client.get("/api/auth/me").status_code == 401
        assert login(new_client(), "ada@example.com", PASSWORD).status_code == 401

    def test_next_must_be_a_path_on_this_site(self, api: httpx.Client, provider: str) -> None:
        for evil in ("https://evil.example/x", "//evil.example", "/\\evil.example"):
            done = sign_in(api, provider, "ada@example.com", next_path=evil)
            assert done.headers["location"] == f"{_site(api)}/"

    def test_2fa_still_applies(
        self, api: httpx.Client, new_client: Callable[[], httpx.Client], provider: str
    ) -> None:
        import pyotp

        sign_in(api, provider, "ada@example.com")
        csrf = {"X-CSRF-Token": api.cookies["webox_csrf"]}
        secret = api.post("/api/auth/2fa/setup", json={}, headers=csrf).json()["secret"]
        assert (
            api.post(
                "/api/auth/2fa/enable", json={"code": pyotp.TOTP(secret).now()}, headers=csrf
            ).status_code
            == 200
        )
        browser = new_client()
        done = sign_in(browser, provider, "ada@example.com")
        location = done.headers["location"]
        assert "/login?next=%2Fchat#mfa_token=" in location or "/login?next=/chat#mfa_token=" in location
        assert "webox_access" not in browser.cookies

    def test_the_2fa_step_of_a_provider_sign_in_finishes_with_a_code(
        self, api: httpx.Client, new_client: Callable[[], httpx.Client], provider: str
    ) -> None:
        import pyotp

        sign_in(api, provider, "ada@example.com")
        csrf = {"X-CSRF-Token": api.cookies["webox_csrf"]}
        secret = api.post("/api/auth/2fa/setup", json={}, headers=csrf).json()["secret"]
        code = pyotp.TOTP(secret).at(time.time() - 30)
        assert api.post("/api/auth/2fa/enable", json={"code": code}, headers=csrf).status_code == 200
        browser = new_client()
        location = sign_in(browser, provider, "ada@example.com").headers["location"]
        # The SPA's login page reads the token from the fragment and asks for the code.
        mfa_token = location.split("#mfa_token=", 1)[1]
        done = browser.post(
            "/api/auth/login/2fa", json={"mfa_token": mfa_token, "code": pyotp.TOTP(secret).now()}
        )
        assert done.status_code == 200 and done.json()["user"]["email"] == "ada@example.com"
        assert browser.get("/api/auth/me").status_code == 200


class TestStateChecks:
    def test_callback_without_the_state_cookie_fails(
        self, api: httpx.Client, new_client: Callable[[], httpx.Client]
    ) -> None:
        authorize_url = _start(api, "google")
        approved = _approve(authorize_url, "ada@example.com")
        victim = new_client()  # login CSRF: the attacker's callback URL opened in another browser
        done = victim.get(approved.headers["location"])
        assert done.status_code == 302 and "error=oauth_failed" in done.headers["location"]
        assert "webox_access" not in victim.cookies

    def test_tampered_state_fails(self, api: httpx.Client) -> None:
        authorize_url = _start(api, "github")
        approved = _approve(authorize_url, "ada@example.com")
        callback = re.sub(r"state=[^&]+", "state=forged", approved.headers["location"])
        done = api.get(callback)
        assert "error=oauth_failed" in done.headers["location"] and "webox_access" not in api.cookies

    def test_denied_consent_returns_to_login(self, api: httpx.Client) -> None:
        authorize_url = _start(api, "google")
        fields = {k: v[0] for k, v in parse_qs(urlsplit(authorize_url).query).items()} | {"action": "deny"}
        done = _callback(api, authorize_url, httpx.post(authorize_url.split("?")[0], data=fields))
        assert "error=oauth_denied" in done.headers["location"]

    def test_unknown_provider_is_a_422(self, api: httpx.Client) -> None:
        assert api.get("/api/auth/oauth/facebook/start").status_code == 422

    def test_configured_providers_are_listed(self, api: httpx.Client) -> None:
        assert api.get("/api/auth/oauth/providers").json() == {"providers": ["google", "github"]}
