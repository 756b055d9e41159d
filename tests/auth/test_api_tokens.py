"""Personal API tokens: shown once, Bearer on every API, scopes, revocation, expiry, isolation."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from fastapi import APIRouter, Depends
from fastapi.testclient import TestClient
from webox.auth import repository
from webox.auth.dependencies import AdminUser, CurrentUser, require_scope
from webox.auth.models import ApiToken
from webox.auth.principals import Principal
from webox.db import utcnow
from webox.http import create_app

from tests.accounts import Account


def _create(account: Account, **body: Any) -> httpx.Response:
    return account.client.post(
        "/api/auth/tokens",
        json={"name": "CI", "scopes": ["chat"], "password": account.password, **body},
        headers=account.csrf(),
    )


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def account(create_account: Callable[..., Account]) -> Account:
    return create_account()


@pytest.fixture
def feature_api(aws: object) -> Iterator[TestClient]:
    """Another feature's API, guarded by the shared dependencies."""
    router = APIRouter(prefix="/probe", tags=["probe"])

    @router.post("/chat")
    def chat(principal: Principal = Depends(require_scope("chat"))) -> dict[str, str]:
        return {"user_id": principal.user_id}

    @router.get("/whoami")
    def whoami(user: CurrentUser) -> dict[str, str]:
        return {"user_id": user.id}

    @router.get("/admin")
    def admin_only(user: AdminUser) -> dict[str, str]:
        return {"user_id": user.id}

    with TestClient(create_app(router, title="Probe")) as client:
        yield client


class TestCreate:
    def test_token_is_shown_once_and_listed_without_its_secret(self, account: Account) -> None:
        response = _create(account, name="CI", scopes=["chat", "read"], expires_in_days=30)
        assert response.status_code == 201
        token, item = response.json()["token"], response.json()["item"]
        token_id, secret = token.removeprefix("wbx_").split("_", 1)
        assert token.startswith("wbx_") and item["id"] == token_id and len(secret) >= 43
        assert item["scopes"] == ["chat", "read"] and item["expires_at"] and item["last_used_at"] is None
        assert token.startswith(item["prefix"])
        listing = account.client.get("/api/auth/tokens")
        assert [i["id"] for i in listing.json()["items"]] == [token_id]
        assert secret not in listing.text

    def test_invalid_requests_are_refused(self, account: Account) -> None:
        for body in ({"scopes": []}, {"scopes": ["admin"]}, {"expires_in_days": 0}, {"name": ""}):
            assert _create(account, **body).status_code == 422, body


class TestUse:
    def test_bearer_token_works_on_every_api(
        self, account: Account, new_client: Callable[[], httpx.Client], feature_api: TestClient
    ) -> None:
        token = _create(account).json()["token"]
        assert new_client().get("/api/auth/me", headers=_bearer(token)).json()["id"] == account.id
        assert feature_api.get("/probe/whoami", headers=_bearer(token)).json() == {"user_id": account.id}
        assert feature_api.post("/probe/chat", headers=_bearer(token)).status_code == 200
        listed = account.client.get("/api/auth/tokens").json()["items"][0]
        assert listed["last_used_at"] is not None

    def test_scopes_are_enforced(self, account: Account, feature_api: TestClient) -> None:
        read_only = _create(account, scopes=["read"]).json()["token"]
        response = feature_api.post("/probe/chat", headers=_bearer(read_only))
        assert response.status_code == 403 and response.json()["code"] == "insufficient_scope"

    def test_sessions_have_every_scope_but_cookies_need_csrf(
        self, account: Account, feature_api: TestClient
    ) -> None:
        feature_api.cookies.update(dict(account.client.cookies))
        assert feature_api.post("/probe/chat").status_code == 403
        assert feature_api.post("/probe/chat", headers=account.csrf()).status_code == 200

    def test_tokens_carry_no_admin_rights(
        self, create_admin: Callable[..., Account], feature_api: TestClient
    ) -> None:
        admin = create_admin()
        token = _create(admin, scopes=["chat", "media", "read"]).json()["token"]
        response = feature_api.get("/probe/admin", headers=_bearer(token))
        assert response.status_code == 403 and response.json()["code"] == "session_required"
        feature_api.cookies.update(dict(admin.client.cookies))
        assert feature_api.get("/probe/admin").status_code == 200

    def test_revoked_token_fails_at_once(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        created = _create(account).json()
        assert (
            account.client.delete(
                f"/api/auth/tokens/{created['item']['id']}", headers=account.csrf()
            ).status_code
            == 204
        )
        response = new_client().get("/api/auth/me", headers=_bearer(created["token"]))
        assert response.status_code == 401

    def test_expired_token_fails(self, account: Account, new_client: Callable[[], httpx.Client]) -> None:
        created = _create(account, expires_in_days=1).json()
        item = repository.get_api_token(created["item"]["id"])
        assert item is not None
        item.update(actions=[ApiToken.expires_at.set(utcnow() - timedelta(seconds=1))])
        assert new_client().get("/api/auth/me", headers=_bearer(created["token"])).status_code == 401

    def test_wrong_secret_fails(self, account: Account, new_client: Callable[[], httpx.Client]) -> None:
        token = _create(account).json()["token"]
        token_id, secret = token.removeprefix("wbx_").split("_", 1)
        other_secret = "A" * len(secret) if secret[0] != "A" else "B" * len(secret)
        client = new_client()
        for wrong in (f"wbx_{token_id}_{other_secret}", token + "x", f"wbx_{token_id}", f"wbx_{token_id}_"):
            assert client.get("/api/auth/me", headers=_bearer(wrong)).status_code == 401, wrong

    def test_tokens_of_a_disabled_account_stop_working(
        self, account: Account, create_admin: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        token = _create(account).json()["token"]
        admin = create_admin()
        admin.client.patch(
            f"/api/auth/admin/users/{account.id}", json={"disabled": True}, headers=admin.csrf()
        )
        assert new_client().get("/api/auth/me", headers=_bearer(token)).status_code == 401


class TestIsolation:
    def test_another_users_token_id_is_not_found(self, create_account: Callable[..., Account]) -> None:
        alice, bob = create_account(), create_account()
        bobs = _create(bob).json()
        response = alice.client.delete(f"/api/auth/tokens/{bobs['item']['id']}", headers=alice.csrf())
        assert response.status_code == 404
        assert len(bob.client.get("/api/auth/tokens").json()["items"]) == 1

    def test_an_api_token_cannot_mint_more_tokens(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        token = _create(account, scopes=["chat", "media", "read"]).json()["token"]
        response = new_client().post(
            "/api/auth/tokens",
            json={"name": "x", "scopes": ["chat"], "password": account.password},
            headers=_bearer(token),
        )
        assert response.status_code == 403 and response.json()["code"] == "session_required"
