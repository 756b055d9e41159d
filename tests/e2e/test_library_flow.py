"""Issue #5's flow in a real browser: a built-in assistant and a prompt with variables in the chat,
an export, then a share link opened signed out, read-only, and revoked."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from webox.billing import repository as billing_repository
from webox.local.host import LocalHost

from tests.e2e.test_chat import MODELS, choose_models, sign_up

pytestmark = pytest.mark.browser

# The Rédacteur's default models (webox/assistants/builtin.json), all served by the simulators.
REDACTEUR_MODELS = ["claude-sonnet-4-6", "gpt-4o", "mistral-large-latest"]
SUBJECT = "le compostage en appartement"


def fill_blog_prompt(page: Page) -> None:
    """Fills the built-in "article de blog" prompt's form and sends it to the chat."""
    page.get_by_test_id("nav-prompts").click()
    page.get_by_test_id("prompts-search").fill("article de blog")
    page.locator('[data-testid="prompt-card"][data-prompt-id="article-de-blog"] button').click()
    runner = page.get_by_test_id("prompt-runner")
    expect(runner).to_have_attribute("data-prompt-id", "article-de-blog")
    runner.locator('[data-testid="prompt-variable"][data-name="sujet"] input').fill(SUBJECT)
    runner.locator('[data-testid="prompt-variable"][data-name="public"] input').fill("des citadins pressés")
    tone = runner.locator('[data-testid="prompt-variable"][data-name="ton"] select')
    tone.select_option(index=1)
    runner.locator('[data-testid="prompt-variable"][data-name="longueur"] input').fill("600")
    runner.get_by_test_id("prompt-fill-chat").click()


def test_assistant_and_prompt_in_the_chat_then_export_and_share_signed_out(
    page: Page, browser: Browser, aws: LocalHost, simulators: dict[str, Any]
) -> None:
    sign_up(page, "lea@example.fr")
    # The Rédacteur's default models are not all in the free plan.
    billing_repository.save_account(
        page.request.get("/api/auth/me").json()["id"], plan="pro", status="active"
    )
    page.goto("/chat")

    # One click from the composer activates the Rédacteur: its models become the selection.
    page.get_by_test_id("assistant-toggle").click()
    page.locator('[data-testid="assistant-option"][data-assistant-id="redacteur"]').click()
    expect(page.get_by_test_id("composer-assistant")).to_contain_text("Rédacteur")
    expect(page.get_by_test_id("model-count")).to_contain_text("3")

    # The prompt's form fills the chat; the assistant is still on when the chat comes back.
    fill_blog_prompt(page)
    expect(page.get_by_test_id("chat-page")).to_be_visible()
    composer = page.get_by_test_id("composer-input")
    expect(composer).to_have_value(re.compile(re.escape(SUBJECT)))
    expect(composer).to_have_value(re.compile("600"))
    expect(page.get_by_test_id("composer-assistant")).to_contain_text("Rédacteur")
    page.get_by_test_id("composer-send").click()

    expect(page).to_have_url(re.compile(r"/chat/[0-9a-f]{32}"))
    conversation_id = page.url.rsplit("/", 1)[1]
    for model in REDACTEUR_MODELS:
        column = page.locator(f'[data-testid="answer-column"][data-model="{model}"]')
        expect(column).to_have_attribute("data-status", "done", timeout=20_000)
    answer = page.locator(
        f'[data-testid="answer-column"][data-model="{REDACTEUR_MODELS[0]}"] [data-testid="answer-text"]'
    ).inner_text()
    assert answer.strip()

    expect(page.get_by_test_id("turn").first).to_contain_text("assistant Rédacteur")

    # The turn was sent with the assistant: the server stored it and applied its system prompt.
    stored = page.request.get(f"/api/conversations/{conversation_id}").json()
    turn = stored["turns"][0]
    assert turn["assistant_id"] == "redacteur"
    assert sorted(turn["models"]) == sorted(REDACTEUR_MODELS)
    assert SUBJECT in turn["content"]
    redacteur = page.request.get("/api/assistants/redacteur?lang=fr").json()
    assert turn["params"]["system"] == redacteur["system_prompt"]

    # Export: the Markdown file holds the question and the answers as shown.
    page.get_by_test_id("export-toggle").click()
    with page.expect_download() as download:
        page.locator('[data-testid="export-link"][data-format="md"]').click()
    assert download.value.suggested_filename.endswith(".md")
    markdown = Path(download.value.path()).read_text(encoding="utf-8")
    assert SUBJECT in markdown
    first_line = next(line for line in answer.splitlines() if line.strip())
    assert first_line.strip()[:40] in markdown

    # Share publicly and copy the link.
    page.get_by_test_id("share-toggle").click()
    page.get_by_test_id("share-visibility-public").check()
    page.get_by_test_id("share-submit").click()
    url_field = page.get_by_test_id("share-panel").get_by_test_id("share-url")
    expect(url_field).to_have_value(re.compile(r"/s/[A-Za-z0-9_-]{32}$"))
    path = urlsplit(url_field.input_value()).path

    # Someone without an account opens it: read-only, every answer there, no composer.
    visitor = browser.new_context(base_url=aws.url, locale="fr-FR")
    visitor.set_default_timeout(15_000)
    try:
        anonymous = visitor.new_page()
        anonymous.goto(path)
        expect(anonymous.get_by_test_id("shared-page")).to_be_visible()
        expect(anonymous.get_by_test_id("shared-message")).to_contain_text(SUBJECT)
        expect(anonymous.get_by_test_id("shared-answer")).to_have_count(3)
        for model in REDACTEUR_MODELS:
            expect(anonymous.locator(f'[data-testid="shared-answer"][data-model="{model}"]')).to_be_visible()
        expect(
            anonymous.locator(
                f'[data-testid="shared-answer"][data-model="{REDACTEUR_MODELS[0]}"] [data-testid="shared-answer-text"]'
            )
        ).to_contain_text(first_line.strip()[:40])
        expect(anonymous.get_by_test_id("composer-input")).to_have_count(0)
        expect(anonymous.get_by_test_id("public-sign-in")).to_be_visible()
        expect(anonymous.get_by_test_id("public-register")).to_be_visible()  # a way in for newcomers

        # The owner sees the view counted on their links page, then revokes the link.
        page.goto("/shares")
        link = page.get_by_test_id("share-link").first
        expect(link.get_by_test_id("share-link-title")).to_be_visible()
        expect(link.get_by_test_id("share-link-views")).to_have_text("1")
        link.get_by_test_id("share-link-revoke").click()
        link.get_by_test_id("share-link-revoke-confirm").click()
        expect(page.get_by_test_id("shares-empty")).to_be_visible()

        anonymous.reload()
        expect(anonymous.get_by_test_id("shared-unavailable")).to_have_attribute("data-code", "link_revoked")
    finally:
        visitor.close()


def test_a_private_link_asks_a_signed_out_visitor_to_sign_in(
    page: Page, browser: Browser, aws: LocalHost, simulators: dict[str, Any]
) -> None:
    sign_up(page, "mila@example.fr")
    # "Use in chat" on the assistants page opens the chat with it on; the models stay the user's to change.
    page.get_by_test_id("nav-assistants").click()
    page.locator('[data-testid="assistant-card"][data-assistant-id="traducteur"]').get_by_test_id(
        "assistant-use"
    ).click()
    expect(page.get_by_test_id("composer-assistant")).to_contain_text("Traducteur")
    choose_models(page, MODELS)
    page.get_by_test_id("composer-input").fill("Traduis « bonjour » en anglais.")
    page.get_by_test_id("composer-send").click()
    expect(page).to_have_url(re.compile(r"/chat/[0-9a-f]{32}"))
    expect(page.get_by_test_id("answer-column").first).to_have_attribute(
        "data-status", "done", timeout=20_000
    )
    turn = page.request.get(f"/api/conversations/{page.url.rsplit('/', 1)[1]}").json()["turns"][0]
    assert turn["assistant_id"] == "traducteur" and sorted(turn["models"]) == sorted(MODELS)
    page.get_by_test_id("share-toggle").click()
    page.get_by_test_id("share-visibility-private").check()
    page.get_by_test_id("share-emails").fill("ami@example.fr")
    page.get_by_test_id("share-expiry").select_option("24")
    page.get_by_test_id("share-submit").click()
    panel = page.get_by_test_id("share-panel")
    expect(panel.get_by_test_id("share-link-visibility")).to_have_attribute("data-visibility", "private")
    path = urlsplit(panel.get_by_test_id("share-url").input_value()).path

    visitor = browser.new_context(base_url=aws.url, locale="fr-FR")
    visitor.set_default_timeout(15_000)
    try:
        anonymous = visitor.new_page()
        anonymous.goto(path)
        expect(anonymous.get_by_test_id("shared-unavailable")).to_be_visible()
        expect(anonymous.get_by_test_id("shared-sign-in")).to_have_attribute(
            "href", re.compile(r"^/login\?next=%2Fs%2F")
        )
        expect(anonymous.get_by_test_id("shared-answer")).to_have_count(0)
    finally:
        visitor.close()


def test_own_prompt_versions_share_link_and_marketplace(page: Page, browser: Browser, aws: LocalHost) -> None:
    sign_up(page, "ines@example.fr")
    page.get_by_test_id("nav-prompts").click()

    # Create: the body's {{variables}} become form fields to describe.
    page.get_by_test_id("prompt-create").click()
    page.get_by_test_id("editor-title").fill("Plan de cours")
    page.get_by_test_id("editor-body").fill("Fais un plan de cours sur {{theme}} pour un niveau {{niveau}}.")
    expect(page.get_by_test_id("editor-variable")).to_have_count(2)
    level = page.locator('[data-testid="editor-variable"][data-name="niveau"]')
    level.get_by_test_id("editor-variable-type").select_option("choice")
    level.get_by_test_id("editor-variable-choices").fill("débutant, avancé")
    page.get_by_test_id("editor-save").click()
    actions = page.get_by_test_id("prompt-actions")
    expect(actions).to_have_attribute("data-source", "own")
    expect(actions).to_contain_text("Version 1")
    expect(page.locator('[data-testid="prompt-variable"][data-name="niveau"] option')).to_have_count(2)

    # Edit (version 2), then restore version 1 (saved as version 3).
    actions.get_by_test_id("prompt-edit").click()
    page.get_by_test_id("editor-title").fill("Plan de cours détaillé")
    page.get_by_test_id("editor-save").click()
    expect(page.get_by_test_id("prompt-runner")).to_contain_text("Plan de cours détaillé")
    expect(page.get_by_test_id("prompt-actions")).to_contain_text("Version 2")
    page.get_by_test_id("prompt-versions-toggle").click()
    first = page.locator('[data-testid="prompt-version"][data-version="1"]')
    first.get_by_test_id("version-view").click()
    expect(first.get_by_test_id("version-detail")).to_contain_text("Plan de cours")
    first.get_by_test_id("version-restore").click()
    expect(page.get_by_test_id("prompt-actions")).to_contain_text("Version 3")
    expect(page.get_by_test_id("prompt-runner").get_by_role("heading", level=2)).to_have_text("Plan de cours")

    # A share link, and the marketplace.
    page.get_by_test_id("prompt-share-create").click()
    share_url = page.get_by_test_id("prompt-share-url")
    expect(share_url).to_have_value(re.compile(r"/p/[A-Za-z0-9_-]{32}$"))
    share_path = urlsplit(share_url.input_value()).path
    page.get_by_test_id("prompt-publish").click()
    expect(page.get_by_test_id("prompt-unpublish")).to_be_visible()

    anonymous = browser.new_context(base_url=aws.url, locale="fr-FR")
    anonymous.set_default_timeout(15_000)
    reader = browser.new_context(base_url=aws.url, locale="fr-FR", viewport={"width": 390, "height": 844})
    reader.set_default_timeout(15_000)
    try:
        # Signed out, the shared prompt is filled in on the page.
        visitor = anonymous.new_page()
        visitor.goto(share_path)
        expect(visitor.get_by_test_id("shared-prompt-page")).to_be_visible(
            timeout=15_000
        )  # a new context loads every chunk cold
        visitor.locator('[data-testid="prompt-variable"][data-name="theme"] input').fill("la photosynthèse")
        visitor.locator('[data-testid="prompt-variable"][data-name="niveau"] select').select_option("avancé")
        visitor.get_by_test_id("prompt-fill-chat").click()
        expect(visitor.get_by_test_id("shared-prompt-text")).to_have_text(
            "Fais un plan de cours sur la photosynthèse pour un niveau avancé."
        )

        # Another user, on a phone: finds it in the marketplace, rates, reports and copies it.
        other = reader.new_page()
        sign_up(other, "jules@example.fr")
        other.goto("/library/prompts")
        other.get_by_test_id("prompts-tab-market").click()
        other.get_by_test_id("prompts-search").fill("plan de cours")
        other.get_by_test_id("prompt-card").filter(has_text="Plan de cours").locator("button").click()
        market = other.get_by_test_id("prompt-actions")
        expect(market).to_have_attribute("data-source", "marketplace")
        market.locator('[data-testid="review-stars"] [data-stars="4"]').click()
        expect(other.get_by_test_id("prompt-rate")).to_have_attribute("data-my-stars", "4")
        expect(other.get_by_test_id("prompt-rating-summary")).to_contain_text("4")
        market.get_by_test_id("prompt-report").click()
        other.get_by_test_id("prompt-report-reason").select_option("misleading")
        other.get_by_test_id("prompt-report-submit").click()
        expect(other.get_by_test_id("prompt-reported")).to_be_visible()
        market.get_by_test_id("prompt-fork").click()
        expect(other.get_by_test_id("prompts-tab-mine")).to_have_attribute("aria-selected", "true")
        expect(other.get_by_test_id("prompt-actions")).to_have_attribute("data-source", "own")
        expect(other.get_by_test_id("prompt-card").filter(has_text="Plan de cours")).to_have_count(1)
    finally:
        anonymous.close()
        reader.close()
