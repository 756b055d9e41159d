"""Shared by the generated suites: the OpenAPI document, and accounts made once per module on the
session's local host (the suites share one host and build their world once)."""

from __future__ import annotations

import re
from typing import Any, get_args

import httpx
import pytest
from webox import openapi
from webox.auth.schemas import Scope
from webox.local.host import LocalHost

from tests.accounts import Account, _numbers, csrf


@pytest.fixture(scope="session")
def document() -> dict[str, Any]:
    return openapi.build()


def client(host: LocalHost, **options: Any) -> httpx.Client:
    """A browser-like client of the local host (its own cookie jar, the SPA's Origin)."""
    return httpx.Client(base_url=host.url, headers={"Origin": host.url}, timeout=60, **options)


def register(host: LocalHost, password: str, name: str) -> Account:
    """A new account signed in on its own client (closed by the caller)."""
    browser = client(host)
    email = f"{name.lower()}{next(_numbers)}@example.com"
    response = browser.post("/api/auth/register", json={"email": email, "password": password, "name": name})
    assert response.status_code == 201, response.text
    return Account(browser, email, password, response.json()["user"]["id"])


def verify_email(host: LocalHost, account: Account) -> str:
    """Follow the link of the account's sign-up e-mail (platform-paid calls need a verified address);
    returns the link's token."""
    message = next(m for m in host.outbox() if m["to"] == account.email)
    match = re.search(r"/verify-email[?#]token=([\w-]+)", message["text"])
    assert match, message["text"]
    response = account.client.post("/api/auth/email/verify", json={"token": match.group(1)})
    assert response.status_code == 204, response.text
    return match.group(1)


def api_token(account: Account, scopes: tuple[str, ...] = get_args(Scope)) -> tuple[str, str]:
    """(token, token id) of a new personal API token of `account` (every scope unless told)."""
    response = account.client.post(
        "/api/auth/tokens",
        # Creating a token asks for the password again.
        json={"name": "suite", "scopes": list(scopes), "password": account.password},
        headers=csrf(account.client),
    )
    assert response.status_code == 201, response.text
    return response.json()["token"], response.json()["item"]["id"]
