"""Browser tests: Playwright drives Debian's Chromium against the local host."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from webox.local.host import LocalHost

CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    # A fake microphone, allowed without asking (the chat's dictation).
    "--use-fake-device-for-media-stream",
    "--use-fake-ui-for-media-stream",
]


def chromium_path() -> str:
    path = os.environ.get("WEBOX_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not os.path.exists(path):
        pytest.fail("Debian's chromium is required for browser tests: run `make chromium`")
    return path


# Package scope: Playwright's sync API keeps an event loop running in this thread while it is open,
# which would break `asyncio.run` in the tests collected after this package.
@pytest.fixture(scope="package")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as pw:
        yield pw


@pytest.fixture(scope="package")
def browser(playwright: Playwright) -> Iterator[Browser]:
    instance = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
    yield instance
    instance.close()


@pytest.fixture
def page(browser: Browser, aws: LocalHost) -> Iterator[Page]:
    """A fresh browser context (no cookies, French) on the local host, with the app's origin as base URL."""
    context = browser.new_context(base_url=aws.url, locale="fr-FR", viewport={"width": 1366, "height": 900})
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()
