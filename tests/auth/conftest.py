"""Factories for the auth tests: accounts signed in through the API, admins, a fake sign-in provider."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import httpx
import pytest
from webox.auth import service as auth_service
from webox.auth.config import get_auth_settings
from webox.testing.oauth import create_app as create_fake_provider
from webox.testing.oauth import oauth_env
from webox.testing.server import serve

PASSWORD = "correct horse battery staple"
_numbers = itertools.count(1)


@dataclass
class Account:
    """A registered user and the client signed in as them."""

    client: httpx.Client
    email: str
    password: str
    id: str

    def csrf(self) -> dict[str, str]:
        return csrf(self.client)


def csrf(client: httpx.Client) -> dict[str, str]:
    """The header the SPA adds to unsafe requests (copied from the readable cookie)."""
    return {"X-CSRF-Token": client.cookies.get("webox_csrf") or ""}


def login(client: httpx.Client, email: str, password: str = PASSWORD) -> httpx.Response:
    return client.post("/auth/login", json={"email": email, "password": password})


@pytest.fixture
def create_account(api: httpx.Client, new_client: Callable[[], httpx.Client]) -> Callable[..., Account]:
    """Register an account through the API; the first one uses the `api` client, later ones their own."""
    used = False

    def create(email: str | None = None, password: str = PASSWORD, name: str = "Test User") -> Account:
        nonlocal used
        client = new_client() if used else api
        used = True
        email = email or f"user{next(_numbers)}@example.com"
        response = client.post("/auth/register", json={"email": email, "password": password, "name": name})
        assert response.status_code == 201, response.text
        return Account(client, response.json()["user"]["email"], password, response.json()["user"]["id"])

    return create


@pytest.fixture
def create_admin(new_client: Callable[[], httpx.Client]) -> Callable[..., Account]:
    """An administrator (made by the service, as `webox admin create` does) signed in on a new client."""

    def create(email: str | None = None) -> Account:
        email = email or f"admin{next(_numbers)}@example.com"
        user, _ = auth_service.create_admin(email, PASSWORD)
        client = new_client()
        assert login(client, email).status_code == 200
        return Account(client, user.email, PASSWORD, user.id)

    return create


@pytest.fixture(scope="session")
def oauth_provider(live_server: object) -> Iterator[str]:
    """The fake Google/GitHub the auth feature signs in with: the host's own if it started one,
    else one started here with the settings pointed at it. Yields its base URL."""
    settings = get_auth_settings()
    if settings.google_client_id and settings.github_client_id:
        yield settings.google_metadata_url.split("/google/")[0]
        return
    server = serve(create_fake_provider())
    with pytest.MonkeyPatch.context() as patch:
        for name, value in oauth_env(server.url).items():
            patch.setenv(name, value)
        get_auth_settings.cache_clear()
        yield server.url
    get_auth_settings.cache_clear()
    server.stop()
