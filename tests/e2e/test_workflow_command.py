"""Issue #16 in a real browser: `/workflow` in the chat composer offers the user's workflows, shows
the chosen one's run form and runs it; the run's card shows its progress and result in the chat, and
stays in the conversation."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from webox.auth import repository as auth_repository
from webox.local.host import LocalHost
from webox.workflows import service as workflows
from webox.workflows.schemas import WorkflowCreate

from tests.workflows.conftest import chain, node

pytestmark = pytest.mark.browser


def test_the_workflow_command_runs_a_workflow_from_the_chat(
    page: Page, aws: LocalHost, simulators: dict[str, Any]
) -> None:
    page.goto("/register")
    page.get_by_test_id("register-name").fill("Noé Bernard")
    page.get_by_test_id("register-email").fill("noe@example.fr")
    page.get_by_test_id("register-password").fill("une longue phrase de passe")
    page.get_by_test_id("register-submit").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible(timeout=30_000)  # hashing waits on a busy machine
    user = auth_repository.get_user(page.request.get("/api/auth/me").json()["id"])
    assert user is not None
    auth_repository.update_user(user, email_verified=True)  # the platform pays only for verified accounts
    graph = {
        "variables": [{"name": "ville", "label": "Ville", "type": "text", "required": True}],
        "nodes": [
            node("input", "input"),
            node("idees", "prompt", model="gpt-4o-mini", template="Trois idées de balade à {{ville}}."),
            node("result", "output", template="{{idees}}"),
        ],
        "edges": chain("input", "idees", "result"),
    }
    workflows.create(user.id, WorkflowCreate.model_validate({"title": "Balades en ville", "graph": graph}))

    page.goto("/chat")
    composer = page.get_by_test_id("composer-input")
    composer.fill("/workflow balades")
    menu = page.get_by_test_id("workflow-command")
    expect(menu.get_by_test_id("workflow-choice")).to_have_count(1)
    menu.get_by_test_id("workflow-choice").click()

    # An empty required field is refused before anything runs, the field named.
    menu.get_by_test_id("workflow-command-run").click()
    expect(menu.get_by_test_id("workflow-command-error")).to_be_visible()
    expect(menu.get_by_test_id("run-value-ville")).to_have_attribute("aria-invalid", "true")

    menu.get_by_test_id("run-value-ville").fill("Lyon")
    menu.get_by_test_id("workflow-command-run").click()
    expect(menu).to_be_hidden(timeout=20_000)
    expect(composer).to_have_value("")
    card = page.get_by_test_id("workflow-run-card")
    expect(card).to_have_attribute("data-status", "succeeded", timeout=30_000)
    expect(card.get_by_test_id("workflow-run-result")).to_contain_text("Lyon")

    # The new chat became a conversation that keeps the run: its card is there after a reload.
    expect(page).to_have_url(re.compile(r"/chat/[0-9a-f]{32}$"))
    page.reload()
    expect(card).to_have_count(1)
    expect(card).to_have_attribute("data-status", "succeeded")
    expect(card.get_by_test_id("workflow-run-result")).to_contain_text("Lyon")
    card.get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"/tasks/[0-9a-f]{32}$"))
