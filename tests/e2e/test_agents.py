"""Agents in a real browser: a team of three on the simulated vendors, its plan edited, one e-mail
step approved, the final answer citing each member, the cost in the run and the agents' metrics."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect
from webox.auth import repository as auth_repository
from webox.local.host import LocalHost

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
    # The run answers once the supervisor's model call has drafted the plan: seconds on a busy machine.
    expect(editor).to_be_visible(timeout=20_000)
    # The supervisor (the first member) drafted it in one model call.
    expect(page.get_by_test_id("plan-source")).to_have_attribute("data-source", "model")
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


def test_an_mcp_server_is_added_its_tools_allowed_then_removed(
    page: Page, aws: LocalHost, monkeypatch: pytest.MonkeyPatch
) -> None:
    from webox.auth import api_tokens
    from webox.config import get_settings

    # WeBox's own MCP endpoint plays the remote server; loopback is allowed for this test only.
    settings = get_settings()
    monkeypatch.setattr(
        settings, "private_hosts_allowed", [*settings.private_hosts_allowed, urlsplit(aws.url).netloc]
    )
    sign_up(page, "ines@example.fr")
    user = auth_repository.get_user(auth_repository.user_id_for("email:ines@example.fr") or "")
    assert user is not None
    token, _item = api_tokens.create_api_token(
        user, "mcp", ["tasks", "read"], 1, password="une longue phrase de passe", code=None, session_id=None
    )
    page.goto("/agents")
    page.get_by_test_id("agent-new").click()
    page.get_by_test_id("agent-name").fill("Outils distants")
    page.get_by_test_id("agent-instructions").fill("Tu utilises les outils du serveur MCP.")
    expect(page.get_by_test_id("agent-editor")).to_contain_text("Enregistrez d'abord l'agent")
    page.get_by_test_id("agent-save").click()
    card = page.locator('[data-testid^="agent-"]', has_text="Outils distants").first
    card.get_by_role("button", name="Modifier").click()

    # An internal address is refused, in French.
    page.get_by_test_id("mcp-url").fill("http://169.254.169.254/mcp")
    page.get_by_test_id("mcp-token").fill(token)
    page.get_by_test_id("mcp-add").click()
    expect(page.get_by_test_id("mcp-add-error")).to_contain_text("adresses internes")

    page.get_by_test_id("mcp-url").fill(f"{aws.url}/api/mcp")
    page.get_by_test_id("mcp-add").click()
    server = page.get_by_test_id("mcp-server")
    expect(server).to_contain_text("Aucun outil autorisé")
    expect(server).to_contain_text(f"jeton …{token[-4:]}")
    server.get_by_test_id("mcp-choose-tools").click()
    server.get_by_label("knowledge_bases").check()
    server.get_by_test_id("mcp-save-tools").click()
    expect(server.get_by_test_id("mcp-allowed")).to_contain_text("Outils autorisés : knowledge_bases")

    server.get_by_test_id("mcp-remove").click()
    server.get_by_test_id("mcp-remove-confirm").click()
    expect(page.get_by_test_id("mcp-server")).to_have_count(0)


def test_an_emailed_link_shows_the_agents_email_and_approves_it(
    page: Page, outbox: Callable[[], list[dict[str, str]]]
) -> None:
    from tests.agents.conftest import until

    sign_up(page, "noe@example.fr")
    verify("noe@example.fr")
    csrf = {"X-CSRF-Token": next(c["value"] for c in page.context.cookies() if c["name"] == "webox_csrf")}
    agent = page.request.post(
        "/api/agents",
        data={
            "name": "Relances",
            "instructions": "Tu relances les clients.",
            "model": "gpt-4o-mini",
            "tools": ["send_email"],
        },
        headers=csrf,
    ).json()
    started = page.request.post(
        "/api/agents/runs",
        data={"goal": "send_email à client@example.fr : le devis est prêt", "agent_ids": [agent["agent_id"]]},
        headers=csrf,
    )
    assert started.ok, started.text()

    # The owner's mail holds the signed link; it opens the agents' approval page, no sign-in needed.
    [mail] = until(
        lambda: [m for m in outbox() if m["to"] == "noe@example.fr" and "send_email" in m["subject"]], bool
    )
    link = next(word for word in mail["text"].split() if "/agents/approve#token=" in word)
    page.context.clear_cookies()
    page.goto(urlsplit(link).path + "#" + urlsplit(link).fragment)
    expect(page.get_by_test_id("tool-approval-request")).to_contain_text(
        "client@example.fr", timeout=15_000
    )  # a cold page
    page.get_by_test_id("tool-approve").click()
    expect(page.get_by_test_id("tool-approval-done")).to_be_visible()
    sent = until(lambda: [m for m in outbox() if m["to"] == "client@example.fr"], bool)
    assert len(sent) == 1 and "devis" in sent[0]["text"]
