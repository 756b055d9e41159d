"""Administration: roles, the user directory, disabling accounts."""

from __future__ import annotations

from collections.abc import Callable

import httpx
import pytest
from webox.auth import accounts
from webox.db import encode_cursor

from tests.accounts import PASSWORD, Account, login


class TestAccess:
    def test_users_cannot_use_the_admin_api(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        listing = account.client.get("/api/auth/admin/users")
        assert listing.status_code == 403 and listing.json()["code"] == "forbidden"
        promote = account.client.patch(
            f"/api/auth/admin/users/{account.id}", json={"role": "admin"}, headers=account.csrf()
        )
        assert promote.status_code == 403
        assert account.client.get("/api/auth/me").json()["role"] == "user"

    def test_anonymous_callers_are_not_authenticated(self, api: httpx.Client) -> None:
        assert api.get("/api/auth/admin/users").status_code == 401


class TestDirectory:
    @pytest.fixture
    def people(self, create_account: Callable[..., Account]) -> list[Account]:
        return [
            create_account("alice@example.com", name="Alice Martin"),
            create_account("bob@example.com", name="Bob Durand"),
            create_account("carol@example.org", name="Alicia Keys"),
            create_account("dave@example.com", name="Dave Alibert"),
        ]

    def test_lists_everyone_in_pages(
        self, people: list[Account], create_admin: Callable[..., Account]
    ) -> None:
        admin = create_admin("root@example.com")
        seen: list[str] = []
        cursor = None
        for _ in range(5):
            params = {"limit": "2", **({"cursor": cursor} if cursor else {})}
            page = admin.client.get("/api/auth/admin/users", params=params).json()
            seen += [item["email"] for item in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == sorted(seen) and set(seen) == {p.email for p in people} | {admin.email}
        item = admin.client.get("/api/auth/admin/users").json()["items"][0]
        assert set(item) == {"id", "email", "name", "role", "disabled", "mfa_enabled", "created_at"}

    def test_search_by_email_prefix_or_name_prefix(
        self, people: list[Account], create_admin: Callable[..., Account]
    ) -> None:
        admin = create_admin("root@example.com")

        def search(q: str, **params: str) -> list[str]:
            return [
                i["email"]
                for i in admin.client.get("/api/auth/admin/users", params={"q": q, **params}).json()["items"]
            ]

        assert search("bob") == ["bob@example.com"]
        assert search("ALI") == ["alice@example.com", "carol@example.org"]  # e-mail match first, then names
        assert search("dave alib") == ["dave@example.com"]
        assert search("zed") == []
        first = admin.client.get("/api/auth/admin/users", params={"q": "ali", "limit": "1"}).json()
        assert first["items"][0]["email"] == "alice@example.com" and first["next_cursor"]
        second = admin.client.get(
            "/api/auth/admin/users", params={"q": "ali", "limit": "1", "cursor": first["next_cursor"]}
        ).json()
        assert [i["email"] for i in second["items"]] == ["carol@example.org"]

    def test_a_malformed_or_foreign_cursor_is_a_400(self, create_admin: Callable[..., Account]) -> None:
        admin = create_admin()
        foreign = encode_cursor({"user_id": {"S": admin.id}, "session_id": {"S": "x"}})
        for cursor in ("%%%", foreign):
            response = admin.client.get("/api/auth/admin/users", params={"cursor": cursor})
            assert response.status_code == 400 and response.json()["code"] == "invalid_cursor"


class TestChanges:
    def test_disabling_ends_the_users_sessions_at_once(
        self, create_account: Callable[..., Account], create_admin: Callable[..., Account]
    ) -> None:
        account, admin = create_account(), create_admin()
        assert account.client.get("/api/auth/me").status_code == 200
        admin.client.patch(
            f"/api/auth/admin/users/{account.id}", json={"disabled": True}, headers=admin.csrf()
        )
        assert account.client.get("/api/auth/me").status_code == 401
        assert account.client.post("/api/auth/refresh", headers=account.csrf()).status_code == 401

    def test_re_enabled_account_can_sign_in_again(
        self,
        create_account: Callable[..., Account],
        create_admin: Callable[..., Account],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        account, admin = create_account(), create_admin()
        url = f"/api/auth/admin/users/{account.id}"
        admin.client.patch(url, json={"disabled": True}, headers=admin.csrf())
        assert (
            admin.client.patch(url, json={"disabled": False}, headers=admin.csrf()).json()["disabled"]
            is False
        )
        assert login(new_client(), account.email).status_code == 200

    def test_promotion_takes_effect_on_the_next_request(
        self, create_account: Callable[..., Account], create_admin: Callable[..., Account]
    ) -> None:
        account, admin = create_account(), create_admin()
        response = admin.client.patch(
            f"/api/auth/admin/users/{account.id}", json={"role": "admin"}, headers=admin.csrf()
        )
        assert response.status_code == 200 and response.json()["role"] == "admin"
        assert account.client.get("/api/auth/admin/users").status_code == 200

    @pytest.mark.parametrize("change", [{"role": "user"}, {"disabled": True}])
    def test_admins_cannot_demote_or_disable_themselves(
        self, create_admin: Callable[..., Account], change: dict[str, object]
    ) -> None:
        admin = create_admin()
        response = admin.client.patch(f"/api/auth/admin/users/{admin.id}", json=change, headers=admin.csrf())
        assert response.status_code == 403 and response.json()["code"] == "cannot_modify_self"
        assert admin.client.get("/api/auth/me").json()["role"] == "admin"

    def test_unknown_user_is_not_found(self, create_admin: Callable[..., Account]) -> None:
        admin = create_admin()
        response = admin.client.patch(
            "/api/auth/admin/users/nobody", json={"disabled": True}, headers=admin.csrf()
        )
        assert response.status_code == 404


class TestCreateAdmin:
    def test_new_admin_gets_a_generated_password(self, api: httpx.Client) -> None:
        user, password = accounts.create_admin("Boss@Example.com")
        assert user.role == "admin" and user.email == "boss@example.com" and password and len(password) >= 20
        assert login(api, "boss@example.com", password).json()["user"]["role"] == "admin"

    def test_existing_user_is_promoted_and_keeps_the_password(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        account = create_account()
        user, password = accounts.create_admin(account.email)
        assert password is None and user.id == account.id
        assert login(new_client(), account.email, PASSWORD).json()["user"]["role"] == "admin"
