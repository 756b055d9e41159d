"""Twelve models that fit: the chat's grid, focus and side-by-side layouts in a real browser."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.test_chat import choose_models, sign_up

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 375, "height": 812}


def send_to_twelve(page: Page, text: str) -> Locator:
    """Select twelve (simulated) models, send `text`, and wait until every answer is in."""
    page.goto("/chat")
    expect(page.get_by_test_id("model-picker")).to_be_visible()
    page.get_by_test_id("model-select-all").click()
    expect(page.get_by_test_id("model-count")).to_contain_text("12/12")
    page.get_by_test_id("composer-input").fill(text)
    page.get_by_test_id("composer-send").click()
    columns = page.get_by_test_id("answer-column")
    expect(columns).to_have_count(12)
    done = page.locator('[data-testid="answer-column"][data-status="done"]')
    expect(done).to_have_count(12, timeout=30_000)
    return columns


def scroll_top(page: Page) -> float:
    """Where the list of turns is scrolled to."""
    return float(
        page.get_by_test_id("turn").first.evaluate(
            "turn => { let box = turn.parentElement;"
            " while (box && getComputedStyle(box).overflowY !== 'auto') box = box.parentElement;"
            " return box ? box.scrollTop : -1; }"
        )
    )


def test_twelve_answers_fit_the_width_in_a_grid_and_focus_shows_one(
    page: Page, simulators: dict[str, Any]
) -> None:
    for behaviour in simulators.values():  # the judge answers well after the twelve columns
        behaviour.ttft_s, behaviour.duration_s = 0.1, 1.0
    page.set_viewport_size(DESKTOP)
    sign_up(page, "douze@example.fr")
    columns = send_to_twelve(page, "Quand la tour Eiffel a-t-elle été achevée ?")
    expect(page.get_by_test_id("turn-answers")).to_have_attribute("data-layout", "grid")

    # Every column's first line lies inside the window's width: nothing to scroll sideways for.
    lefts = set()
    for index in range(12):
        first_line = columns.nth(index).get_by_test_id("answer-text")
        expect(first_line).not_to_be_empty()
        box = first_line.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= DESKTOP["width"], (index, box)
        lefts.add(round(box["x"]))
    assert len(lefts) >= 3, lefts  # several answers per row, not one long stack
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]

    # The verdict arrives under the answers without moving them.
    before = scroll_top(page)
    expect(page.get_by_test_id("verdict-panel")).to_have_attribute("data-state", "done", timeout=30_000)
    assert scroll_top(page) == before
    top = columns.first.bounding_box()
    assert top is not None and 0 <= top["y"] < DESKTOP["height"]

    # Focus: one answer, the eleven others as tabs; the choice is remembered after a reload.
    page.get_by_test_id("layout-focus").click()
    expect(columns).to_have_count(1)
    tabs = page.get_by_test_id("answer-tab")
    expect(tabs).to_have_count(12)
    seventh = tabs.nth(6).get_attribute("data-model")
    tabs.nth(6).click()
    expect(columns).to_have_attribute("data-model", seventh or "")
    expect(tabs.nth(6)).to_have_attribute("aria-selected", "true")
    page.reload()
    expect(page.get_by_test_id("turn-answers")).to_have_attribute("data-layout", "focus")
    expect(page.get_by_test_id("answer-column")).to_have_count(1)

    # Side by side: one row that scrolls sideways inside the turn, not the page.
    page.get_by_test_id("layout-side").click()
    expect(page.get_by_test_id("answer-column")).to_have_count(12)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]

    # The conversation list folds away, and stays folded after a reload.
    history = page.locator("#chat-history")
    expect(history).to_be_visible()
    page.get_by_test_id("conversation-collapse").click()
    expect(history).to_be_hidden()
    page.reload()
    expect(page.get_by_test_id("answer-column")).to_have_count(12)
    expect(history).to_be_hidden()


def test_the_contradictions_fit_a_phone(page: Page, simulators: dict[str, Any]) -> None:
    page.set_viewport_size(PHONE)
    sign_up(page, "telephone@example.fr")
    send_to_twelve(page, "Donne trois faits sur Paris.")
    verdict = page.get_by_test_id("verdict-panel")
    expect(verdict).to_have_attribute("data-state", "done", timeout=30_000)
    contradictions = verdict.get_by_test_id("verdict-contradictions")
    expect(contradictions).to_be_visible()
    contradictions.scroll_into_view_if_needed()
    assert contradictions.evaluate("list => list.scrollWidth <= list.clientWidth")
    for item in contradictions.get_by_test_id("contradiction").all():
        box = item.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], box
    for chip in contradictions.get_by_test_id("contradiction-model").all():
        box = chip.bounding_box()
        assert box is not None and box["x"] + box["width"] <= PHONE["width"], box


def test_continue_with_this_model_keeps_the_other_models(page: Page, simulators: dict[str, Any]) -> None:
    models = ["gpt-4o-mini", "claude-haiku-4-5", "mistral-small-latest"]
    sign_up(page, "suite@example.fr")
    page.goto("/chat")
    choose_models(page, models)
    page.get_by_test_id("composer-input").fill("Propose un titre.")
    page.get_by_test_id("composer-send").click()
    expect(page).to_have_url(re.compile(r"/chat/[0-9a-f]{32}"))
    claude = page.locator('[data-testid="answer-column"][data-model="claude-haiku-4-5"]')
    expect(claude).to_have_attribute("data-status", "done", timeout=20_000)

    claude.get_by_test_id("answer-continue").click()
    expect(page.get_by_test_id("composer-pick")).to_be_visible()
    page.get_by_test_id("composer-input").fill("Développe-le.")
    page.get_by_test_id("composer-send").click()

    second = page.locator('[data-testid="turn"][data-turn="2"]')
    expect(second.get_by_test_id("answer-column")).to_have_count(3)
    for model in models:
        expect(second.locator(f'[data-testid="answer-column"][data-model="{model}"]')).to_be_visible()
    first = page.locator('[data-testid="turn"][data-turn="1"]')
    expect(first.get_by_test_id("badge-chosen")).to_have_count(1)
