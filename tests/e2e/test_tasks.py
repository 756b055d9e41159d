"""Tasks in a real browser: the list, a task's page live over the socket, an approval with an edited
output, and the public approval page a signed link opens (its token only in the fragment)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.test_chat import sign_up

pytestmark = pytest.mark.browser

PLAN = [
    {"id": "draft", "kind": "noop", "input": {"text": "v1"}},
    {"id": "review", "kind": "approval", "after": ["draft"], "needs_approval": True},
    {"id": "publish", "kind": "noop", "after": ["review"]},
]


def _csrf(page: Page) -> dict[str, str]:
    return {"X-CSRF-Token": next(c["value"] for c in page.context.cookies() if c["name"] == "webox_csrf")}


def _start(page: Page, title: str) -> str:
    created = page.request.post("/api/tasks", data={"title": title, "plan": PLAN}, headers=_csrf(page))
    assert created.status == 201, created.text()
    task_id: str = created.json()["task_id"]
    return task_id


def test_list_task_then_approve_with_an_edited_output(page: Page) -> None:
    sign_up(page, "tasks@example.fr")
    task_id = _start(page, "Article du lundi")

    page.get_by_test_id("nav-tasks").click()
    row = page.locator(f'[data-testid="task-row"][data-task-id="{task_id}"]')
    expect(row).to_contain_text("Article du lundi")
    expect(row).to_contain_text("Combinaison")  # the kind, in the reader's language
    page.get_by_test_id("filter-status").select_option("succeeded")
    expect(row).to_have_count(0)
    page.get_by_test_id("filter-status").select_option("")
    row.get_by_role("link").click()

    review = page.get_by_test_id("step-review")
    expect(review).to_have_attribute("data-status", "waiting_approval", timeout=20_000)
    expect(page.get_by_test_id("task-status")).to_have_attribute("data-status", "waiting_approval")
    review.get_by_test_id("edit-output").check()
    review.get_by_test_id("output-json").fill('{"text": "v2 relue"}')
    review.get_by_test_id("approve").click()

    # The socket's frames move the page on; the last read brings the outputs.
    expect(page.get_by_test_id("step-publish")).to_have_attribute("data-status", "succeeded", timeout=20_000)
    expect(page.get_by_test_id("task-status")).to_have_attribute("data-status", "succeeded")
    page.get_by_test_id("step-publish").locator("summary").click()
    expect(page.get_by_test_id("step-publish")).to_contain_text("v2 relue")


def test_a_signed_link_opens_the_public_approval_page(page: Page, browser: Browser, aws: Any) -> None:
    sign_up(page, "lien@example.fr")
    task_id = _start(page, "Revue par lien")
    page.goto(f"/tasks/{task_id}")
    expect(page.get_by_test_id("step-review")).to_have_attribute(
        "data-status", "waiting_approval", timeout=20_000
    )
    link = page.request.post(
        f"/api/tasks/{task_id}/approval-links", data={"step_id": "review"}, headers=_csrf(page)
    ).json()
    assert "#" in link["url"]

    stranger = browser.new_context(base_url=page.context.pages[0].url.split("/tasks")[0])
    other = stranger.new_page()
    try:
        other.goto(f"/tasks/approve#{link['token']}")
        expect(other.get_by_test_id("approval-request")).to_contain_text(
            "review", timeout=15_000
        )  # a busy machine
        expect(other.get_by_test_id("approval-request")).to_contain_text("v1")
        assert "#" not in other.url  # the token left the address bar
        other.get_by_test_id("approve").click()
        expect(other.get_by_test_id("approval-done")).to_be_visible()
    finally:
        stranger.close()
    expect(page.get_by_test_id("task-status")).to_have_attribute("data-status", "succeeded", timeout=20_000)


def test_a_failed_task_is_explained_with_a_fix(page: Page) -> None:
    sign_up(page, "diagnostic@example.fr")
    failing = [
        {"id": "draft", "kind": "noop", "input": {"text": "v1"}},
        {"id": "send", "kind": "pipedream.action", "input": {"props": {}}, "after": ["draft"]},
    ]
    created = page.request.post(
        "/api/tasks", data={"title": "Envoi Slack", "plan": failing}, headers=_csrf(page)
    )
    assert created.status == 201, created.text()
    page.goto(f"/tasks/{created.json()['task_id']}")
    expect(page.get_by_test_id("task-status")).to_have_attribute("data-status", "failed", timeout=20_000)

    page.get_by_test_id("diagnose").click()
    fix = page.get_by_test_id("diagnosis-fix")
    expect(fix).to_have_attribute("data-action", "edit_input", timeout=20_000)
    expect(fix).to_contain_text("send")
    expect(page.get_by_test_id("diagnosis-explanation")).not_to_be_empty()
