"""The issue's "done when": an editor writes with help from several models, publishes, a signed-out
reader opens the static page, finds it in the sitemap and the RSS feed; another user comments and
an editor moderates."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest
from defusedxml import ElementTree

from tests.accounts import Account
from tests.blog.conftest import POST, publish, wait_page, write

MODELS = ["gpt-4o-mini", "claude-haiku-4-5", "mistral-small-latest", "gemini-2.5-flash"]
pytestmark = pytest.mark.usefixtures("no_comment_delay")


def test_write_publish_read_comment_moderate(
    create_editor: Callable[..., Account],
    create_account: Callable[..., Account],
    new_client: Callable[[], httpx.Client],
) -> None:
    editor = create_editor()
    # Writing help: four simulated vendors answer side by side; the editor inserts one.
    help_ = editor.client.post(
        "/api/blog/assist",
        json={"models": MODELS, "task": "continue", "text": POST["body"], "language": "fr"},
        headers=editor.csrf(),
    )
    assert help_.status_code == 200, help_.text
    suggestions = help_.json()["suggestions"]
    assert [s["model"] for s in suggestions] == MODELS
    assert all(s["text"] and not s["error"] for s in suggestions)
    assert len({s["text"] for s in suggestions}) > 1, "each model answers in its own words"
    body = POST["body"] + "\n\n" + suggestions[1]["text"]
    post = write(editor, body=body)
    assert post["status"] == "draft"

    reader = new_client()
    assert reader.get(post["url"]).status_code == 404, "a draft has no public page"
    publish(editor, post["id"])

    page = wait_page(reader, post["url"], lambda r: r.status_code == 200)
    assert "text/html" in page.headers["content-type"]
    assert f"<h1>{POST['title']}</h1>" in page.text
    inserted = max(re.findall(r"[A-Za-zÀ-ÿ]{6,}", suggestions[1]["text"]), key=len)
    assert inserted in page.text
    sitemap = wait_page(reader, "/sitemap.xml", lambda r: post["url"] in r.text)
    ElementTree.fromstring(sitemap.content)
    # The renderer writes the pages, then the feeds, then the sitemap: wait for the feed too.
    rss = wait_page(reader, "/blog/rss.xml", lambda r: r.status_code == 200)
    assert POST["title"] in rss.text

    commenter = create_account(name="Lectrice")
    ticket = commenter.client.get(f"/api/blog/posts/{post['id']}/comment-ticket").json()["ticket"]
    clean = commenter.client.post(
        f"/api/blog/posts/{post['id']}/comments",
        json={"body": "Merci, la méthode est claire et je vais l'essayer.", "ticket": ticket},
        headers=commenter.csrf(),
    )
    assert clean.status_code == 201, clean.text
    assert clean.json()["status"] == "approved"
    wait_page(
        reader, post["url"], lambda r: "je vais l&#x27;essayer" in r.text or "je vais l'essayer" in r.text
    )

    # A comment the moderation holds, then an editor approves it.
    doubtful = commenter.client.post(
        f"/api/blog/posts/{post['id']}/comments",
        json={"body": "Bon article, plus de détails sur https://example.org/guide ici.", "ticket": ticket},
        headers=commenter.csrf(),
    )
    assert doubtful.json()["status"] == "held", doubtful.text
    queue = editor.client.get("/api/blog/comments/held").json()["items"]
    assert [c["id"] for c in queue] == [doubtful.json()["id"]]
    decided = editor.client.post(
        f"/api/blog/posts/{post['id']}/comments/{doubtful.json()['id']}/moderation",
        json={"action": "approve"},
        headers=editor.csrf(),
    )
    assert decided.status_code == 200, decided.text
    assert editor.client.get("/api/blog/comments/held").json()["items"] == []
    wait_page(reader, post["url"], lambda r: "example.org/guide" in r.text)
