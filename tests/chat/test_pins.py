"""Pinned conversations over HTTP: listed first (a page of their own), the others apart, 404 for another user's."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from webox.chat import conversations

from tests.accounts import Account
from tests.chat.test_api import new_conversation


def titles(account: Account, **params: object) -> list[str]:
    response = account.client.get("/api/conversations", params=params)
    assert response.status_code == 200, response.text
    return [c["title"] for c in response.json()["items"]]


class TestPins:
    def test_pinned_conversations_are_listed_apart_and_the_others_without_them(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        ids = {title: new_conversation(user, title) for title in ("Un", "Deux", "Trois")}

        pinned = user.client.put(f"/api/conversations/{ids['Un']}/pin", headers=user.csrf())

        assert pinned.status_code == 200 and pinned.json()["pinned"] is True
        assert titles(user, pinned="true") == ["Un"]
        assert titles(user, pinned="false") == ["Trois", "Deux"]
        everything = user.client.get("/api/conversations").json()["items"]
        assert [(c["title"], c["pinned"]) for c in everything] == [
            ("Trois", False),
            ("Deux", False),
            ("Un", True),
        ]
        assert titles(user, pinned="true", q="deux") == []

        unpinned = user.client.delete(f"/api/conversations/{ids['Un']}/pin", headers=user.csrf())

        assert unpinned.status_code == 200 and unpinned.json()["pinned"] is False
        assert titles(user, pinned="true") == []
        assert titles(user, pinned="false") == ["Trois", "Deux", "Un"]

    def test_pinning_twice_is_harmless_and_a_deleted_conversation_leaves_the_pins(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user, "Épinglée")
        for _ in range(2):
            assert (
                user.client.put(f"/api/conversations/{conversation_id}/pin", headers=user.csrf()).status_code
                == 200
            )
        assert titles(user, pinned="true") == ["Épinglée"]

        user.client.delete(f"/api/conversations/{conversation_id}", headers=user.csrf())

        assert titles(user, pinned="true") == []

    def test_pins_are_capped(
        self, create_account: Callable[..., Account], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        user = create_account()
        monkeypatch.setattr(conversations, "MAX_PINS", 1)
        first, second = new_conversation(user), new_conversation(user)
        user.client.put(f"/api/conversations/{first}/pin", headers=user.csrf())
        refused = user.client.put(f"/api/conversations/{second}/pin", headers=user.csrf())
        assert refused.status_code == 409 and refused.json()["code"] == "too_many_pins"

    def test_another_users_conversation_cannot_be_pinned(
        self, create_account: Callable[..., Account]
    ) -> None:
        owner, intruder = create_account(), create_account()
        conversation_id = new_conversation(owner)
        for response in (
            intruder.client.put(f"/api/conversations/{conversation_id}/pin", headers=intruder.csrf()),
            intruder.client.delete(f"/api/conversations/{conversation_id}/pin", headers=intruder.csrf()),
        ):
            assert response.status_code == 404 and response.json()["code"] == "conversation_not_found"
        assert titles(owner, pinned="true") == [] and titles(intruder, pinned="true") == []
