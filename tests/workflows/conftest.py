"""Workflow helpers: save a workflow, run it through the API and wait for the run to finish."""

from __future__ import annotations

import itertools
import json
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from webox.media import repository as media_repository
from webox.media.models import MediaItem

from tests import waiting
from tests.accounts import Account, verified

FINISHED = ("succeeded", "failed", "cancelled", "budget_exceeded")


@pytest.fixture
def create_account(create_account: Callable[..., Account]) -> Callable[..., Account]:
    """Accounts with a verified e-mail address: a run's model steps need one."""
    return verified(create_account)


def node(node_id: str, node_type: str, **config: Any) -> dict[str, Any]:
    return {"id": node_id, "type": node_type, "label": node_id, "config": config}


def chain(*ids: str) -> list[dict[str, str]]:
    return [{"source": a, "target": b} for a, b in itertools.pairwise(ids)]


def four_nodes() -> dict[str, Any]:
    """Input → outline → draft → result: the journey's workflow."""
    return {
        "variables": [{"name": "sujet", "label": "Sujet", "type": "text", "required": True}],
        "nodes": [
            node("input", "input"),
            node(
                "outline", "prompt", model="gpt-4o-mini", template="Fais le plan d'un article sur {{sujet}}."
            ),
            node(
                "draft",
                "prompt",
                model="claude-haiku-4-5",
                template="Rédige l'article selon ce plan :\n{{outline}}",
            ),
            node("result", "output", template="{{draft}}"),
        ],
        "edges": chain("input", "outline", "draft", "result"),
    }


def save(account: Account, graph: dict[str, Any], title: str = "Article") -> dict[str, Any]:
    response = account.client.post(
        "/api/workflows", json={"title": title, "graph": graph}, headers=account.csrf()
    )
    assert response.status_code == 201, response.text
    saved: dict[str, Any] = response.json()
    return saved


def start(account: Account, workflow_id: str, values: dict[str, Any], **extra: Any) -> dict[str, Any]:
    response = account.client.post(
        f"/api/workflows/{workflow_id}/runs", json={"values": values, **extra}, headers=account.csrf()
    )
    assert response.status_code == 201, response.text
    run: dict[str, Any] = response.json()
    return run


def wait_run(
    account: Account, run_id: str, statuses: tuple[str, ...] = FINISHED, timeout: float = 30
) -> dict[str, Any]:
    return waiting.wait_status(account.client, f"/api/workflows/runs/{run_id}", statuses, timeout)


def outputs(run: dict[str, Any]) -> dict[str, Any]:
    return {n["node"]: n["output"] for n in run["nodes"]}


def finished_at(run: dict[str, Any]) -> dict[str, Any]:
    return {n["node"]: n["steps"][-1]["finished_at"] for n in run["nodes"]}


def library_item(user_id: str, kind: str, body: bytes, content_type: str, size: int | None = None) -> str:
    """An item of the user's media library, as a finished job leaves it."""
    job_id = secrets.token_hex(16)
    key = f"{media_repository.job_folder(user_id, job_id)}00"
    media_repository.put_file(key, body, content_type)
    item = MediaItem(
        user_id,
        f"{job_id}00",
        kind=kind,
        model="openai/whisper-1",
        content_type=content_type,
        size=len(body) if size is None else size,
        key=key,
        job_id=job_id,
        created_at=datetime.now(UTC),
    )
    assert media_repository.put_item(item)
    return str(item.media_id)


def transcript(user_id: str, text: str, size: int | None = None) -> str:
    """A transcript in the user's media library."""
    body = json.dumps({"text": text, "language": "fr", "segments": []}).encode()
    return library_item(user_id, "transcript", body, "application/json", size)
