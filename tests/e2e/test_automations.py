"""Automations in a real browser, with no Pipedream account (the fake Connect): connect an account
through Connect's own page, deploy a trigger, fire it and see its event counted, schedule a prompt
every weekday at 8:00 and pause it, add an outgoing webhook and read its secret once; install a
template, connect its accounts from its card, fire its trigger and see its workflow run; generate an
automation from a French sentence, save it and see its trigger post on Slack; `/automatiser` in
the chat."""

from __future__ import annotations

import re

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect
from webox.auth import repository as auth_repository
from webox.local.host import LocalHost

from tests.e2e.test_chat import sign_up
from tests.waiting import wait_for

pytestmark = pytest.mark.browser


def test_connect_an_account_deploy_a_trigger_fire_it_and_schedule_a_prompt(
    page: Page, aws: LocalHost
) -> None:
    sign_up(page, "lea@example.fr")
    page.get_by_test_id("nav-automations").click()
    expect(page).to_have_url(re.compile(r"/automations$"))
    expect(page.get_by_test_id("automations-page")).to_be_visible()

    # Connect's own flow opens in a new tab: one click "authorises" the fake Slack account.
    page.get_by_test_id("automations-connect-app").select_option("slack")
    with page.context.expect_page() as popup_info:
        page.get_by_test_id("automations-connect").click()
    popup = popup_info.value
    popup.get_by_role("button", name="Connect Slack").click()
    popup.wait_for_url(re.compile(r"/automations\?account_id="))
    popup.close()
    page.get_by_test_id("automations-accounts-refresh").click()
    expect(page.get_by_test_id("automations-account")).to_contain_text("Opérationnel")

    # A trigger on new Slack messages whose events ask a model for a summary.
    page.get_by_test_id("automations-trigger-account").select_option(index=1)
    page.get_by_test_id("automations-trigger-component").select_option("slack-new-message-in-channels")
    page.get_by_test_id("automations-prop-conversations").fill("C042")
    page.get_by_test_id("automations-trigger-prompt").fill("Résume ce message en une phrase.")
    # The fake Pipedream outlives each test's reset: the trigger is the one this click deploys.
    state = aws.components["fakes"]["pipedream"].server.config.app.state.connect
    before = set(state.triggers)
    page.get_by_test_id("automations-trigger-create").click()
    trigger = page.get_by_test_id("automations-trigger")
    expect(trigger).to_contain_text("0 événement(s)")
    fire_new_trigger(aws, before, {"text": "Le devis est validé"})
    page.reload()
    expect(page.get_by_test_id("automations-trigger-events")).to_have_text("1 événement(s) reçu(s)")

    # Every weekday at 8:00, Paris time.
    page.get_by_test_id("automations-schedule-label").fill("Revue du matin")
    page.get_by_test_id("automations-schedule-time").fill("08:00")
    page.get_by_test_id("automations-schedule-prompt").fill("Quoi de neuf dans l'IA ?")
    page.get_by_test_id("automations-schedule-create").click()
    schedule = page.get_by_test_id("automations-schedule")
    expect(schedule).to_contain_text("Prochaine exécution")
    expect(page.get_by_test_id("automations-schedule-count")).to_contain_text("1 sur 3")
    page.get_by_test_id("automations-schedule-pause").click()
    expect(schedule).to_contain_text("En pause")

    # An outgoing webhook: its signing secret is shown once.
    page.get_by_test_id("automations-webhook-url").fill("https://hooks.example.com/webox")
    page.get_by_test_id("automations-webhook-create").click()
    expect(page.get_by_test_id("automations-webhook-secret")).to_contain_text("whsec_")
    expect(page.get_by_test_id("automations-webhook")).to_contain_text("task.succeeded")


def fire_new_trigger(aws: LocalHost, before: set[str], event: dict[str, object]) -> None:
    """The fake Pipedream outlives each test's reset: fire the one trigger deployed since `before`."""
    state = aws.components["fakes"]["pipedream"].server.config.app.state.connect
    (trigger_id,) = [t.id for key, t in state.triggers.items() if key not in before]
    fired = httpx.post(
        f"{aws.components['fakes']['pipedream'].url}/_fake/deployed-triggers/{trigger_id}/emit",
        json={"event": event},
    )
    assert fired.json()["status"] == 202


def connect_from_card(
    page: Page, card: Locator, app: str, name: str, prefix: str = "automations-template-app"
) -> None:
    """The card's Connect button opens Connect's own page in a new tab: one click there."""
    with page.context.expect_page() as popup_info:
        card.get_by_test_id(f"{prefix}-{app}").get_by_role("button").click()
    popup = popup_info.value
    popup.get_by_role("button", name=f"Connect {name}").click()
    popup.wait_for_url(re.compile(r"/automations\?account_id="))
    popup.close()


def test_install_a_template_connect_its_accounts_fire_it_and_see_the_workflow_run(
    page: Page, aws: LocalHost
) -> None:
    sign_up(page, "nina@example.fr")
    user = auth_repository.get_user(page.request.get("/api/auth/me").json()["id"])
    assert user is not None
    auth_repository.update_user(user, email_verified=True)  # the platform pays only for verified accounts
    page.goto("/automations")
    page.get_by_test_id("automations-tab-templates").click()
    card = page.get_by_test_id("automations-template-gmail-summary")
    expect(card).to_contain_text("Résumé des nouveaux e-mails")
    expect(card.get_by_test_id("automations-template-install")).to_be_disabled()

    connect_from_card(page, card, "gmail", "Gmail")
    connect_from_card(page, card, "slack", "Slack")
    page.get_by_test_id("automations-templates-refresh").click()
    expect(card.get_by_test_id("automations-template-app-slack")).to_contain_text("connecté")
    card.get_by_test_id("automations-template-setting-channel").fill("#equipe")
    state = aws.components["fakes"]["pipedream"].server.config.app.state.connect
    before = set(state.triggers)
    card.get_by_test_id("automations-template-install").click()
    expect(card.get_by_test_id("automations-template-installed")).to_be_visible()

    # Gmail receives an e-mail: the trigger fires, the workflow summarises it and posts on Slack.
    fire_new_trigger(aws, before, {"subject": "Devis", "text": "Pouvez-vous m'envoyer un devis ?"})
    page.goto("/tasks")
    run = (
        page.get_by_test_id("task-row")
        .filter(has_text="Résumé des nouveaux e-mails")
        .filter(has_text="Combinaison")  # the workflow run, not the trigger's automation task
    )
    expect(run.get_by_test_id("task-status")).to_have_attribute("data-status", "succeeded", timeout=30_000)
    posted = [
        r
        for r in state.runs
        if r["id"] == "slack-send-message" and r["configured_props"]["channel"] == "#equipe"
    ]
    assert len(posted) == 1


def test_the_advisor_suggests_templates_and_each_has_a_guide(page: Page) -> None:
    sign_up(page, "guide@example.fr")
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "webox_csrf")
    for title in ("Trier mes e-mails Gmail", "Préparer la réunion de lundi"):
        made = page.request.post("/api/conversations", data={"title": title}, headers={"X-CSRF-Token": csrf})
        assert made.status == 201, made.text()
    page.goto("/automations")
    page.get_by_test_id("automations-tab-templates").click()

    # The advisor suggests the templates those conversations call for, saying why.
    page.get_by_test_id("advice-ask").click()
    suggested = page.get_by_test_id("advice-suggestion")
    expect(suggested).to_have_count(2, timeout=20_000)
    expect(suggested.filter(has_text="Trier mes e-mails Gmail")).to_have_attribute(
        "data-template-id", "gmail-summary"
    )
    expect(page.get_by_test_id("advice-explanation")).not_to_be_empty()

    card = page.get_by_test_id("automations-template-gmail-summary")
    card.get_by_test_id("automations-template-guide").click()

    expect(page).to_have_url(re.compile(r"/automations/guides/gmail-summary$"))
    guide = page.get_by_test_id("guide")
    expect(guide.get_by_test_id("guide-starts")).to_contain_text("gmail-new-email-received")
    steps = guide.get_by_test_id("guide-step")
    expect(steps).to_have_count(3)
    expect(guide.locator('[data-testid="guide-step"][data-type="prompt"]')).to_contain_text(
        "Résume cet e-mail"
    )
    expect(guide.locator('[data-testid="guide-step"][data-type="pipedream"]')).to_contain_text(
        "slack-send-message"
    )

    page.go_back()
    page.get_by_test_id("automations-tab-templates").click()
    page.get_by_test_id("automations-troubleshooter-guide").click()
    expect(page.get_by_test_id("guide-troubleshooter")).to_contain_text("Expliquer l'échec")
    page.goto("/automations/guides/nothing-here")
    expect(page.get_by_test_id("guide-not-found")).to_be_visible()


def test_generate_an_automation_from_a_french_sentence_save_it_and_automate_a_chat(
    page: Page, aws: LocalHost
) -> None:
    sign_up(page, "gael@example.fr")
    user = auth_repository.get_user(page.request.get("/api/auth/me").json()["id"])
    assert user is not None
    auth_repository.update_user(user, email_verified=True)
    page.goto("/automations")
    page.get_by_test_id("automations-tab-generator").click()
    expect(page.get_by_test_id("automations-generator-guide")).to_be_visible()
    page.get_by_test_id("automations-generator-description").fill(
        "Quand je reçois un nouvel e-mail Gmail, résume-le et poste le résumé sur Slack dans #clients."
    )
    page.get_by_test_id("automations-generator-submit").click()
    expect(page).to_have_url(re.compile(r"tab=generator&task=[0-9a-f]{32}"))

    # The checked draft: its trigger, an AI step, then the Slack action with the channel asked for.
    draft = page.get_by_test_id("automations-draft")
    expect(draft.get_by_test_id("automations-draft-starts")).to_contain_text(
        "gmail-new-email-received", timeout=20_000
    )
    steps = draft.get_by_test_id("automations-draft-step")
    expect(steps).to_have_count(2)
    expect(steps.nth(1)).to_have_attribute("data-component", "slack-send-message")
    expect(steps.nth(1)).to_contain_text("#clients")
    expect(draft.get_by_test_id("automations-draft-save")).to_be_disabled()

    connect_from_card(page, draft, "gmail", "Gmail", "automations-draft-app")
    connect_from_card(page, draft, "slack", "Slack", "automations-draft-app")
    page.reload()  # the draft is read again from its task: the address keeps it
    expect(draft.get_by_test_id("automations-draft-app-slack")).to_contain_text("connecté")
    state = aws.components["fakes"]["pipedream"].server.config.app.state.connect
    before = set(state.triggers)
    draft.get_by_test_id("automations-draft-save").click()
    expect(draft.get_by_test_id("automations-draft-saved")).to_be_visible()

    fire_new_trigger(aws, before, {"subject": "Commande", "text": "Pouvez-vous livrer lundi ?"})
    wait_for(
        lambda: [
            r
            for r in state.runs
            if r["id"] == "slack-send-message" and r["configured_props"]["channel"] == "#clients"
        ],
        timeout=30,
        what="the Slack message",
    )

    # In the chat, /automatiser sends the conversation and what follows the command to the generator.
    page.goto("/chat")
    page.get_by_test_id("composer-input").fill(
        "/automatiser Chaque jour à 8 h, poste sur Slack dans #equipe le bilan de mes tâches terminées."
    )
    page.get_by_test_id("composer-send").click()
    expect(page).to_have_url(re.compile(r"/automations\?tab=generator&task=[0-9a-f]{32}"))
    expect(page.get_by_test_id("automations-draft-starts")).to_contain_text(
        "chaque jour à 08:00", timeout=20_000
    )
