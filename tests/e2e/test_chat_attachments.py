"""Attachments in a real browser: a text file and an image attached with the paper clip, the limits
stated, the model that reads images acknowledging both, the one that cannot saying so."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.test_chat import sign_up
from tests.media.conftest import png

pytestmark = pytest.mark.browser

VISION, BLIND = "gpt-4o-mini", "mistral-large-latest"


def test_a_text_file_and_an_image_reach_the_models_that_read_them(
    page: Page, simulators: dict[str, Any], tmp_path: Path
) -> None:
    notes = tmp_path / "notes.md"
    notes.write_text("Réunion du 3 mars : le budget retenu est de 4 200 euros.", encoding="utf-8")
    photo = tmp_path / "photo.png"
    photo.write_bytes(png(8, 8))
    sign_up(page, "pieces@example.fr")
    page.goto("/chat")
    expect(page.get_by_test_id("model-picker")).to_be_visible()
    if page.get_by_test_id("model-clear").is_enabled():
        page.get_by_test_id("model-clear").click()
    for model in (VISION, BLIND):
        page.locator(f'[data-testid="model-option"][data-model="{model}"]').click()

    page.get_by_test_id("attach-input").set_input_files([str(notes), str(photo)])
    chips = page.get_by_test_id("attachment-chip")
    expect(chips).to_have_count(2)
    expect(page.locator('[data-testid="attachment-chip"][data-status="ready"]')).to_have_count(
        2, timeout=15_000
    )
    expect(page.get_by_test_id("attachment-limits")).to_contain_text("4 fichiers au plus, 10 Mo chacun")
    page.get_by_test_id("composer-input").fill("Quel budget, et que montre la photo ?")
    page.get_by_test_id("composer-send").click()

    vision = page.locator(f'[data-testid="answer-column"][data-model="{VISION}"]')
    expect(vision).to_have_attribute("data-status", "done", timeout=30_000)
    expect(vision).to_contain_text("D'après notes.md")
    expect(vision).to_contain_text("4 200 euros")
    expect(vision).to_contain_text("Image 1 reçue : image/png")
    blind = page.locator(f'[data-testid="answer-column"][data-model="{BLIND}"]')
    expect(blind.get_by_test_id("answer-error")).to_have_attribute("data-code", "image_unsupported")
    expect(blind.get_by_test_id("answer-error")).to_contain_text("ne lit pas les images")
    expect(page.get_by_test_id("turn-attachments")).to_contain_text("notes.md")
    expect(page.get_by_test_id("turn-attachments")).to_contain_text("photo.png")
    expect(chips).to_have_count(0)  # the composer is empty again
