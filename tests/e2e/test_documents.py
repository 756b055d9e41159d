"""The documents page in a real browser: what agents and workflows wrote into the library."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from webox.media.documents import create_document

from tests.e2e.test_chat import sign_up

pytestmark = pytest.mark.browser


def test_documents_written_for_me_are_listed_searched_and_deleted(page: Page) -> None:
    sign_up(page, "ines@example.fr")
    user_id = page.request.get("/api/auth/me").json()["id"]
    create_document(user_id, "Compte rendu du comité", "# Comité\n\nBudget validé.", author="Rédaction")
    create_document(user_id, "Plan marketing", "# Plan\n\nTrois canaux.", author="Marketing")

    page.get_by_test_id("nav-documents").click()
    items = page.get_by_test_id("document-item")
    expect(items).to_have_count(2)
    expect(items.first).to_contain_text("Plan marketing")  # newest first
    expect(items.first).to_contain_text("Marketing")

    page.get_by_test_id("documents-search").fill("comite")  # accents ignored
    expect(items).to_have_count(1)
    expect(items.first.get_by_test_id("document-title")).to_have_text("Compte rendu du comité")

    items.first.get_by_test_id("media-delete").click()
    items.first.get_by_test_id("media-delete-confirm").click()
    expect(page.get_by_test_id("documents-empty")).to_be_visible()
