"""The voice journey in Chromium: a persona on a simulated number, a call from the softphone, several
turns, one interruption, then the call's page with transcript, recording, summary and latency."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect
from webox.auth import repository as auth_repository
from webox.local.host import LocalHost
from webox.testing.twilio import CUSTOMER_ACCOUNT_SID, CUSTOMER_AUTH_TOKEN

from tests.accounts import Account
from tests.e2e.test_chat import sign_up

pytestmark = pytest.mark.browser

NUMBER = "+33900000001"


def _verify(email: str) -> None:
    user = next(iter(auth_repository.users_by_email(email, None, 1)), None)
    assert user is not None and user.email == email
    auth_repository.update_user(user, email_verified=True)


def _assign(create_admin: Callable[..., Account], email: str) -> None:
    admin = create_admin()
    answer = admin.client.put(
        f"/api/voice/admin/numbers/{NUMBER}/assignment", json={"email": email}, headers=admin.csrf()
    )
    assert answer.status_code == 200, answer.text


def test_call_from_the_softphone_then_find_the_call(
    page: Page, simulators: dict[str, Any], create_admin: Callable[..., Account]
) -> None:
    simulators["openai"].duration_s = 3.0  # answers long enough to interrupt
    sign_up(page, "lea@example.fr")
    _verify("lea@example.fr")
    _assign(create_admin, "lea@example.fr")
    csrf = {"X-CSRF-Token": next(c["value"] for c in page.context.cookies() if c["name"] == "webox_csrf")}
    base = page.request.post(
        "/api/agents/knowledge-bases", data={"name": "Tarifs", "description": ""}, headers=csrf
    )
    assert base.ok, base.text()
    page.goto("/voice")
    page.get_by_test_id("persona-name").fill("Accueil")
    page.get_by_test_id("persona-greeting").fill("Bonjour, que puis-je pour vous ?")
    page.get_by_test_id("persona-consent_line").fill("Cet appel est enregistré.")
    # The persona answers from one of the caller's knowledge bases, picked by name.
    page.get_by_test_id("persona-knowledge").select_option(label="Tarifs")
    page.get_by_test_id("persona-create").click()
    expect(page.get_by_test_id("voice-personas")).to_contain_text("Accueil")
    personas = page.request.get("/api/voice/personas").json()["items"]
    assert [p["knowledge_base_id"] for p in personas] == [base.json()["base_id"]]
    page.get_by_test_id("claim-+33900000001").click()
    expect(page.get_by_test_id("voice-numbers")).to_contain_text("Répond : Accueil")

    page.get_by_test_id("softphone-call").click()
    expect(page.get_by_test_id("softphone-lines")).to_contain_text("Cet appel est enregistré.")
    expect(page.get_by_test_id("live-call-status")).to_contain_text("en cours")
    page.get_by_test_id("softphone-input").fill("Je m'appelle Léa Martin, je voudrais un rendez-vous.")
    page.get_by_test_id("softphone-say").click()
    expect(page.get_by_test_id("softphone-interrupt")).to_be_enabled(timeout=20_000)
    expect(page.get_by_test_id("softphone-line-assistant").nth(1)).not_to_be_empty()
    page.get_by_test_id("softphone-interrupt").click()
    expect(page.get_by_test_id("softphone-lines")).to_contain_text("interrompu")
    simulators["openai"].duration_s = 0.2
    page.get_by_test_id("softphone-input").fill("Plutôt jeudi après-midi.")
    page.get_by_test_id("softphone-say").click()
    expect(page.get_by_test_id("softphone-line-assistant")).to_have_count(3, timeout=20_000)
    expect(page.get_by_test_id("softphone-interrupt")).to_be_disabled(timeout=20_000)  # answered in full
    expect(page.get_by_test_id("live-turn-caller")).to_have_count(2)
    page.get_by_test_id("softphone-hangup").click()
    expect(page.get_by_test_id("softphone-ended")).to_be_visible(timeout=20_000)
    expect(page.get_by_test_id("live-call-status")).to_contain_text("terminé", timeout=20_000)

    page.get_by_test_id("call-link").first.click()
    expect(page.get_by_test_id("call-page")).to_be_visible()
    expect(page.get_by_test_id("call-summary")).not_to_contain_text("Analyse en cours", timeout=30_000)
    expect(page.get_by_test_id("call-transcript")).to_contain_text("Plutôt jeudi après-midi.")
    expect(page.get_by_test_id("call-transcript")).to_contain_text("interrompu")
    expect(page.get_by_test_id("call-recording")).to_be_attached()
    expect(page.get_by_test_id("turn-latency").first).to_contain_text("ms")
    expect(page.get_by_test_id("call-fields")).to_contain_text("Léa Martin")
    expect(page.get_by_test_id("call-score")).to_be_visible(timeout=30_000)


def test_connect_an_own_twilio_account_and_an_admin_assigns_a_number(
    page: Page,
    browser: Browser,
    aws: LocalHost,
    create_admin: Callable[..., Account],
    create_account: Callable[..., Account],
) -> None:
    sign_up(page, "hugo@example.fr")
    page.goto("/voice")
    expect(page.get_by_test_id("voice-numbers-empty")).to_be_visible()
    page.get_by_test_id("twilio-account_sid").fill(CUSTOMER_ACCOUNT_SID)
    page.get_by_test_id("twilio-auth_token").fill("not-the-token")
    page.get_by_test_id("twilio-connect").click()
    expect(page.get_by_test_id("twilio-error")).to_contain_text("Twilio refuse ces identifiants")
    page.get_by_test_id("twilio-auth_token").fill(CUSTOMER_AUTH_TOKEN)
    page.get_by_test_id("twilio-connect").click()
    connected = page.get_by_test_id("twilio-connected")
    expect(connected).to_contain_text("Cabinet Martin")
    expect(connected).not_to_contain_text(CUSTOMER_AUTH_TOKEN)
    expect(connected).to_contain_text(CUSTOMER_AUTH_TOKEN[-4:])
    expect(page.get_by_test_id("voice-numbers")).to_contain_text("+33900000101")
    expect(page.get_by_test_id("voice-numbers")).to_contain_text("mon compte Twilio")
    page.get_by_test_id("twilio-disconnect").click()
    page.get_by_test_id("twilio-disconnect-confirm").click()
    expect(page.get_by_test_id("twilio-account_sid")).to_be_visible()

    # An admin, in their own browser tab, assigns a platform number to another user.
    admin = create_admin()
    user = create_account()
    admin_page = browser.new_context(base_url=aws.url, locale="fr-FR").new_page()
    admin_page.goto("/login")
    admin_page.get_by_test_id("login-email").fill(admin.email)
    admin_page.get_by_test_id("login-password").fill(admin.password)
    admin_page.get_by_test_id("login-submit").click()
    expect(admin_page.get_by_test_id("user-menu")).to_be_visible()
    admin_page.goto("/voice")
    admin_page.get_by_test_id(f"assign-email-{NUMBER}").fill(user.email)
    admin_page.get_by_test_id(f"assign-{NUMBER}").click()
    expect(admin_page.get_by_test_id(f"assigned-{NUMBER}")).to_contain_text(user.email)
    assert user.client.get("/api/voice/numbers").json()["items"][0]["phone_number"] == NUMBER
