"""Edit and resend, the versions of a message, and search inside messages, in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_chat import MODELS, choose_models, sign_up

pytestmark = pytest.mark.browser


def send(page: Page, content: str) -> None:
    page.get_by_test_id("composer-input").fill(content)
    page.get_by_test_id("composer-send").click()


def answered(page: Page, turns: int) -> None:
    """Every column of the last of `turns` turns shown is done."""
    expect(page.get_by_test_id("turn")).to_have_count(turns)
    last = page.get_by_test_id("turn").last
    for model in MODELS:
        column = last.locator(f'[data-testid="answer-column"][data-model="{model}"]')
        expect(column).to_have_attribute("data-status", "done", timeout=20_000)


def test_edit_and_resend_keeps_the_old_version_and_search_opens_it(
    page: Page, simulators: dict[str, Any]
) -> None:
    sign_up(page, "louise@example.fr")
    page.goto("/chat")
    choose_models(page, MODELS)
    send(page, "Parle-moi des ornithorynques")
    answered(page, 1)
    send(page, "Où vivent-ils ?")
    answered(page, 2)

    # Edit the first message: a new branch from there, the old turns hidden but kept.
    first = page.get_by_test_id("turn").first
    first.get_by_test_id("message-edit").click()
    page.get_by_test_id("message-editor-input").fill("Parle-moi des koalas")
    page.get_by_test_id("message-editor-send").click()
    answered(page, 1)
    expect(page.get_by_test_id("turn-content")).to_have_text("Parle-moi des koalas")
    expect(page.get_by_test_id("version-position")).to_have_text("Version 2/2")

    # The previous version comes back with what followed it.
    page.get_by_test_id("version-previous").click()
    expect(page.get_by_test_id("turn")).to_have_count(2)
    expect(page.get_by_test_id("turn-content").first).to_have_text("Parle-moi des ornithorynques")
    page.get_by_test_id("version-next").click()
    expect(page.get_by_test_id("turn")).to_have_count(1)
    expect(page.get_by_test_id("turn-content")).to_have_text("Parle-moi des koalas")

    # Search inside messages finds the old version, highlighted, and opens the conversation on it.
    page.locator("#conversation-search").fill("ornithoryn")
    hit = page.locator('[data-testid="message-hit"][data-turn="1"]').first
    expect(hit.locator("mark")).to_have_text(re.compile("ornithoryn", re.IGNORECASE))
    hit.click()
    expect(page.get_by_test_id("turn")).to_have_count(2)
    expect(page.locator('[data-testid="turn"][data-turn="1"]')).to_be_in_viewport()
    expect(page.get_by_test_id("turn-content").first).to_have_text("Parle-moi des ornithorynques")
    expect(page).not_to_have_url(re.compile(r"turn="))


def test_dictation_inserts_the_transcribed_text_in_the_composer(
    page: Page, simulators: dict[str, Any]
) -> None:
    sign_up(page, "jules@example.fr")
    page.goto("/chat")
    page.get_by_test_id("composer-input").fill("Question :")
    toggle = page.get_by_test_id("dictation-toggle")

    toggle.click()
    expect(toggle).to_have_attribute("data-status", "recording")
    toggle.click()

    expect(toggle).to_have_attribute("data-status", "idle", timeout=20_000)
    expect(page.get_by_test_id("composer-input")).to_have_value(re.compile(r"^Question : \S+"))
    expect(page.get_by_test_id("dictation-status")).to_have_count(0)
    assert simulators["openai"].last_body["model"] == "whisper-1"
