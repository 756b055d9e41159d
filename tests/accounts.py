"""Accounts for tests: registered and signed in through the API, as a user would."""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import httpx

from tests.waiting import until

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


def verified(create_account: Callable[..., Account]) -> Callable[..., Account]:
    """A `create_account` whose accounts have a verified e-mail address: the platform pays only
    for those (an unverified one is refused with `email_not_verified`, tests/billing/test_abuse.py)."""
    from webox.auth import repository as auth_repository

    def create(*args: Any, **kwargs: Any) -> Account:
        account = create_account(*args, **kwargs)
        user = auth_repository.get_user(account.id)
        assert user is not None
        auth_repository.update_user(user, email_verified=True)
        return account

    return create


def delete_account(account: Account, **body: Any) -> httpx.Response:
    """Delete the account as the SPA does (202 at once) and wait for its deletion task to finish."""
    response = account.client.post(
        "/api/account/delete", json={"password": account.password, **body}, headers=account.csrf()
    )
    if response.status_code == 202:
        wait_deleted(account.id)
    return response


def deletion_tasks(user_id: str) -> list[Any]:
    """The deletion tasks of an account (under the deletion owner, named by their steps' input)."""
    from webox.account.jobs import DELETION_OWNER
    from webox.tasks.models import Task

    return [
        task
        for task in Task.query(DELETION_OWNER, consistent_read=True)
        if any(step.get("input", {}).get("user_id") == user_id for step in task.plan)
    ]


def wait_deleted(user_id: str, timeout: float = 120) -> Any:
    """Wait until the account's deletion task has finished; returns it (it must have succeeded)."""
    tasks = until(
        lambda: deletion_tasks(user_id),
        lambda found: found and found[-1].status in ("succeeded", "failed", "cancelled"),
        timeout,
        f"the deletion of {user_id} finished",
    )
    task = tasks[-1]
    assert task.status == "succeeded", (task.status, task.error_code, task.error_message)
    return task


def export_account(account: Account) -> tuple[dict[str, Any], zipfile.ZipFile]:
    """Start an export as the SPA does, wait for its task, download the archive: (the task, the zip)."""
    from tests.tasks.conftest import wait_status

    started = account.client.post("/api/account/exports", headers=account.csrf())
    assert started.status_code == 202, started.text
    task = wait_status(account, started.json()["task_id"], timeout=120)
    assert task["status"] == "succeeded", task
    download = account.client.get(f"/api/account/exports/{task['task_id']}/download")
    assert download.status_code == 303, download.text
    archive = httpx.get(download.headers["location"])
    assert archive.status_code == 200
    return task, zipfile.ZipFile(io.BytesIO(archive.content))
