"""Accounts for tests: registered and signed in through the API, as a user would."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

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
