"""The account: settings, own provider keys (encrypted, masked, tested), export and deletion."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from webox.providers import service as providers_service
from webox.providers.models import ProviderKey

from tests.accounts import Account

KEY = "sk-test-0123456789abcdefghijklmnop9f2c"


def put_key(account: Account, vendor: str = "openai", key: str = KEY) -> Any:
    return account.client.put(f"/account/keys/{vendor}", json={"key": key}, headers=account.csrf())


def chat_turn(account: Account, content: str = "Bonjour, comment vas-tu ?") -> tuple[str, dict[str, Any]]:
    created = account.client.post("/conversations", json={"title": "Ma conversation"}, headers=account.csrf())
    conversation_id = created.json()["id"]
    response = account.client.post(
        f"/conversations/{conversation_id}/turns",
        json={"models": ["gpt-4o-mini"], "content": content, "verify": False},
        headers=account.csrf(),
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return conversation_id, result


class TestSettings:
    def test_defaults_then_a_partial_change(self, create_account: Callable[..., Account]) -> None:
        user = create_account(name="Camille")
        settings = user.client.get("/account/settings").json()
        assert settings["display_name"] == "Camille" and settings["email"] == user.email
        assert (settings["language"], settings["theme"], settings["cost_cap_micro_usd"]) == (
            "fr",
            "system",
            None,
        )

        response = user.client.patch(
            "/account/settings",
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
        again = user.client.get("/account/settings").json()
        assert again == response.json()
        assert (again["display_name"], again["language"], again["theme"]) == ("Camille D.", "en", "dark")
        assert again["default_params"] == {"temperature": 0.4, "max_tokens": 800, "system": None}
        assert again["notifications"]["usage_alerts"] is False and again["cost_cap_micro_usd"] == 50_000
        assert user.client.get("/auth/me").json()["language"] == "en"
        cleared = user.client.patch(
            "/account/settings", json={"cost_cap_micro_usd": None}, headers=user.csrf()
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
        response = user.client.patch("/account/settings", json=body, headers=user.csrf())
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
        listed = user.client.get("/account/keys").json()
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

        response = user.client.post("/account/keys/anthropic/test", headers=user.csrf())

        assert (
            response.status_code == 200 and response.json()["ok"] is True and response.json()["error"] is None
        )
        assert simulators["anthropic"].requests == before + 1
        assert simulators["anthropic"].last_body["max_tokens"] == 1
        item = user.client.get("/account/keys").json()["items"][0]
        assert item["last_test"]["ok"] is True and item["last_tested_at"]

    def test_a_refused_key_reports_why(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        put_key(user)
        simulators["openai"].faults.append("401")
        result = user.client.post("/account/keys/openai/test", headers=user.csrf()).json()
        assert result["ok"] is False and result["error"]["code"] and KEY not in json.dumps(result)

    def test_rotate_then_delete(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        put_key(user)
        user.client.post("/account/keys/openai/test", headers=user.csrf())
        rotated = put_key(user, key="sk-test-abcdefghijklmnopqrstuvwxyz1234")
        assert rotated.json()["masked"] == "sk-…1234" and rotated.json()["last_test"] is None
        assert user.client.delete("/account/keys/openai", headers=user.csrf()).status_code == 204
        assert user.client.get("/account/keys").json()["items"] == []
        assert user.client.delete("/account/keys/openai", headers=user.csrf()).status_code == 404

    def test_the_chat_uses_the_users_own_key_first(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        put_key(user)
        models = {m["id"]: m for m in user.client.get("/models").json()}
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
        assert user.client.post("/account/keys/openai/test", headers=user.csrf()).status_code == 404

    def test_a_short_key_is_422(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        assert put_key(user, key="short").status_code == 422

    def test_only_a_signed_in_session_manages_keys(self, api: Any) -> None:
        assert api.get("/account/keys").status_code == 401
