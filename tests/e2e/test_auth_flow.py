"""Sign up → sign in → enable 2FA → sign out → sign in with a TOTP code, in a real browser."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

EMAIL, PASSWORD = "ines@example.fr", "une longue phrase de passe"


def test_two_factor_journey(page: Page) -> None:
    page.goto("/register")
    page.get_by_test_id("register-name").fill("Inès Dupont")
    page.get_by_test_id("register-email").fill(EMAIL)
    page.get_by_test_id("register-password").fill(PASSWORD)
    page.get_by_test_id("register-submit").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()

    # Sign out, then in with the password.
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("sign-out").click()
    expect(page).to_have_url(re.compile(r"/login"))
    page.get_by_test_id("login-email").fill(EMAIL)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()

    # Enable 2FA from the security page: QR code, secret, confirmation, recovery codes.
    page.goto("/settings/security")
    page.get_by_test_id("totp-setup-password").fill(PASSWORD)
    page.get_by_test_id("totp-setup-start").click()
    expect(page.get_by_test_id("totp-qr")).to_be_visible()
    # The QR code renders as an image (an SVG without its namespace shows only the alt text).
    page.wait_for_function("document.querySelector('[data-testid=totp-qr]').naturalWidth > 0")
    secret = page.get_by_test_id("totp-secret").inner_text().replace(" ", "").strip()
    totp = pyotp.TOTP(secret)
    page.get_by_test_id("totp-confirm-code").fill(totp.now())
    page.get_by_test_id("totp-confirm-submit").click()
    expect(page.get_by_test_id("recovery-code")).to_have_count(10)
    page.get_by_test_id("recovery-codes-done").click()
    expect(page.get_by_test_id("totp-status")).to_have_attribute("data-enabled", "true")

    # Sign out; signing in now asks for a code, and a fresh TOTP code lets the user in.
    page.get_by_test_id("user-menu").click()
    page.get_by_test_id("sign-out").click()
    page.get_by_test_id("login-email").fill(EMAIL)
    page.get_by_test_id("login-password").fill(PASSWORD)
    page.get_by_test_id("login-submit").click()
    # The code field opens empty and focused, for digits and the phone's one-time-code autofill;
    # the user types the code (the one used at enrolment cannot replay) and presses Enter.
    code_field = page.get_by_test_id("mfa-code")
    expect(code_field).to_be_focused()
    expect(code_field).to_have_value("")
    expect(code_field).to_have_attribute("inputmode", "numeric")
    expect(code_field).to_have_attribute("autocomplete", "one-time-code")
    page.keyboard.type(totp.at(time.time() + 30))
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/chat"))
