"""The catalogue and the prompt library in a real browser (the API is tested in tests/catalog, tests/prompts)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.test_chat import sign_up

pytestmark = pytest.mark.browser


def search_catalogue(page: Page, text: str) -> Locator:
    """Type a search and wait for its answer (the list keeps the previous results meanwhile);
    returns the first tool found."""
    first_word = text.split()[0]
    with page.expect_response(
        lambda r: "/api/catalog/tools?" in r.url and f"q={first_word}" in r.url
    ) as found:
        page.get_by_test_id("catalog-search").fill(text)
    tool_id = found.value.json()["items"][0]["id"]
    tool = page.locator(f'[data-testid="catalog-tool"][data-tool-id="{tool_id}"]')
    expect(page.get_by_test_id("catalog-tool").first).to_have_attribute("data-tool-id", tool_id)
    return tool


def test_catalogue_search_ignores_accents_and_favourites_stick(page: Page) -> None:
    sign_up(page, "zoe@example.fr")
    page.get_by_test_id("nav-catalog").click()
    expect(page.get_by_test_id("catalog-page")).to_be_visible()
    first = search_catalogue(page, "edition video")
    first.get_by_test_id("catalog-favorite").click()
    expect(first.get_by_test_id("catalog-favorite")).to_have_attribute("data-favorite", "true")
    page.reload()
    again = search_catalogue(page, "edition video")
    assert again.get_attribute("data-tool-id") == first.get_attribute("data-tool-id")
    expect(again.get_by_test_id("catalog-favorite")).to_have_attribute("data-favorite", "true")


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
