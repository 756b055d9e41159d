"""The catalogue and the prompt library in a real browser (the API is tested in tests/catalog, tests/prompts)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_chat import sign_up

pytestmark = pytest.mark.browser


def test_catalogue_search_ignores_accents_and_favourites_stick(page: Page) -> None:
    sign_up(page, "zoe@example.fr")
    page.get_by_test_id("nav-catalog").click()
    expect(page.get_by_test_id("catalog-page")).to_be_visible()
    page.get_by_test_id("catalog-search").fill("edition video")
    tools = page.get_by_test_id("catalog-tool")
    expect(tools.first).to_be_visible()
    first = tools.first
    first.get_by_test_id("catalog-favorite").click()
    expect(first.get_by_test_id("catalog-favorite")).to_have_attribute("data-favorite", "true")
    page.reload()
    page.get_by_test_id("catalog-search").fill("edition video")
    expect(page.get_by_test_id("catalog-tool").first.get_by_test_id("catalog-favorite")).to_have_attribute(
        "data-favorite", "true"
    )


def test_a_prompt_with_variables_fills_the_chat(page: Page) -> None:
    sign_up(page, "hugo@example.fr")
    page.get_by_test_id("nav-prompts").click()
    expect(page.get_by_test_id("prompts-page")).to_be_visible()
    page.get_by_test_id("prompt-card").first.click()
    variables = page.get_by_test_id("prompt-variable")
    expect(variables.first).to_be_visible()
    for index in range(variables.count()):
        field = variables.nth(index).locator("input, textarea").first
        if field.count() and not field.input_value():
            field.fill("le vélo en ville")
    page.get_by_test_id("prompt-fill-chat").click()
    expect(page.get_by_test_id("chat-page")).to_be_visible()
    expect(page.get_by_test_id("composer-input")).not_to_have_value("")
