"""Signing in with Google or GitHub on an account with 2FA: the provider's return lands on the login
page with the 2FA step's token in the fragment, and the page asks for the code."""

from __future__ import annotations

import re
import time

import pyotp
import pytest
from playwright.sync_api import Page, expect
from webox.auth import sign_in
from webox.auth.sessions import ClientInfo

from tests.accounts import PASSWORD, Account

pytestmark = pytest.mark.browser


def test_the_login_page_asks_for_the_code_after_a_provider_sign_in(
    page: Page, create_account: object
) -> None:
    account: Account = create_account()  # type: ignore[operator]
    setup = account.client.post(
        "/api/auth/2fa/setup", json={"password": PASSWORD}, headers=account.csrf()
    ).json()
    totp = pyotp.TOTP(setup["secret"])
    enabled = account.client.post(
        "/api/auth/2fa/enable", json={"code": totp.at(time.time() - 30)}, headers=account.csrf()
    )
    assert enabled.status_code == 200
    # What the OAuth callback ends with for this account (tests/auth/test_oauth.py drives the provider).
    step = sign_in.login(account.email, PASSWORD, ClientInfo())
    assert step.mfa_token

    page.goto(f"/login?next=%2Fchat#mfa_token={step.mfa_token}")
    expect(page.get_by_test_id("mfa-form")).to_be_visible()
    # Taken out of the address bar once read (after the first paint: wait for it).
    expect(page).not_to_have_url(re.compile("mfa_token"))
    page.get_by_test_id("mfa-code").fill(totp.now())
    page.get_by_test_id("mfa-submit").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/chat"))
