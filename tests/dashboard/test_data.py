"""Downloading all my data, and deleting my account with every item and file it had."""

from __future__ import annotations

import io
import json
import time
import zipfile
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pyotp
from webox import storage
from webox.account import repository as account_repository
from webox.auth import repository as auth_repository
from webox.chat.models import ChatItem
from webox.prompts.models import PromptVersion
from webox.prompts.repository import version_key
from webox.share.models import Visit
from webox.usage.models import UsageDaily

from tests.accounts import PASSWORD, Account, login
from tests.prompts.conftest import PROMPT

KEY = "sk-test-0123456789abcdefghijklmnop9f2c"


def fill(account: Account, record_usage: Callable[..., Any]) -> str:
    """Give an account data in many features; returns its conversation id."""
    headers = account.csrf()
    conversation_id = account.client.post(
        "/api/conversations", json={"title": "Mes vacances"}, headers=headers
    ).json()["id"]
    turn = account.client.post(
        f"/api/conversations/{conversation_id}/turns",
        json={"models": ["gpt-4o-mini"], "content": "Où partir en juin ?", "verify": False},
        headers=headers,
    )
    assert turn.status_code == 200, turn.text
    assert (
        account.client.put("/api/account/keys/openai", json={"key": KEY}, headers=headers).status_code == 200
    )
    assert (
        account.client.patch("/api/account/settings", json={"theme": "dark"}, headers=headers).status_code
        == 200
    )
    assert (
        account.client.post(
            "/api/auth/tokens",
            json={"name": "cli", "scopes": ["read"], "password": account.password},
            headers=headers,
        ).status_code
        == 201
    )
    storage.put(
        "files", f"chat/{account.id}/{conversation_id}/00001/long.md", b"# Long answer", "text/markdown"
    )
    prompt = account.client.post("/api/prompts", json=PROMPT, headers=headers)
    assert prompt.status_code == 201, prompt.text
    link = account.client.post("/api/share-links", json={"conversation_id": conversation_id}, headers=headers)
    assert link.status_code == 201, link.text
    token = link.json()["url"].rstrip("/").rsplit("/", 1)[-1]
    assert httpx.get(f"{account.client.base_url}/api/share-links/public/{token}").status_code == 200
    _things[account.id] = (prompt.json()["id"], link.json()["id"])
    record_usage(account.id, 0, cost=0.01)
    return str(conversation_id)


def remaining(user_id: str, conversation_id: str) -> dict[str, int]:
    """What is left of a user anywhere we can look by key: every user-keyed table, chat items, files."""
    left = {
        str(model.Meta.table_name): len(account_repository.user_items(query, user_id))
        for model, query in account_repository.user_tables()
    }
    left["chat_items"] = len(list(ChatItem.query(f"{user_id}#{conversation_id}"))) + len(
        list(ChatItem.query(f"{user_id}#requests"))
    )
    today = datetime.now(UTC).strftime("%Y-%m-%d")
    left["usage_by_user"] = len(list(UsageDaily.query("*users", UsageDaily.sk == f"{today}#{user_id}")))
    prompt_id, link_id = _things[user_id]
    left["prompt_versions"] = len(list(PromptVersion.query(version_key(user_id, prompt_id))))
    left["share_visits"] = len(list(Visit.query(link_id)))
    left["files"] = sum(len(keys) for keys in account_repository.user_object_keys(user_id).values())
    left["users"] = int(auth_repository.get_user(user_id) is not None)
    left["identity"] = int(auth_repository.user_id_for(f"email:{_email(user_id)}") is not None)
    return {name: count for name, count in left.items() if count}


_emails: dict[str, str] = {}
_things: dict[str, tuple[str, str]] = {}


def _email(user_id: str) -> str:
    return _emails[user_id]


class TestDeletion:
    def test_every_item_and_file_goes_and_nothing_of_others(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any]
    ) -> None:
        # Given two users with data everywhere
        user, other = create_account(), create_account()
        _emails.update({user.id: user.email, other.id: other.email})
        conversation_id, kept = fill(user, record_usage), fill(other, record_usage)
        assert set(remaining(user.id, conversation_id)) >= {
            "chat_items",
            "files",
            "users",
            "identity",
            "prompt_versions",
            "share_visits",
        }

        # When the user deletes their account with their password
        response = user.client.post("/api/account/delete", json={"password": PASSWORD}, headers=user.csrf())

        # Then nothing of theirs is left, they are signed out and cannot sign in again
        assert response.status_code == 202, response.text
        assert remaining(user.id, conversation_id) == {}
        assert user.client.get("/api/account/settings").status_code == 401
        assert login(user.client, user.email).status_code == 401
        # and the other user still has everything
        assert set(remaining(other.id, kept)) >= {
            "chat_items",
            "files",
            "users",
            "identity",
            "prompt_versions",
            "share_visits",
        }
        assert len(other.client.get("/api/timeline").json()["items"]) == 1

    def test_a_wrong_password_deletes_nothing(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any]
    ) -> None:
        user = create_account()
        _emails[user.id] = user.email
        conversation_id = fill(user, record_usage)
        before = remaining(user.id, conversation_id)
        response = user.client.post(
            "/api/account/delete", json={"password": "not my password"}, headers=user.csrf()
        )
        assert response.status_code == 403 and response.json()["code"] == "wrong_password"
        assert remaining(user.id, conversation_id) == before

    def test_with_two_factor_on_a_code_is_needed(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        secret = user.client.post(
            "/api/auth/2fa/setup", json={"password": user.password}, headers=user.csrf()
        ).json()["secret"]
        code = pyotp.TOTP(secret).at(time.time() - 30)
        assert (
            user.client.post("/api/auth/2fa/enable", json={"code": code}, headers=user.csrf()).status_code
            == 200
        )

        without = user.client.post("/api/account/delete", json={"password": PASSWORD}, headers=user.csrf())
        assert without.status_code == 401 and without.json()["code"] == "invalid_code"
        assert auth_repository.get_user(user.id) is not None

        now = pyotp.TOTP(secret).now()
        response = user.client.post(
            "/api/account/delete", json={"password": PASSWORD, "code": now}, headers=user.csrf()
        )
        assert response.status_code == 202 and auth_repository.get_user(user.id) is None


class TestExport:
    def test_a_zip_of_every_feature_and_the_files(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any]
    ) -> None:
        user = create_account()
        conversation_id = fill(user, record_usage)

        response = user.client.get("/api/account/export")

        assert response.status_code == 200 and response.headers["content-type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        names = set(archive.namelist())
        assert {
            "account.json",
            "settings.json",
            "chat.json",
            "usage.json",
            "billing.json",
            "provider_keys.json",
        } <= names
        assert json.loads(archive.read("account.json"))["email"] == user.email
        conversations = json.loads(archive.read("chat.json"))
        assert conversations[0]["id"] == conversation_id
        assert conversations[0]["turns"][0]["content"] == "Où partir en juin ?"
        assert conversations[0]["turns"][0]["answers"][0]["text"]
        assert json.loads(archive.read("settings.json"))["theme"] == "dark"
        assert archive.read(f"files/files/chat/{user.id}/{conversation_id}/00001/long.md") == b"# Long answer"
        assert "tables/sessions.json" in names and "tables/usage_records.json" in names
        everything = b"".join(archive.read(name) for name in names)
        assert (
            KEY.encode() not in everything
            and b"ciphertext" not in everything
            and b"secret_hash" not in everything
        )

    def test_only_my_own_data(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any]
    ) -> None:
        owner, other = create_account(), create_account()
        fill(owner, record_usage)
        archive = zipfile.ZipFile(io.BytesIO(other.client.get("/api/account/export").content))
        assert json.loads(archive.read("chat.json")) == []
        assert not [n for n in archive.namelist() if n.startswith("files/")]
