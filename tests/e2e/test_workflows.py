"""Issue #16 in a real browser: build a four-node workflow on the canvas, run it, edit the second
node's output and run again from there; an Agent node reading a library file and a date from the
run form."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect
from webox.auth import repository as auth_repository
from webox.local.host import LocalHost

from tests.e2e.test_chat import sign_up
from tests.workflows.conftest import transcript

pytestmark = pytest.mark.browser

EDITED = "Plan retenu : sécurité, itinéraires, budget"


def add_prompt(page: Page, template: str) -> None:
    page.get_by_test_id("palette-prompt").click()
    panel = page.get_by_test_id("node-panel")
    panel.get_by_test_id("node-model").select_option("gpt-4o-mini")
    panel.get_by_test_id("node-template").fill(template)


def link(page: Page, source: str, target: str) -> None:
    page.get_by_test_id(f"node-{source}").click()
    page.get_by_test_id("node-panel").get_by_test_id("node-connect").select_option(target)


def test_build_run_then_rerun_from_the_second_node(
    page: Page, aws: LocalHost, simulators: dict[str, Any]
) -> None:
    sign_up(page, "ines@example.fr")
    user = auth_repository.get_user(page.request.get("/api/auth/me").json()["id"])
    assert user is not None
    auth_repository.update_user(user, email_verified=True)  # the platform pays only for verified accounts

    page.goto("/workflows")
    page.get_by_test_id("workflow-new").click()
    expect(page.get_by_test_id("canvas")).to_be_visible()

    # Input → plan → article → output, built with the palette and the side panel.
    add_prompt(page, "Fais le plan d'un article sur {{sujet}}.")
    add_prompt(page, "Rédige selon {{prompt}}")
    page.get_by_test_id("palette-output").click()
    page.get_by_test_id("node-panel").get_by_test_id("node-template").fill("{{prompt_2}}")
    expect(page.get_by_test_id("validation")).to_contain_text("problème")  # nothing is linked yet
    expect(page.get_by_test_id("node-prompt_2")).to_have_attribute(
        "data-invalid", "true"
    )  # {{prompt}} is not linked
    link(page, "input", "prompt")
    link(page, "prompt", "prompt_2")
    link(page, "prompt_2", "output")
    expect(page.get_by_test_id("validation")).to_have_text("Combinaison valide")
    page.get_by_test_id("workflow-save").click()
    expect(page.get_by_text("Version 2 enregistrée")).to_be_visible()

    # Run it: every node lights up as its step succeeds.
    page.get_by_test_id("run-value-sujet").fill("le vélo en ville")
    page.get_by_test_id("run-start").click()
    expect(page.get_by_test_id("run-view")).to_have_attribute("data-status", "succeeded", timeout=30_000)
    for node in ("input", "prompt", "prompt_2", "output"):
        expect(page.get_by_test_id(f"node-{node}")).to_have_attribute("data-status", "succeeded")
    first = page.get_by_test_id("output-prompt_2").inner_text()
    assert "vélo" in page.get_by_test_id("output-prompt").inner_text()

    # Edit the second node's output and run again from it: only what follows runs again.
    page.get_by_test_id("edit-open-prompt").click()
    page.get_by_test_id("edit-prompt").fill(EDITED)
    page.get_by_test_id("rerun-prompt").click()
    expect(page.get_by_test_id("output-prompt")).to_have_text(EDITED, timeout=30_000)
    expect(page.get_by_test_id("run-view")).to_have_attribute("data-status", "succeeded", timeout=30_000)
    expect(page.get_by_test_id("output-output")).to_contain_text("sécurité")
    assert page.get_by_test_id("output-prompt_2").inner_text() != first


def test_an_agent_reads_a_library_file_chosen_in_the_run_form(
    page: Page, aws: LocalHost, simulators: dict[str, Any]
) -> None:
    sign_up(page, "agathe@example.fr")
    user = auth_repository.get_user(page.request.get("/api/auth/me").json()["id"])
    assert user is not None
    auth_repository.update_user(user, email_verified=True)
    media_id = transcript(user.id, "Réunion du lundi : le budget vélo est validé.")

    page.goto("/workflows")
    page.get_by_test_id("workflow-new").click()
    variables = page.get_by_label("Variables du formulaire")
    variables.fill("jour:date:Jour:2025-01-01|2025-12-31\ndoc:file:Compte rendu")
    variables.blur()

    # Input → agent (a built-in, from the side panel's picker) → output.
    page.get_by_test_id("palette-agent").click()
    panel = page.get_by_test_id("node-panel")
    panel.get_by_test_id("node-agent_id").select_option("redaction")
    panel.get_by_test_id("node-template").fill("Le {{jour}}, résume : {{doc}}")
    page.get_by_test_id("palette-output").click()
    link(page, "input", "agent")
    link(page, "agent", "output")
    expect(page.get_by_test_id("validation")).to_have_text("Combinaison valide")
    page.get_by_test_id("workflow-save").click()
    expect(page.get_by_text("Version 2 enregistrée")).to_be_visible()

    # A day outside the bounds is refused, naming the field; then the run goes through.
    page.get_by_test_id("run-value-jour").fill("2026-03-01")
    page.get_by_test_id("run-value-doc").select_option(media_id)
    page.get_by_test_id("run-start").click()
    expect(page.get_by_text("Jour : valeur manquante ou invalide")).to_be_visible()
    page.get_by_test_id("run-value-jour").fill("2025-03-01")
    page.get_by_test_id("run-start").click()
    expect(page.get_by_test_id("run-view")).to_have_attribute("data-status", "succeeded", timeout=30_000)
    expect(page.get_by_test_id("node-agent")).to_have_attribute("data-status", "succeeded")
    assert page.get_by_test_id("output-agent").inner_text().strip()
    expect(page.get_by_test_id("output-output")).to_have_text(
        page.get_by_test_id("output-agent").inner_text()
    )
