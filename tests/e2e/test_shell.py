"""The SPA shell in a real browser: French by default, English on demand, every feature in the nav."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

FEATURES = [
    "chat",
    "assistants",
    "prompts",
    "catalog",
    "images",
    "audio",
    "documents",
    "agents",
    "voice",
    "workflows",
    "automations",
    "blog",
    "tasks",
    "dashboard",
]


def test_signed_out_visitor_lands_on_login_in_french_and_can_switch_to_english(page: Page) -> None:
    page.goto("/")
    # What WeBox does, every feature named, then the way in.
    expect(page.get_by_test_id("landing")).to_be_visible()
    expect(page.get_by_test_id("landing-features").locator("li")).to_have_count(len(FEATURES))
    expect(page.get_by_test_id("landing-register")).to_be_visible()
    page.get_by_test_id("landing-sign-in").click()
    expect(page).to_have_url(re.compile(r"/login"))
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    submit = page.get_by_test_id("login-submit")
    french_label = submit.inner_text()
    page.get_by_test_id("lang-switch").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(submit).not_to_have_text(french_label)
    page.reload()
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_signed_in_user_sees_every_feature_in_the_navigation(page: Page) -> None:
    page.goto("/register")
    page.get_by_test_id("register-name").fill("Camille Martin")
    page.get_by_test_id("register-email").fill("camille@example.fr")
    page.get_by_test_id("register-password").fill("un mot de passe solide 2026")
    page.get_by_test_id("register-submit").click()
    if page.get_by_test_id("register-success").is_visible():
        page.goto("/login")
        page.get_by_test_id("login-email").fill("camille@example.fr")
        page.get_by_test_id("login-password").fill("un mot de passe solide 2026")
        page.get_by_test_id("login-submit").click()
    for feature in FEATURES:
        expect(page.get_by_test_id(f"nav-{feature}")).to_be_visible()
    # Every feature has its page: the blog studio tells a non-editor how to get in.
    page.get_by_test_id("nav-blog").click()
    expect(page.get_by_test_id("blog-not-editor")).to_contain_text("éditeurs")
    expect(page.get_by_test_id("socket-status")).to_have_attribute("data-status", "connected")
