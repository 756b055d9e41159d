"""Listing and ending sessions: one device, someone else's, all of them."""

from __future__ import annotations

from collections.abc import Callable

import httpx

from tests.accounts import Account, login


class TestSessions:
    def test_each_sign_in_is_a_session_and_this_one_is_marked(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        account = create_account()
        laptop = new_client()
        login(laptop, account.email)
        items = account.client.get("/api/auth/sessions").json()["items"]
        assert len(items) == 2 and sum(item["current"] for item in items) == 1
        assert set(items[0]) == {"id", "created_at", "last_used_at", "user_agent", "ip", "current"}
        assert items[0]["ip"] == "127.0.0.1" and "httpx" in items[0]["user_agent"]

    def test_ending_one_session_signs_that_device_out_at_once(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        account = create_account()
        laptop = new_client()
        login(laptop, account.email)
        laptop_session = next(s for s in laptop.get("/api/auth/sessions").json()["items"] if s["current"])
        response = account.client.delete(f"/api/auth/sessions/{laptop_session['id']}", headers=account.csrf())
        assert response.status_code == 204
        assert laptop.get("/api/auth/me").status_code == 401
        assert account.client.get("/api/auth/me").status_code == 200

    def test_someone_elses_session_is_not_found(self, create_account: Callable[..., Account]) -> None:
        alice, bob = create_account(), create_account()
        bobs_session = bob.client.get("/api/auth/sessions").json()["items"][0]["id"]
        response = alice.client.delete(f"/api/auth/sessions/{bobs_session}", headers=alice.csrf())
        assert response.status_code == 404
        assert bob.client.get("/api/auth/me").status_code == 200

    def test_revoke_all_signs_every_device_out(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        account = create_account()
        laptop = new_client()
        login(laptop, account.email)
        assert account.client.post("/api/auth/sessions/revoke-all", headers=account.csrf()).status_code == 204
        assert laptop.get("/api/auth/me").status_code == 401
        assert account.client.get("/api/auth/me").status_code == 401
        assert (
            laptop.post(
                "/api/auth/refresh", headers={"X-CSRF-Token": laptop.cookies["webox_csrf"]}
            ).status_code
            == 401
        )
