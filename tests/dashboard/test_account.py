"""The account: settings, own provider keys (encrypted, masked, tested), export and deletion."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from webox.auth import repository as auth_repository
from webox.catalog import repository as catalog_repository
from webox.prompts import repository as prompts_repository
from webox.providers import service as providers_service
from webox.providers.models import ProviderKey

from tests.accounts import Account, delete_account
from tests.auth.conftest import oauth_provider  # noqa: F401 - the fake Google a test here signs in with
from tests.auth.test_oauth import sign_in
from tests.prompts.conftest import PROMPT

KEY = "sk-test-0123456789abcdefghijklmnop9f2c"


def put_key(account: Account, vendor: str = "openai", key: str = KEY) -> Any:
    return account.client.put(f"/api/account/keys/{vendor}", json={"key": key}, headers=account.csrf())


def chat_turn(account: Account, content: str = "Bonjour, comment vas-tu ?") -> tuple[str, dict[str, Any]]:
    created = account.client.post(
        "/api/conversations", json={"title": "Ma conversation"}, headers=account.csrf()
    )
    conversation_id = created.json()["id"]
    response = account.client.post(
        f"/api/conversations/{conversation_id}/turns",
        json={"models": ["gpt-4o-mini"], "content": content, "verify": False},
        headers=account.csrf(),
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return conversation_id, result


class TestSettings:
    def test_defaults_then_a_partial_change(self, create_account: Callable[..., Account]) -> None:
        user = create_account(name="Camille")
        settings = user.client.get("/api/account/settings").json()
        assert settings["display_name"] == "Camille" and settings["email"] == user.email
        assert (settings["language"], settings["theme"], settings["cost_cap_micro_usd"]) == (
            "fr",
            "system",
            None,
        )

        response = user.client.patch(
            "/api/account/settings",
            json={
                "display_name": "Camille D.",
                "language": "en",
                "theme": "dark",
                "default_models": ["gpt-4o-mini", "claude-haiku-4-5"],
                "default_params": {"temperature": 0.4, "max_tokens": 800},
                "notifications": {"product_news": True, "usage_alerts": False, "job_done": True},
                "cost_cap_micro_usd": 50_000,
            },
            headers=user.csrf(),
        )

        assert response.status_code == 200, response.text
        again = user.client.get("/api/account/settings").json()
        assert again == response.json()
        assert (again["display_name"], again["language"], again["theme"]) == ("Camille D.", "en", "dark")
        assert again["default_params"] == {"temperature": 0.4, "max_tokens": 800, "system": None}
        assert again["notifications"]["usage_alerts"] is False and again["cost_cap_micro_usd"] == 50_000
        assert user.client.get("/api/auth/me").json()["language"] == "en"
        cleared = user.client.patch(
            "/api/account/settings", json={"cost_cap_micro_usd": None}, headers=user.csrf()
        )
        assert cleared.json()["cost_cap_micro_usd"] is None and cleared.json()["theme"] == "dark"

    @pytest.mark.parametrize(
        "body",
        [
            {"language": "de"},
            {"theme": "blue"},
            {"default_models": ["no-such-model"]},
            {"cost_cap_micro_usd": -5},
            {"display_name": ""},
            {"surprise": True},
        ],
    )
    def test_bad_values_are_422(self, create_account: Callable[..., Account], body: dict[str, Any]) -> None:
        user = create_account()
        response = user.client.patch("/api/account/settings", json=body, headers=user.csrf())
        assert response.status_code == 422 and response.headers["content-type"] == "application/problem+json"


class TestProviderKeys:
    def test_stored_encrypted_and_only_ever_shown_masked(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        response = put_key(user)
        assert response.status_code == 200, response.text
        assert response.json()["masked"] == "sk-…9f2c" and KEY not in response.text

        stored = ProviderKey.get(user.id, "openai")
        assert KEY.encode() not in bytes(stored.ciphertext) and stored.masked == "sk-…9f2c"
        listed = user.client.get("/api/account/keys").json()
        assert [(k["vendor"], k["masked"], k["last_test"]) for k in listed["items"]] == [
            ("openai", "sk-…9f2c", None)
        ]
        assert KEY not in json.dumps(listed)
        assert {"openai", "anthropic", "mistral", "google"} <= {v["vendor"] for v in listed["vendors"]}
        assert "ollama" not in {v["vendor"] for v in listed["vendors"]}

    def test_a_key_is_tested_with_a_real_call_to_the_vendor(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        put_key(user, "anthropic", "sk-ant-0123456789abcdefghij")
        before = simulators["anthropic"].requests

        response = user.client.post("/api/account/keys/anthropic/test", headers=user.csrf())

        assert (
            response.status_code == 200 and response.json()["ok"] is True and response.json()["error"] is None
        )
        assert simulators["anthropic"].requests == before + 1
        assert simulators["anthropic"].last_body["max_tokens"] == 1
        item = user.client.get("/api/account/keys").json()["items"][0]
        assert item["last_test"]["ok"] is True and item["last_tested_at"]

    def test_a_refused_key_reports_why(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        put_key(user)
        simulators["openai"].faults.append("401")
        result = user.client.post("/api/account/keys/openai/test", headers=user.csrf()).json()
        assert result["ok"] is False and result["error"]["code"] and KEY not in json.dumps(result)

    def test_rotate_then_delete(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        put_key(user)
        user.client.post("/api/account/keys/openai/test", headers=user.csrf())
        rotated = put_key(user, key="sk-test-abcdefghijklmnopqrstuvwxyz1234")
        assert rotated.json()["masked"] == "sk-…1234" and rotated.json()["last_test"] is None
        assert user.client.delete("/api/account/keys/openai", headers=user.csrf()).status_code == 204
        assert user.client.get("/api/account/keys").json()["items"] == []
        assert user.client.delete("/api/account/keys/openai", headers=user.csrf()).status_code == 404

    def test_the_chat_uses_the_users_own_key_first(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        put_key(user)
        models = {m["id"]: m for m in user.client.get("/api/models").json()}
        assert models["gpt-4o-mini"]["key_source"] == "user"
        assert models["claude-haiku-4-5"]["key_source"] != "user"
        # What a chat branch resolves for this user: their key, decrypted, for the vendor's real API.
        credentials = providers_service.resolve_credentials("openai", user.id)
        assert credentials.source == "user" and credentials.api_key.get_secret_value() == KEY
        assert providers_service.resolve_credentials("openai", None).source == "simulated"

    def test_unknown_or_keyless_vendor_is_404(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        assert put_key(user, "nobody").status_code == 404
        assert put_key(user, "ollama").status_code == 404
        assert user.client.post("/api/account/keys/openai/test", headers=user.csrf()).status_code == 404

    def test_a_short_key_is_422(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        assert put_key(user, key="short").status_code == 422

    def test_only_a_signed_in_session_manages_keys(self, api: Any) -> None:
        assert api.get("/api/account/keys").status_code == 401


class TestDeletionOfItemsKeyedOtherwise:
    """Reviews, votes, reports and sign-in identities are keyed by tool, prompt or provider subject,
    not by user: deleting the account must find and delete them too, and fix the aggregates."""

    @pytest.mark.usefixtures("oauth_provider")
    def test_reviews_votes_reports_and_provider_identities_go(
        self,
        create_account: Callable[..., Account],
        new_client: Callable[[], httpx.Client],
        outbox: Callable[[], list[dict[str, str]]],
    ) -> None:
        # Given a user whose verified e-mail is linked to a Google sign-in
        user, other, author = create_account(), create_account(), create_account(name="Autrice")
        [mail] = [m for m in outbox() if m["to"] == user.email]
        match = re.search(r"token=([\w-]+)", mail["text"])
        assert match
        assert user.client.post("/api/auth/email/verify", json={"token": match.group(1)}).status_code < 300
        browser = new_client()
        sign_in(browser, "google", user.email)
        assert browser.get("/api/auth/me").json()["id"] == user.id
        keys = auth_repository.identity_keys(user.id)
        assert any(key.startswith("google:") for key in keys) and f"email:{user.email}" in keys
        # who reviewed a tool, as did another user,
        for account, stars in ((user, 1), (other, 5)):
            response = account.client.put(
                "/api/catalog/tools/deepl/reviews/mine", json={"stars": stars}, headers=account.csrf()
            )
            assert response.status_code in (200, 201), response.text
        assert other.client.get("/api/catalog/tools/deepl").json()["rating"] == {"average": 3.0, "count": 2}
        # and rated and reported another user's published prompt, as did another user
        prompt_id = author.client.post("/api/prompts", json=PROMPT, headers=author.csrf()).json()["id"]
        published = author.client.post(f"/api/prompts/{prompt_id}/publish", headers=author.csrf())
        assert published.status_code == 200, published.text
        for account, stars in ((user, 1), (other, 4)):
            rated = account.client.post(
                f"/api/prompts/{prompt_id}/rate", json={"stars": stars}, headers=account.csrf()
            )
            assert rated.status_code == 200, rated.text
            reported = account.client.post(
                f"/api/prompts/{prompt_id}/report", json={"reason": "spam"}, headers=account.csrf()
            )
            assert reported.status_code < 300, reported.text
        assert (float(prompts_repository.get_entry(prompt_id).rating_avg), 2) == (2.5, 2)  # type: ignore[union-attr]
        # and rated and reported a prompt its author has since taken off the marketplace
        hidden_id = author.client.post("/api/prompts", json=PROMPT, headers=author.csrf()).json()["id"]
        assert (
            author.client.post(f"/api/prompts/{hidden_id}/publish", headers=author.csrf()).status_code == 200
        )
        assert (
            user.client.post(
                f"/api/prompts/{hidden_id}/rate", json={"stars": 2}, headers=user.csrf()
            ).status_code
            == 200
        )
        user.client.post(f"/api/prompts/{hidden_id}/report", json={"reason": "spam"}, headers=user.csrf())
        assert (
            author.client.post(f"/api/prompts/{hidden_id}/unpublish", headers=author.csrf()).status_code
            == 200
        )
        assert {r.prompt_id for r in prompts_repository.reports_by(user.id)} == {prompt_id, hidden_id}

        # When the user deletes their account with their password
        response = delete_account(user)
        assert response.status_code == 202, response.text

        # Then their review, vote, report and identities are gone and the aggregates forget them
        assert catalog_repository.get_review("deepl", user.id) is None
        assert other.client.get("/api/catalog/tools/deepl").json()["rating"] == {"average": 5.0, "count": 1}
        assert prompts_repository.get_vote(prompt_id, user.id) is None
        assert prompts_repository.get_vote(hidden_id, user.id) is None  # listed or not
        assert prompts_repository.reports_by(user.id) == []
        entry = prompts_repository.get_entry(prompt_id)
        assert entry is not None
        assert (int(entry.rating_sum), int(entry.rating_count), float(entry.rating_avg)) == (4, 1, 4.0)
        assert entry.rating_key == prompts_repository.rating_key(4.0, 1)
        assert auth_repository.identity_keys(user.id) == []
        assert all(auth_repository.user_id_for(key) is None for key in keys)
        signed_in_again = new_client()
        sign_in(signed_in_again, "google", user.email)
        assert signed_in_again.get("/api/auth/me").json()["id"] != user.id  # a new account, not the old one
        # and the other users' review, vote and report are untouched
        kept = catalog_repository.get_review("deepl", other.id)
        assert kept is not None and int(kept.stars) == 5
        vote = prompts_repository.get_vote(prompt_id, other.id)
        assert vote is not None and int(vote.stars) == 4
        assert [r.prompt_id for r in prompts_repository.reports_by(other.id)] == [prompt_id]
        assert len(auth_repository.identity_keys(other.id)) == 1
