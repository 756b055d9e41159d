"""Agents in a real browser: a team of three on the simulated vendors, its plan edited, one e-mail
step approved, the final answer citing each member, the cost in the run and the agents' metrics."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect
from webox.auth import repository as auth_repository

from tests.e2e.test_chat import sign_up

pytestmark = pytest.mark.browser


def verify(email: str) -> None:
    """The platform pays for model calls of verified addresses only (the link is tested elsewhere)."""
    user_id = auth_repository.user_id_for(f"email:{email}")
    user = auth_repository.get_user(user_id) if user_id else None
    assert user is not None
    auth_repository.update_user(user, email_verified=True)


def test_a_team_run_with_an_edited_plan_and_an_approved_email(
    page: Page, outbox: Callable[[], list[dict[str, str]]]
) -> None:
    sign_up(page, "lea@example.fr")
    verify("lea@example.fr")
    page.goto("/agents")
    for agent in ("ventes", "marketing", "support"):
        page.get_by_test_id(f"select-{agent}").check()
    page.get_by_test_id("run-goal").fill("Lancer notre offre PME")
    page.get_by_test_id("run-email").check()
    page.get_by_test_id("run-start").click()

    # The plan waits: the owner rewrites the sales step and has marketing follow it.
    editor = page.get_by_test_id("plan-editor")
    expect(editor).to_be_visible()
    page.get_by_test_id("plan-ventes").locator("textarea").fill("Rédige l'offre PME à 49 euros par mois")
    page.get_by_test_id("plan-marketing").get_by_role("listbox").select_option(["ventes"])
    page.get_by_test_id("plan-approve").click()

    email_step = page.get_by_test_id("step-email")
    expect(email_step).to_have_attribute("data-status", "waiting_approval", timeout=30_000)
    for member in ("ventes", "marketing", "support"):
        expect(page.get_by_test_id(f"step-{member}")).to_have_attribute("data-status", "succeeded")
    contributions = page.get_by_test_id("step-synthesis").get_by_test_id("step-contributions")
    expect(contributions).to_contain_text("Ventes")
    expect(contributions).to_contain_text("Marketing")
    expect(contributions).to_contain_text("Support client")

    page.get_by_test_id("approve-email").click()
    expect(email_step).to_have_attribute("data-status", "succeeded", timeout=20_000)
    expect(page.get_by_test_id("run-view")).to_contain_text("Terminée")
    assert any(m["to"] == "lea@example.fr" and "Contributions" in m["text"] for m in outbox())
    expect(page.get_by_test_id("run-cost")).to_contain_text("$")

    page.reload()
    expect(page.get_by_test_id("metrics-line-ventes")).to_be_visible()


def test_an_own_agent_is_created_in_the_editor_and_duplicated(page: Page) -> None:
    sign_up(page, "sam@example.fr")
    page.goto("/agents")
    page.get_by_test_id("agent-new").click()
    page.get_by_test_id("agent-name").fill("Veille prix")
    page.get_by_test_id("agent-instructions").fill("Compare les prix des concurrents.")
    page.get_by_test_id("agent-save").click()
    expect(page.get_by_test_id("agent-editor")).to_be_hidden()
    card = page.locator('[data-testid^="agent-"]', has_text="Veille prix").first
    expect(card).to_contain_text("Le vôtre")
    page.get_by_test_id("duplicate-juridique").click()
    expect(page.locator("li", has_text="Juridique (copie)")).to_be_visible()
