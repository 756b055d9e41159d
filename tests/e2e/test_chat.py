"""The chat in a real browser: one message to 3 models, 3 columns streaming, then the verdict."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

MODELS = ["gpt-4o-mini", "claude-haiku-4-5", "mistral-small-latest"]


def sign_up(page: Page, email: str) -> None:
    page.goto("/register")
    page.get_by_test_id("register-name").fill("Noé Bernard")
    page.get_by_test_id("register-email").fill(email)
    page.get_by_test_id("register-password").fill("une longue phrase de passe")
    page.get_by_test_id("register-submit").click()
    # Registration hashes the password on purpose slowly: on a busy 2-core machine it takes seconds.
    expect(page.get_by_test_id("user-menu")).to_be_visible(timeout=20_000)


def choose_models(page: Page, models: list[str]) -> None:
    expect(page.get_by_test_id("model-picker")).to_be_visible()  # open while the conversation is empty
    if page.get_by_test_id("model-clear").is_enabled():
        page.get_by_test_id("model-clear").click()
    for model in models:
        page.locator(f'[data-testid="model-option"][data-model="{model}"]').click()
    expect(page.get_by_test_id("model-count")).to_contain_text("3")


def test_three_models_stream_side_by_side_and_a_verdict_follows(
    page: Page, simulators: dict[str, Any]
) -> None:
    for behaviour in simulators.values():  # slow enough to watch the columns fill
        behaviour.ttft_s, behaviour.duration_s = 0.2, 1.5
    sign_up(page, "noe@example.fr")
    page.goto("/chat")
    expect(page.get_by_test_id("chat-page")).to_be_visible()
    choose_models(page, MODELS)
    page.get_by_test_id("composer-input").fill("Quels sont les bienfaits de la lecture ?")
    page.get_by_test_id("composer-send").click()

    columns = page.get_by_test_id("answer-column")
    expect(columns).to_have_count(3)
    expect(page).to_have_url(re.compile(r"/chat/[0-9a-f]{32}"))
    # Streaming: some column shows text before it is done.
    expect(
        page.locator(
            '[data-testid="answer-column"][data-status="streaming"] [data-testid="answer-text"]'
        ).first
    ).not_to_be_empty()
    for model in MODELS:
        column = page.locator(f'[data-testid="answer-column"][data-model="{model}"]')
        expect(column).to_have_attribute("data-status", "done", timeout=20_000)
        expect(column.get_by_test_id("answer-text")).to_contain_text(model)
        expect(column.get_by_test_id("answer-ttft")).to_be_visible()
        expect(column.get_by_test_id("answer-cost")).to_be_visible()
    expect(page.get_by_test_id("badge-fastest")).to_have_count(1)
    verdict = page.get_by_test_id("verdict-panel")
    expect(verdict.get_by_test_id("verdict-agreement")).to_have_text(re.compile(r"^\d{1,3}"), timeout=20_000)
    expect(verdict.get_by_test_id("verdict-fused")).not_to_be_empty()

    # The conversation is in the sidebar and comes back whole after a reload.
    expect(page.get_by_test_id("conversation-item")).to_have_count(1)
    page.reload()
    expect(page.get_by_test_id("answer-column")).to_have_count(3)
    expect(page.get_by_test_id("verdict-panel").get_by_test_id("verdict-agreement")).to_be_visible()
    # Parameters left to the models' defaults are not spelled out as "null".
    expect(page.get_by_test_id("turn-details")).not_to_contain_text("null")


def test_a_simulated_outage_fails_one_column_and_retry_brings_it_back(
    page: Page, simulators: dict[str, Any]
) -> None:
    sign_up(page, "panne@example.fr")
    page.goto("/chat")
    choose_models(page, MODELS)
    outage = page.get_by_test_id("simulated-outage")
    outage.get_by_test_id("simulated-outage-model").select_option("claude-haiku-4-5")
    outage.get_by_test_id("simulated-outage-arm").click()
    expect(outage.get_by_test_id("simulated-outage-status")).to_contain_text("Claude")
    page.get_by_test_id("composer-input").fill("Une idée de sortie ce week-end ?")
    page.get_by_test_id("composer-send").click()

    down = page.locator('[data-testid="answer-column"][data-model="claude-haiku-4-5"]')
    expect(down).to_have_attribute("data-status", "error", timeout=20_000)
    for model in ("gpt-4o-mini", "mistral-small-latest"):
        column = page.locator(f'[data-testid="answer-column"][data-model="{model}"]')
        expect(column).to_have_attribute("data-status", "done", timeout=20_000)
    expect(outage.get_by_test_id("simulated-outage-status")).to_have_count(0)  # said until the send

    down.get_by_test_id("answer-retry").click()
    expect(down).to_have_attribute("data-status", "done", timeout=20_000)
    expect(down.get_by_test_id("answer-text")).to_contain_text("claude-haiku-4-5")
