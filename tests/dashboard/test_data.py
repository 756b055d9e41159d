"""Downloading all my data, and deleting my account with every item and file it had: both on the task
engine, one step per feature."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import httpx
import pyotp
import pytest
from webox import manifest, storage
from webox.account import jobs
from webox.account import repository as account_repository
from webox.auth import repository as auth_repository
from webox.aws import client
from webox.chat.models import ChatItem
from webox.config import get_settings
from webox.prompts.models import PromptVersion
from webox.prompts.repository import version_key
from webox.share.models import Visit
from webox.tasks import engine
from webox.tasks import repository as tasks_repository
from webox.tasks.jobs import Advance
from webox.tasks.models import Task
from webox.usage.models import UsageDaily

from tests.accounts import (
    PASSWORD,
    Account,
    delete_account,
    deletion_tasks,
    export_account,
    login,
    wait_deleted,
)
from tests.prompts.conftest import PROMPT
from tests.tasks.conftest import wait_status

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


def traces(user_id: str) -> list[str]:
    """Every item of every table and every S3 key that still holds the user's id, but the deletion
    task's own record (under the deletion owner): a table or bucket nobody thought of is covered too."""
    prefix = get_settings().resource_prefix
    dynamodb = client("dynamodb")
    found = []
    for table in dynamodb.list_tables(Limit=100)["TableNames"]:
        if not table.startswith(prefix):
            continue
        for page in dynamodb.get_paginator("scan").paginate(TableName=table):
            for item in page["Items"]:
                text = json.dumps(item, default=str)
                if user_id in text and jobs.DELETION_OWNER not in text:
                    found.append(f"{table}: {text[:200]}")
    for logical in manifest.BUCKETS:
        found += [f"s3:{logical}/{key}" for key in storage.list_keys(logical, "") if user_id in key]
    return found


class Hooks:
    """Features' user-data hooks wrapped in this process (the engine's worker runs here): each call
    counted, and a crash (after the hook did its work) armed once."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.monkeypatch = monkeypatch
        self.calls: dict[str, int] = {}
        self.crash_once: set[str] = set()

    def wrap(self, path: str) -> None:
        module_name, _, name = path.partition(":")
        module = __import__(module_name, fromlist=[name])
        original = getattr(module, name)

        def hook(user_id: str) -> Any:
            self.calls[path] = self.calls.get(path, 0) + 1
            result = original(user_id)
            if path in self.crash_once:
                self.crash_once.discard(path)
                raise RuntimeError("worker killed mid-step")
            return result

        self.monkeypatch.setattr(module, name, hook)


@pytest.fixture
def hooks(monkeypatch: pytest.MonkeyPatch) -> Iterator[Hooks]:
    yield Hooks(monkeypatch)


CHAT_DELETE = "webox.chat.user_data:delete_user_data"
BILLING_DELETE = "webox.billing.service:delete_user_data"
CHAT_EXPORT = "webox.chat.user_data:export_user_data"
USAGE_EXPORT = "webox.usage.service:export_user_data"


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
        others_before = traces(other.id)

        # When the user deletes their account with their password
        response = user.client.post("/api/account/delete", json={"password": PASSWORD}, headers=user.csrf())

        # Then the account is unusable at once: signed out, no sign-in, its API tokens gone
        assert response.status_code == 202, response.text
        assert user.client.get("/api/account/settings").status_code == 401
        assert login(user.client, user.email).status_code == 401
        assert auth_repository.list_api_tokens(user.id) == []
        # and once its task is done nothing of it is left, in any table or bucket
        task = wait_deleted(user.id)
        assert remaining(user.id, conversation_id) == {}
        assert traces(user.id) == [], "\n".join(traces(user.id))
        # (a first step adds one step per feature's hook, then the sweep, then the user item, in a chain)
        steps = [step["id"] for step in task.plan]
        assert steps[:2] == ["plan", "f-billing"] and steps[-4:] == ["settings", "tables", "files", "user"]
        assert all(step["after"] == [before] for before, step in zip(steps, task.plan[1:], strict=False))
        assert {"f-chat", "f-media", "f-usage"} <= set(steps) and "f-realtime" not in steps
        # and the other user still has everything
        assert set(remaining(other.id, kept)) >= {
            "chat_items",
            "files",
            "users",
            "identity",
            "prompt_versions",
            "share_visits",
        }
        assert sorted(traces(other.id)) == sorted(others_before)
        assert len(other.client.get("/api/timeline").json()["items"]) == 1

    def test_a_crash_mid_deletion_resumes_that_step_only_and_each_hook_finishes_once(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any], hooks: Hooks
    ) -> None:
        user = create_account()
        _emails[user.id] = user.email
        conversation_id = fill(user, record_usage)
        for path in (BILLING_DELETE, CHAT_DELETE):
            hooks.wrap(path)
        hooks.crash_once.add(CHAT_DELETE)

        response = delete_account(user)

        # The chat step crashed after its hook and was delivered again; billing's, before it, ran once
        assert response.status_code == 202, response.text
        assert hooks.calls == {BILLING_DELETE: 1, CHAT_DELETE: 2}
        assert remaining(user.id, conversation_id) == {} and traces(user.id) == []
        # A late repeat of a finished step (as SQS may deliver one to the account worker) calls nobody again
        (task,) = deletion_tasks(user.id)
        engine.advance(
            Advance(user_id=jobs.DELETION_OWNER, task_id=task.task_id, step_id="f-billing", run=1, attempt=1),
            queue=jobs.QUEUE,
        )
        assert hooks.calls == {BILLING_DELETE: 1, CHAT_DELETE: 2}

    def test_a_deletion_step_in_a_users_own_task_deletes_nothing(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any]
    ) -> None:
        """Locally every kind is registered in one process, so the tasks API accepts the kind: the step
        still refuses, since only the deletion owner's tasks may name the account to delete."""
        attacker, victim = create_account(), create_account()
        _emails[victim.id] = victim.email
        conversation_id = fill(victim, record_usage)
        before = remaining(victim.id, conversation_id)
        for kind, part in ((jobs.DELETE_PART, {"part": "user"}), (jobs.DELETE_PLAN, {})):
            plan = [{"id": "user", "kind": kind, "input": {**part, "user_id": victim.id}}]
            started = attacker.client.post("/api/tasks", json={"plan": plan}, headers=attacker.csrf())
            if started.status_code == 201:
                done = wait_status(attacker, started.json()["task_id"])
                assert done["status"] == "failed" and done["error"]["code"] == "account.not_a_deletion"
            else:
                assert started.status_code == 422
        assert remaining(victim.id, conversation_id) == before

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
        assert deletion_tasks(user.id) == []
        assert user.client.get("/api/account/settings").status_code == 200

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

        response = delete_account(user, code=pyotp.TOTP(secret).now())
        assert response.status_code == 202 and auth_repository.get_user(user.id) is None


class TestExport:
    def test_a_zip_of_every_feature_and_the_files(
        self,
        create_account: Callable[..., Account],
        record_usage: Callable[..., Any],
        outbox: Callable[[], list[dict[str, str]]],
    ) -> None:
        user = create_account()
        conversation_id = fill(user, record_usage)

        task, archive = export_account(user)

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
        # One step per part (the account, each feature with export hooks, the tables, each bucket),
        # side by side, then the archive; the owner is told by e-mail
        steps = {step["step_id"]: step for step in task["steps"]}
        assert {"account", "f-chat", "f-usage", "f-media", "tables", "b-files", "archive"} <= set(steps)
        assert all(
            step["after"] == ["plan"] for step in task["plan"] if step["id"] not in ("plan", "archive")
        )
        assert steps["archive"]["output"]["entries"] == len(names)
        mails = [m for m in outbox() if m["to"] == user.email and "/settings/profile#export" in m["text"]]
        assert len(mails) == 1

    def test_only_my_own_data(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any]
    ) -> None:
        owner, other = create_account(), create_account()
        fill(owner, record_usage)
        _task, archive = export_account(other)
        assert json.loads(archive.read("chat.json")) == []
        assert not [n for n in archive.namelist() if n.startswith("files/")]

    def test_a_crash_mid_export_replays_that_part_only(
        self, create_account: Callable[..., Account], record_usage: Callable[..., Any], hooks: Hooks
    ) -> None:
        user = create_account()
        conversation_id = fill(user, record_usage)
        for path in (CHAT_EXPORT, USAGE_EXPORT):
            hooks.wrap(path)
        hooks.crash_once.add(CHAT_EXPORT)

        _task, archive = export_account(user)

        assert hooks.calls == {CHAT_EXPORT: 2, USAGE_EXPORT: 1}
        assert json.loads(archive.read("chat.json"))[0]["id"] == conversation_id

    def test_another_users_export_is_not_found_and_an_unfinished_one_not_ready(
        self, create_account: Callable[..., Account]
    ) -> None:
        owner, other = create_account(), create_account()
        task, _archive = export_account(owner)
        stolen = other.client.get(f"/api/account/exports/{task['task_id']}/download")
        assert stolen.status_code == 404 and stolen.json()["code"] == "account.export_not_found"
        # A task of another kind is no export either
        plan = [{"id": "a", "kind": "noop"}]
        noop = other.client.post("/api/tasks", json={"plan": plan}, headers=other.csrf()).json()
        response = other.client.get(f"/api/account/exports/{noop['task_id']}/download")
        assert response.status_code == 404
        # An export still running
        started = other.client.post("/api/account/exports", headers=other.csrf()).json()
        wait_status(other, started["task_id"])
        item = tasks_repository.find(other.id, started["task_id"])
        assert item is not None
        tasks_repository.change(item, Task.status.set("running"))
        early = other.client.get(f"/api/account/exports/{started['task_id']}/download")
        assert early.status_code == 409 and early.json()["code"] == "account.export_not_ready"
