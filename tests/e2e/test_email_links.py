"""The e-mailed links carry their token in the fragment, and the pages they open read it there."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Page, expect

from tests.accounts import Account, login

pytestmark = pytest.mark.browser

Outbox = Callable[[], list[dict[str, str]]]


def _link(outbox: Outbox, page_name: str) -> str:
    match = re.search(rf"https?://[^/\s]+(/{page_name}#token=[\w-]+)", outbox()[-1]["text"])
    assert match, outbox()[-1]["text"]
    return match.group(1)


def test_the_verification_and_reset_links_work_from_the_fragment(
    page: Page, create_account: Callable[..., Account], new_client: Callable[[], object], outbox: Outbox
) -> None:
    account = create_account()
    page.goto(_link(outbox, "verify-email"))
    expect(page.get_by_test_id("verify-success")).to_be_visible()
    assert "token" not in page.url

    assert account.client.post("/api/auth/password/forgot", json={"email": account.email}).status_code == 202
    page.goto(_link(outbox, "reset-password"))
    page.get_by_test_id("reset-password").fill("a brand new pass phrase")
    page.get_by_test_id("reset-submit").click()
    expect(page.get_by_test_id("reset-done")).to_be_visible()
    assert login(new_client(), account.email, "a brand new pass phrase").status_code == 200  # type: ignore[arg-type]
