"""The blog's journey in a real browser: a user an administrator made an editor writes a post with
suggestions from several simulated models side by side, publishes it, a signed-out reader with
JavaScript off reads the static page (and finds it in the sitemap and the RSS feed), another user
comments and the editor approves the comment from the moderation queue."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from playwright.sync_api import Browser, Page, expect
from webox.auth import accounts
from webox.auth import repository as auth_repository
from webox.blog.config import get_blog_settings
from webox.local.host import LocalHost

from tests.accounts import Account

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 20_000


PASSWORD = "une longue phrase de passe"


def sign_up(page: Page, email: str) -> None:
    """Register through the form, then sign in (registration no longer opens a session)."""
    page.goto("/register")
    page.get_by_test_id("register-name").fill("Camille Roux")
    page.get_by_test_id("register-email").fill(email)
    page.get_by_test_id("register-password").fill(PASSWORD)
    page.get_by_test_id("register-submit").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    if not page.get_by_test_id("user-menu").count():
        page.goto("/login")
        page.get_by_test_id("login-email").fill(email)
        page.get_by_test_id("login-password").fill(PASSWORD)
        page.get_by_test_id("login-submit").click()
    expect(page.get_by_test_id("user-menu")).to_be_visible()


def _promote(create_admin: Callable[..., Account], email: str) -> None:
    admin = create_admin()
    user = accounts.user_by_email(email)
    assert user is not None
    auth_repository.update_user(user, email_verified=True)
    answer = admin.client.patch(
        f"/api/auth/admin/users/{user.id}", json={"role": "editor"}, headers=admin.csrf()
    )
    assert answer.status_code == 200, answer.text


def test_an_editor_writes_with_model_help_publishes_and_a_comment_is_moderated(
    page: Page,
    browser: Browser,
    aws: LocalHost,
    create_admin: Callable[..., Account],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(get_blog_settings(), "comment_min_s", 0.5)
    sign_up(page, "camille@example.fr")
    _promote(create_admin, "camille@example.fr")
    page.goto("/studio/blog")
    page.get_by_test_id("blog-new-post").click()
    expect(page).to_have_url(re.compile(r"/studio/blog/new$"))
    page.get_by_test_id("blog-title").fill("Quatre modèles, un seul brief")
    page.get_by_test_id("blog-excerpt").fill("Ce que la comparaison apprend.")
    page.get_by_test_id("blog-meta").fill(
        "Comparer quatre modèles d'IA sur un même brief : méthode, résultats et conseils."
    )
    page.get_by_test_id("blog-body").fill("## Pourquoi comparer\n\nChaque modèle a ses forces.")
    expect(page.get_by_test_id("blog-preview").locator("h2")).to_have_text("Pourquoi comparer")

    # Writing help: two models side by side, one answer inserted.
    for model in ("gpt-4o-mini", "claude-haiku-4-5"):
        page.locator(f'[data-testid="blog-help-model"][data-model="{model}"]').check()
    page.get_by_test_id("blog-help-ask").click()
    suggestions = page.get_by_test_id("blog-suggestion")
    expect(suggestions).to_have_count(2, timeout=30_000)
    chosen = page.locator('[data-testid="blog-suggestion"][data-model="claude-haiku-4-5"]')
    text = chosen.locator("p.whitespace-pre-wrap").inner_text()
    chosen.get_by_test_id("blog-suggestion-insert").click()
    expect(page.get_by_test_id("blog-body")).to_have_value(re.compile(re.escape(text.strip()[:40])))

    page.get_by_test_id("blog-publish").click()
    public = page.get_by_test_id("blog-public-link")
    expect(public).to_be_visible()
    path = public.get_attribute("href")
    assert path and path.startswith("/blog/")
    expect(page).to_have_url(re.compile(r"/studio/blog/[0-9a-f]{24}$"))
    post_id = page.url.rsplit("/", 1)[-1]

    # A signed-out reader, JavaScript off: the page is complete HTML.
    reader = browser.new_context(base_url=aws.url, java_script_enabled=False)
    tab = reader.new_page()
    tab.goto(path)
    for _ in range(100):
        if tab.locator("h1").count():
            break
        tab.wait_for_timeout(200)
        tab.reload()
    expect(tab.locator("h1")).to_have_text("Quatre modèles, un seul brief")
    inserted = max(re.findall(r"[A-Za-zÀ-ÿ]{6,}", text), key=len)
    expect(tab.locator("article")).to_contain_text(inserted)
    # The renderer writes the pages first, then the feeds and the sitemap.
    for _ in range(100):
        if path in tab.request.get("/sitemap.xml").text():
            break
        tab.wait_for_timeout(100)
    assert path in tab.request.get("/sitemap.xml").text()
    assert path in tab.request.get("/blog/rss.xml").text()

    # Another user comments from the page's link; the moderation holds a comment with a link.
    commenter = browser.new_context(base_url=aws.url, locale="fr-FR")
    other = commenter.new_page()
    sign_up(other, "lou@example.fr")
    user = accounts.user_by_email("lou@example.fr")
    assert user is not None
    auth_repository.update_user(user, email_verified=True)
    other.goto(f"/comments/{post_id}")
    other.get_by_test_id("blog-comment-body").fill("Très utile, la suite sur https://example.org/suite")
    other.get_by_test_id("blog-comment-send").click()
    expect(other.get_by_test_id("blog-comment-result")).to_contain_text("attend la validation d'un éditeur")

    page.goto("/studio/blog")
    held = page.get_by_test_id("blog-held-comment")
    expect(held).to_contain_text("example.org/suite")
    held.get_by_test_id("blog-approve").click()
    expect(held).to_have_count(0)
    for _ in range(100):
        tab.reload()
        if "example.org/suite" in tab.content():
            break
        tab.wait_for_timeout(200)
    expect(tab.locator("section.comments")).to_contain_text("example.org/suite")
    reader.close()
    commenter.close()
