"""Share links over HTTP: creation, the owner's list, revocation, expiry, private links, statistics."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from webox.chat import conversations as chat_conversations
from webox.db import utcnow
from webox.share import repository as share_repository
from webox.share import service as share_service

from tests.accounts import Account


def share(account: Account, conversation_id: str, **body: Any) -> dict[str, Any]:
    response = account.client.post(
        "/api/share-links", json={"conversation_id": conversation_id, **body}, headers=account.csrf()
    )
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def open_link(client: httpx.Client, token: str, **params: str) -> httpx.Response:
    return client.get(f"/api/share-links/public/{token}", params=params)


def link(account: Account, link_id: str) -> dict[str, Any]:
    response = account.client.get(f"/api/share-links/{link_id}")
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


class TestCreate:
    def test_a_link_has_an_unguessable_token_stored_only_hashed_and_encrypted(
        self, create_account: Callable[..., Account], create_conversation: Callable[..., str]
    ) -> None:
        user = create_account()
        conversation_id = create_conversation(user, turns=0)
        created = share(user, conversation_id, expires_in_hours=24)
        token = created["token"]
        assert len(token) == 32 and created["url"].endswith(f"/s/{token}")
        assert created["id"] == hashlib.sha256(token.encode()).hexdigest()
        assert created["kind"] == "conversation" and created["target_id"] == conversation_id
        assert (
            created["visibility"] == "public" and created["revoked"] is False and created["expired"] is False
        )
        assert created["title"] == "Été à Paris : idées" and created["expires_at"]
        assert created["stats"] == {
            "views": 0,
            "unique_visitors": 0,
            "last_viewed_at": None,
            "referrers": {},
            "other_referrers": 0,
        }
        stored = share_repository.get(created["id"])
        assert stored is not None
        assert stored.token_sealed is not None and token.encode() not in stored.token_sealed
        assert token not in str(stored.serialize())

    def test_the_owner_lists_links_newest_first_and_can_copy_the_url_again(
        self, create_account: Callable[..., Account], create_conversation: Callable[..., str]
    ) -> None:
        user = create_account()
        first, second = create_conversation(user, turns=0), create_conversation(user, "Autre", turns=0)
        links = [share(user, first), share(user, second), share(user, first, visibility="private")]
        listed = user.client.get("/api/share-links").json()
        assert [item["id"] for item in listed["items"]] == [x["id"] for x in reversed(links)]
        assert [item["url"] for item in listed["items"]] == [x["url"] for x in reversed(links)]
        only_first = user.client.get("/api/share-links", params={"target_id": first}).json()["items"]
        assert [item["id"] for item in only_first] == [links[2]["id"], links[0]["id"]]
        page = user.client.get("/api/share-links", params={"limit": 2}).json()
        rest = user.client.get("/api/share-links", params={"limit": 2, "cursor": page["next_cursor"]}).json()
        assert [i["id"] for i in page["items"] + rest["items"]] == [x["id"] for x in reversed(links)]

    def test_only_the_owners_conversations_can_be_shared(
        self, create_account: Callable[..., Account], create_conversation: Callable[..., str]
    ) -> None:
        owner, intruder = create_account(), create_account()
        conversation_id = create_conversation(owner, turns=0)
        response = intruder.client.post(
            "/api/share-links", json={"conversation_id": conversation_id}, headers=intruder.csrf()
        )
        assert response.status_code == 404 and response.json()["code"] == "conversation_not_found"

    def test_bad_bodies_are_422(
        self, create_account: Callable[..., Account], create_conversation: Callable[..., str]
    ) -> None:
        user = create_account()
        conversation_id = create_conversation(user, turns=0)
        bad: list[dict[str, Any]] = [
            {"visibility": "secret"},
            {"allowed_emails": ["not-an-email"]},
            {"allowed_emails": [f"u{i}@example.com" for i in range(51)]},
            {"expires_in_hours": 0},
            {"unexpected": 1},
        ]
        bodies = [{}, *({"conversation_id": conversation_id, **body} for body in bad)]
        for body in bodies:
            response = user.client.post("/api/share-links", json=body, headers=user.csrf())
            assert response.status_code == 422 and response.json()["code"] == "validation_failed", body


class TestOpen:
    def test_a_public_link_shows_the_conversation_to_anyone_without_private_data(
        self,
        create_account: Callable[..., Account],
        create_conversation: Callable[..., str],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        user = create_account(name="Propriétaire Secret")
        conversation_id = create_conversation(user, turns=1)
        created = share(user, conversation_id)
        response = open_link(new_client(), created["token"])
        assert response.status_code == 200, response.text
        assert response.headers["x-robots-tag"].startswith("noindex")
        view = response.json()
        stored = chat_conversations.get_conversation(user.id, conversation_id)
        assert view["kind"] == "conversation" and view["title"] == stored.title
        [turn] = view["conversation"]["turns"]
        assert turn["content"] == stored.turns[0].content
        assert [(a["model"], a["text"]) for a in turn["answers"]] == [
            (a.model, a.text) for a in stored.turns[0].answers
        ]
        assert turn["verdict"]["fused_answer"] == stored.turns[0].verdict.fused_answer  # type: ignore[union-attr]
        raw = response.text
        for private in (user.email, user.id, conversation_id, "Propriétaire", '"cost"', created["id"]):
            assert private not in raw

    def test_unknown_and_malformed_tokens_are_404(self, anonymous: httpx.Client) -> None:
        for token in ("A" * 32, "short", "x" * 128):
            response = open_link(anonymous, token)
            assert response.status_code == 404 and response.json()["code"] == "link_not_found"

    def test_revocation_is_immediate(
        self,
        create_account: Callable[..., Account],
        create_conversation: Callable[..., str],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        user, visitor = create_account(), new_client()
        created = share(user, create_conversation(user, turns=0))
        assert open_link(visitor, created["token"]).status_code == 200
        assert user.client.delete(f"/api/share-links/{created['id']}", headers=user.csrf()).status_code == 204
        gone = open_link(visitor, created["token"])
        assert gone.status_code == 410 and gone.json()["code"] == "link_revoked"
        assert link(user, created["id"])["revoked"] is True
        change = user.client.patch(
            f"/api/share-links/{created['id']}", json={"expires_in_hours": 5}, headers=user.csrf()
        )
        assert change.status_code == 409 and change.json()["code"] == "link_revoked"
        assert user.client.delete(f"/api/share-links/{created['id']}", headers=user.csrf()).status_code == 204

    def test_an_expired_link_is_410_until_its_expiry_moves(
        self,
        create_account: Callable[..., Account],
        create_conversation: Callable[..., str],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        user, visitor = create_account(), new_client()
        created = share(user, create_conversation(user, turns=0), expires_in_hours=1)
        stored = share_repository.get(created["id"])
        assert stored is not None
        share_repository.update(stored, {"expires_at": utcnow() - timedelta(seconds=1)}, when=utcnow())
        expired = open_link(visitor, created["token"])
        assert expired.status_code == 410 and expired.json()["code"] == "link_expired"
        assert link(user, created["id"])["expired"] is True
        renewed = user.client.patch(
            f"/api/share-links/{created['id']}", json={"expires_in_hours": None}, headers=user.csrf()
        )
        assert renewed.status_code == 200 and renewed.json()["expires_at"] is None
        assert open_link(visitor, created["token"]).status_code == 200

    def test_a_private_link_opens_only_for_the_allowed_verified_accounts(
        self,
        create_account: Callable[..., Account],
        create_conversation: Callable[..., str],
        new_client: Callable[[], httpx.Client],
        verify_email: Callable[[Account], None],
    ) -> None:
        owner, friend, stranger = create_account(), create_account(), create_account()
        created = share(
            owner,
            create_conversation(owner, turns=0),
            visibility="private",
            allowed_emails=[friend.email.upper()],
        )
        assert created["allowed_emails"] == [friend.email]
        token = created["token"]
        assert open_link(friend.client, token).status_code == 404  # address not verified yet
        verify_email(friend)
        verify_email(stranger)
        assert open_link(friend.client, token).status_code == 200
        assert open_link(owner.client, token).status_code == 200
        for client in (stranger.client, new_client()):
            response = open_link(client, token)
            assert response.status_code == 404 and response.json()["code"] == "link_not_found"
        # Revoked or expired, a private link still says nothing to those it is not for.
        owner.client.delete(f"/api/share-links/{created['id']}", headers=owner.csrf())
        assert open_link(stranger.client, token).status_code == 404
        assert open_link(friend.client, token).status_code == 410

    def test_a_link_can_be_made_public_then_private_again(
        self,
        create_account: Callable[..., Account],
        create_conversation: Callable[..., str],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        user, visitor = create_account(), new_client()
        created = share(user, create_conversation(user, turns=0), visibility="private")
        assert open_link(visitor, created["token"]).status_code == 404
        path = f"/api/share-links/{created['id']}"
        assert user.client.patch(path, json={"visibility": "public"}, headers=user.csrf()).status_code == 200
        assert open_link(visitor, created["token"]).status_code == 200
        changed = user.client.patch(
            path, json={"visibility": "private", "allowed_emails": ["a@example.com"]}, headers=user.csrf()
        )
        assert changed.json()["visibility"] == "private" and changed.json()["allowed_emails"] == [
            "a@example.com"
        ]
        assert open_link(visitor, created["token"]).status_code == 404

    def test_a_deleted_conversation_is_no_longer_shown(
        self,
        create_account: Callable[..., Account],
        create_conversation: Callable[..., str],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        user = create_account()
        conversation_id = create_conversation(user, turns=0)
        created = share(user, conversation_id)
        user.client.delete(f"/api/conversations/{conversation_id}", headers=user.csrf())
        assert open_link(new_client(), created["token"]).status_code == 404


class TestStatistics:
    def test_views_unique_visitors_and_referring_domains(
        self,
        create_account: Callable[..., Account],
        create_conversation: Callable[..., str],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        owner, reader = create_account(), create_account()
        created = share(owner, create_conversation(owner, turns=0))
        token = created["token"]
        anonymous = new_client()
        anonymous.headers["User-Agent"] = "Navigateur/1.0"
        other_browser = new_client()
        other_browser.headers["User-Agent"] = "Autre/2.0"
        open_link(anonymous, token, ref="https://www.linkedin.com/feed/post?id=1")
        open_link(anonymous, token, ref="https://linkedin.com/")
        open_link(other_browser, token)
        other_browser.get(f"/api/share-links/public/{token}", headers={"Referer": "https://t.co/abc"})
        open_link(reader.client, token, ref="not a url")
        open_link(reader.client, token, ref=f"{owner.client.base_url}/s/{token}")  # WeBox itself
        open_link(owner.client, token)  # the owner's own views are not counted

        stats = link(owner, created["id"])["stats"]
        assert stats["views"] == 6
        assert stats["unique_visitors"] == 3
        assert stats["referrers"] == {"linkedin.com": 2, "t.co": 1}
        assert stats["last_viewed_at"] is not None

    def test_referring_domains_are_bounded(
        self, create_account: Callable[..., Account], create_conversation: Callable[..., str]
    ) -> None:
        owner = create_account()
        created = share(owner, create_conversation(owner, turns=0))
        for index in range(share_repository.MAX_REFERRERS + 2):
            share_repository.count_referrer(created["id"], f"site{index}.example")
        share_repository.count_referrer(created["id"], "site0.example")
        stats = link(owner, created["id"])["stats"]
        assert len(stats["referrers"]) == share_repository.MAX_REFERRERS
        assert stats["referrers"]["site0.example"] == 2 and stats["other_referrers"] == 2


class TestOwnership:
    def test_another_users_link_is_404_everywhere(
        self, create_account: Callable[..., Account], create_conversation: Callable[..., str]
    ) -> None:
        owner, intruder = create_account(), create_account()
        created = share(owner, create_conversation(owner, turns=0))
        path = f"/api/share-links/{created['id']}"
        checks = [
            intruder.client.get(path),
            intruder.client.patch(path, json={"visibility": "private"}, headers=intruder.csrf()),
            intruder.client.delete(path, headers=intruder.csrf()),
        ]
        assert [r.status_code for r in checks] == [404, 404, 404]
        assert all(r.json()["code"] == "link_not_found" for r in checks)
        assert intruder.client.get("/api/share-links").json()["items"] == []
        assert link(owner, created["id"])["revoked"] is False

    def test_signed_out_callers_get_401(self, anonymous: httpx.Client) -> None:
        assert anonymous.get("/api/share-links").status_code == 401
        assert anonymous.post("/api/share-links", json={"conversation_id": "a" * 32}).status_code == 401
        assert anonymous.get(f"/api/exports/conversations/{'a' * 32}").status_code == 401


class TestCaps:
    def test_a_user_has_a_bounded_number_of_links(
        self,
        create_account: Callable[..., Account],
        create_conversation: Callable[..., str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        monkeypatch.setattr(share_service, "MAX_LINKS", 2)
        user, other = create_account(), create_account()
        conversation_id = create_conversation(user)
        share(user, conversation_id)
        share(user, conversation_id)
        refused = user.client.post(
            "/api/share-links", json={"conversation_id": conversation_id}, headers=user.csrf()
        )
        assert refused.status_code == 409 and refused.json()["code"] == "too_many_links"
        assert refused.json()["limit"] == 2
        # Another account is not held back.
        share(other, create_conversation(other))


class TestKms:
    def test_listing_many_links_decrypts_once(
        self,
        create_account: Callable[..., Account],
        create_conversation: Callable[..., str],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        user = create_account()
        conversation_id = create_conversation(user, turns=0)
        links = [share(user, conversation_id) for _ in range(5)]
        # Given the KMS client counted…
        calls: list[str] = []
        real_client = share_repository.client

        def counting(service: str) -> Any:
            kms = real_client(service)
            if service != "kms":
                return kms

            class Counted:
                def __getattr__(self, name: str) -> Any:
                    calls.append(name)
                    return getattr(kms, name)

            return Counted()

        monkeypatch.setattr(share_repository, "client", counting)
        # …a page of five links makes one decrypt, and every URL still opens its link.
        listed = user.client.get("/api/share-links").json()["items"]
        assert calls == ["decrypt"]
        assert sorted(item["url"] for item in listed) == sorted(link["url"] for link in links)

    def test_a_link_made_before_data_keys_still_lists(
        self, create_account: Callable[..., Account], create_conversation: Callable[..., str]
    ) -> None:
        user = create_account()
        link = share(user, create_conversation(user, turns=0))
        # Given a link stored as before: its token KMS-encrypted on its own, nothing sealed.
        from webox.aws import client
        from webox.config import kms_alias

        stored = share_repository.get(link["id"])
        assert stored is not None
        context = {"purpose": "share-link", "link_id": stored.link_id, "owner_id": stored.owner_id}
        blob = client("kms").encrypt(
            KeyId=kms_alias(), Plaintext=link["token"].encode(), EncryptionContext=context
        )
        stored.update(
            actions=[
                type(stored).token_ciphertext.set(bytes(blob["CiphertextBlob"])),
                type(stored).token_sealed.remove(),
            ]
        )
        listed = user.client.get("/api/share-links").json()["items"]
        assert [item["url"] for item in listed] == [link["url"]]
