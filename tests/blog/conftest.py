"""Blog helpers: an editor made through the admin API, posts written through the API, and waits on
the renderer (the `blog` queue's worker runs in this process's local host)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest
from webox import queue
from webox.aws import client
from webox.blog.config import get_blog_settings
from webox.blog.jobs import QUEUE

from tests import waiting
from tests.accounts import Account, verified


@pytest.fixture
def create_account(create_account: Callable[..., Account]) -> Callable[..., Account]:
    """Readers with a verified e-mail address (only they may comment)."""
    return verified(create_account)


@pytest.fixture(autouse=True)
def renders_settle() -> Iterator[None]:
    """After each test, the renders it asked for finish (a message leaves the queue once handled):
    a render still running would write into the next test's emptied bucket."""
    yield
    sqs, url = client("sqs"), queue.queue_url(QUEUE)
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"]
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        counts = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=names)["Attributes"]
        if all(counts.get(name) == "0" for name in names):
            return
        time.sleep(0.05)
    raise AssertionError("the blog's renders did not finish")


@pytest.fixture
def create_editor(
    create_account: Callable[..., Account], create_admin: Callable[..., Account]
) -> Callable[..., Account]:
    """A user an administrator made an editor through the admin API."""

    def create(name: str = "Éditrice Test") -> Account:
        account = create_account(name=name)
        make_editor(create_admin(), account)
        return account

    return create


def make_editor(admin: Account, account: Account) -> None:
    """`admin` makes `account` an editor through the admin API."""
    response = admin.client.patch(
        f"/api/auth/admin/users/{account.id}", json={"role": "editor"}, headers=admin.csrf()
    )
    assert response.status_code == 200, response.text
    assert response.json()["role"] == "editor"


@pytest.fixture
def no_comment_delay(monkeypatch: pytest.MonkeyPatch) -> None:
    """The minimum time on the comment form, off (its own test puts it back)."""
    monkeypatch.setattr(get_blog_settings(), "comment_min_s", 0.0)


POST: dict[str, Any] = {
    "title": "Comparer quatre modèles sur un même brief",
    "excerpt": "Ce que la comparaison côte à côte apprend sur chaque modèle.",
    "meta_description": "Comparer quatre modèles d'IA sur un même brief : la méthode, les résultats et nos conseils.",
    "body": "## Pourquoi comparer\n\nChaque modèle a ses forces. Voir [le chat](/chat).\n\n## Méthode\n\nUn brief.",
    "cover_url": "https://images.example.com/cover.png",
    "cover_alt": "Quatre colonnes de réponses côte à côte",
    "cover_width": 1200,
    "cover_height": 630,
    "tags": ["comparaison", "modèles"],
    "language": "fr",
}


def write(editor: Account, **fields: Any) -> dict[str, Any]:
    response = editor.client.post("/api/blog/posts", json={**POST, **fields}, headers=editor.csrf())
    assert response.status_code == 201, response.text
    post: dict[str, Any] = response.json()
    return post


def publish(editor: Account, post_id: str, **body: Any) -> dict[str, Any]:
    response = editor.client.post(f"/api/blog/posts/{post_id}/publish", json=body, headers=editor.csrf())
    assert response.status_code == 200, response.text
    post: dict[str, Any] = response.json()
    return post


def wait_page(
    client: httpx.Client, path: str, until: Callable[[httpx.Response], bool], timeout: float = 15
) -> httpx.Response:
    """GET `path` until `until` holds for the answer (the renderer runs asynchronously)."""
    return waiting.until(lambda: client.get(path), until, timeout, f"{path} as expected")
