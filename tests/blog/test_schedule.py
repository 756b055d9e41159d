"""Scheduled publishing: a task on the engine waits until the date (Paris time), then `blog.publish`
hands the post to the renderer; the page, the sitemap and the feeds follow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import httpx

from tests.accounts import Account
from tests.blog.conftest import publish, wait_page, write

PARIS = ZoneInfo("Europe/Paris")


def test_a_post_goes_live_at_its_paris_time(
    create_editor: Callable[..., Account], new_client: Callable[[], httpx.Client]
) -> None:
    editor = create_editor()
    post = write(editor)
    # A Paris wall-clock time without offset, as the studio's date field sends it.
    at = (datetime.now(PARIS) + timedelta(seconds=3)).replace(tzinfo=None, microsecond=0)
    scheduled = publish(editor, post["id"], at=at.isoformat())
    assert scheduled["status"] == "scheduled"
    assert datetime.fromisoformat(scheduled["publish_at"]) == at.replace(tzinfo=PARIS)
    reader = new_client()
    assert reader.get(post["url"]).status_code == 404, "not before its time"

    page = wait_page(reader, post["url"], lambda r: r.status_code == 200, timeout=30)
    went_live = editor.client.get(f"/api/blog/posts/{post['id']}").json()
    assert went_live["status"] == "published"
    assert datetime.fromisoformat(went_live["published_at"]) >= at.replace(tzinfo=PARIS)
    assert "<h1>" in page.text
    # The renderer writes the pages, then the sitemap and feeds.
    wait_page(reader, "/sitemap.xml", lambda r: post["url"] in r.text)
    wait_page(reader, "/blog/rss.xml", lambda r: post["url"] in r.text)
    tasks = editor.client.get("/api/tasks").json()["items"]
    assert [(t["kind"], t["status"]) for t in tasks] == [("blog", "succeeded")]


def test_a_rescheduled_post_is_published_by_its_latest_schedule_only(
    create_editor: Callable[..., Account], new_client: Callable[[], httpx.Client]
) -> None:
    editor = create_editor()
    post = write(editor)
    soon = datetime.now(PARIS) + timedelta(seconds=2)
    publish(editor, post["id"], at=soon.isoformat())
    # Changed its mind: back to draft before the date; the first schedule must not publish it.
    editor.client.post(
        f"/api/blog/posts/{post['id']}/status", json={"status": "draft"}, headers=editor.csrf()
    )
    wait_page(
        editor.client,
        "/api/tasks",
        lambda r: [t["status"] for t in r.json()["items"]] == ["succeeded"],
        timeout=30,
    )
    assert editor.client.get(f"/api/blog/posts/{post['id']}").json()["status"] == "draft"
    assert new_client().get(post["url"]).status_code == 404
