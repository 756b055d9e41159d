"""The voice journey in Chromium: a persona on a simulated number, a call from the softphone, several
turns, one interruption, then the call's page with transcript, recording, summary and latency."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect
from webox.auth import repository as auth_repository

from tests.e2e.test_chat import sign_up


def _verify(email: str) -> None:
    user = next(iter(auth_repository.users_by_email(email, None, 1)), None)
    assert user is not None and user.email == email
    auth_repository.update_user(user, email_verified=True)


def test_call_from_the_softphone_then_find_the_call(page: Page, simulators: dict[str, Any]) -> None:
    simulators["openai"].duration_s = 3.0  # answers long enough to interrupt
    sign_up(page, "lea@example.fr")
    _verify("lea@example.fr")
    page.goto("/voice")
    page.get_by_test_id("persona-name").fill("Accueil")
    page.get_by_test_id("persona-greeting").fill("Bonjour, que puis-je pour vous ?")
    page.get_by_test_id("persona-consent_line").fill("Cet appel est enregistré.")
    page.get_by_test_id("persona-create").click()
    expect(page.get_by_test_id("voice-personas")).to_contain_text("Accueil")
    page.get_by_test_id("claim-+33900000001").click()
    expect(page.get_by_test_id("voice-numbers")).to_contain_text("Accueil")

    page.get_by_test_id("softphone-call").click()
    expect(page.get_by_test_id("softphone-lines")).to_contain_text("Cet appel est enregistré.")
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
    page.get_by_test_id("softphone-hangup").click()
    expect(page.get_by_test_id("softphone-ended")).to_be_visible(timeout=20_000)

    page.get_by_test_id("call-link").first.click()
    expect(page.get_by_test_id("call-page")).to_be_visible()
    expect(page.get_by_test_id("call-summary")).not_to_contain_text("Analyse en cours", timeout=30_000)
    expect(page.get_by_test_id("call-transcript")).to_contain_text("Plutôt jeudi après-midi.")
    expect(page.get_by_test_id("call-transcript")).to_contain_text("interrompu")
    expect(page.get_by_test_id("call-recording")).to_be_attached()
    expect(page.get_by_test_id("turn-latency").first).to_contain_text("ms")
    expect(page.get_by_test_id("call-fields")).to_contain_text("Léa Martin")
    expect(page.get_by_test_id("call-score")).to_be_visible(timeout=30_000)
