"""Agents helpers: verified accounts, knowledge bases filled through the API, waiting on runs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.accounts import Account, verified
from tests.waiting import until

FINISHED = ("succeeded", "failed", "cancelled", "budget_exceeded")


@pytest.fixture
def create_account(create_account: Callable[..., Account]) -> Callable[..., Account]:
    """Accounts whose e-mail address is verified: paid model steps need one."""
    return verified(create_account)


def create_base(account: Account, name: str = "Base") -> dict[str, Any]:
    response = account.client.post("/api/agents/knowledge-bases", json={"name": name}, headers=account.csrf())
    assert response.status_code == 201, response.text
    base: dict[str, Any] = response.json()
    return base


def upload(account: Account, base_id: str, filename: str, data: bytes) -> dict[str, Any]:
    """Add a document, post its file as a browser does, ask for ingestion; the document once ingested."""
    response = account.client.post(
        f"/api/agents/knowledge-bases/{base_id}/documents",
        json={"filename": filename, "size": len(data)},
        headers=account.csrf(),
    )
    assert response.status_code == 201, response.text
    form = response.json()
    document_id = form["document"]["document_id"]
    sent = httpx.post(
        form["url"],
        data=form["fields"],
        files={"file": (filename, data, form["fields"]["Content-Type"])},
        headers={"Origin": str(account.client.base_url).rstrip("/")},
        timeout=30,
    )
    assert sent.status_code in (200, 201, 204), sent.text
    started = account.client.post(
        f"/api/agents/knowledge-bases/{base_id}/documents/{document_id}/ingest", headers=account.csrf()
    )
    assert started.status_code == 200, started.text
    url = f"/api/agents/knowledge-bases/{base_id}/documents/{document_id}"
    document: dict[str, Any] = until(
        lambda: account.client.get(url).json(), lambda d: d["status"] in ("ready", "failed")
    )
    return document


def wait_task(account: Account, run_id: str, statuses: tuple[str, ...] = FINISHED) -> dict[str, Any]:
    """The run once its task reaches one of `statuses`."""
    run: dict[str, Any] = until(
        lambda: account.client.get(f"/api/agents/runs/{run_id}").json(),
        lambda r: r["task"] is not None and r["task"]["status"] in statuses,
    )
    return run
