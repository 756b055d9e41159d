"""Accounts for tests: registered and signed in through the API, as a user would."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

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
    return client.post("/api/auth/login", json={"email": email, "password": password})


def verified(create_account: Callable[..., Account]) -> Callable[..., Account]:
    """A `create_account` whose accounts have a verified e-mail address: the platform pays only
    for those (an unverified one is refused with `email_not_verified`, tests/billing/test_abuse.py)."""
    from webox.auth import repository as auth_repository

    def create(*args: Any, **kwargs: Any) -> Account:
        account = create_account(*args, **kwargs)
        user = auth_repository.get_user(account.id)
        assert user is not None
        auth_repository.update_user(user, email_verified=True)
        return account

    return create
