"""The blog's journey in a real browser: a user an administrator made an editor makes a category
tree, writes a post with suggestions from several simulated models side by side and an image from
their media library, publishes it, a signed-out reader with JavaScript off reads the static page
(image included, and finds it in the sitemap and the RSS feed), another user comments, the editor
approves the comment from the moderation queue, and the commenter answers it from the page's
"Répondre" link."""

from __future__ import annotations

import re
import secrets
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from playwright.sync_api import Browser, Page, expect
from webox.auth import accounts
from webox.auth import repository as auth_repository
from webox.blog.config import get_blog_settings
from webox.local.host import LocalHost
from webox.media import repository as media_repository
from webox.media.models import MediaItem

from tests.accounts import Account
from tests.media.conftest import png

pytestmark = pytest.mark.browser
RENDER_TIMEOUT_MS = 20_000


PASSWORD = "une longue phrase de passe"


def sign_up(page: Page, email: str) -> None:
    """Register through the form: the new account is signed in at once. (Its own page's heading is
    no sign of that: waiting on it, then going to /login, raced the sign-in, which sends /login on
    to the chat.)"""
    page.goto("/register")
    page.get_by_test_id("register-name").fill("Camille Roux")
    page.get_by_test_id("register-email").fill(email)
    page.get_by_test_id("register-password").fill(PASSWORD)
    page.get_by_test_id("register-submit").click()
    # Registration hashes the password on purpose slowly: on a busy 2-core machine it takes seconds.
    expect(page.get_by_test_id("user-menu")).to_be_visible(timeout=20_000)


def _promote(create_admin: Callable[..., Account], email: str) -> None:
    admin = create_admin()
    user = accounts.user_by_email(email)
    assert user is not None
    auth_repository.update_user(user, email_verified=True)
    answer = admin.client.patch(
        f"/api/auth/admin/users/{user.id}", json={"role": "editor"}, headers=admin.csrf()
    )
    assert answer.status_code == 200, answer.text


def _library_image(email: str, prompt: str) -> str:
    """An image in the user's media library, as a finished generation job leaves it."""
    user = accounts.user_by_email(email)
    assert user is not None
    job_id, body = secrets.token_hex(16), png(96, 64)
    key = f"{media_repository.job_folder(user.id, job_id)}00.png"
    media_repository.put_file(key, body, "image/png")
    item = MediaItem(
        user.id,
        f"{job_id}00",
        kind="image",
        model="openai/gpt-image-1",
        prompt=prompt,
        content_type="image/png",
        size=len(body),
        width=96,
        height=64,
        key=key,
        job_id=job_id,
        created_at=datetime.now(UTC),
    )
    assert media_repository.put_item(item)
    return item.media_id


def _pick_image(page: Page, button: str, alt: str) -> None:
    page.get_by_test_id(button).click()
    picker = page.get_by_test_id("media-picker")
    picker.get_by_test_id("media-picker-item").first.click()
    picker.get_by_test_id("media-picker-alt").fill(alt)
    picker.get_by_test_id("media-picker-use").click()
    expect(picker).to_have_count(0)


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
    media_id = _library_image("camille@example.fr", "un phare au crépuscule")
    page.goto("/studio/blog")

    # A category tree: "Comparatifs" under "Guides".
    form = page.get_by_test_id("blog-category-form")
    form.get_by_test_id("blog-category-name").fill("Guides")
    form.get_by_test_id("blog-category-save").click()
    rows = page.get_by_test_id("blog-category-row")
    expect(rows).to_have_count(1)
    form.get_by_test_id("blog-category-name").fill("Comparatifs")
    expect(form.get_by_test_id("blog-category-slug")).to_have_value("comparatifs")
    form.get_by_test_id("blog-category-parent").select_option("guides")
    form.get_by_test_id("blog-category-save").click()
    expect(rows).to_have_count(2)
    expect(rows.nth(1)).to_contain_text("Comparatifs")
    expect(rows.nth(1)).to_have_attribute("style", re.compile(r"padding-left: 1\.5rem"))

    page.get_by_test_id("blog-new-post").click()
    expect(page).to_have_url(re.compile(r"/studio/blog/new$"))
    page.get_by_test_id("blog-title").fill("Quatre modèles, un seul brief")
    page.get_by_test_id("blog-excerpt").fill("Ce que la comparaison apprend.")
    page.get_by_test_id("blog-meta").fill(
        "Comparer quatre modèles d'IA sur un même brief : méthode, résultats et conseils."
    )
    page.get_by_test_id("blog-body").fill("## Pourquoi comparer\n\nChaque modèle a ses forces.")
    expect(page.get_by_test_id("blog-preview").locator("h2")).to_have_text("Pourquoi comparer")
    page.get_by_label("Catégorie", exact=True).select_option("comparatifs")

    # An image of the library, inserted at the caret (after the heading), with its alt text.
    page.get_by_test_id("blog-body").focus()
    page.get_by_test_id("blog-body").evaluate("(area) => area.setSelectionRange(20, 20)")
    _pick_image(page, "blog-insert-image", "Un phare au crépuscule")
    image_path = f"/blog/images/{media_id}.png"
    expect(page.get_by_test_id("blog-body")).to_have_value(
        f"## Pourquoi comparer\n\n![Un phare au crépuscule]({image_path})\n\nChaque modèle a ses forces."
    )
    _pick_image(page, "blog-cover-library", "Le phare vu de la plage")

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
    # Signed out, the library image shows (a public copy, not an expiring presigned URL).
    expect(tab.locator(f'article img[src="{image_path}"]')).to_have_count(2)
    assert tab.request.get(image_path).headers["content-type"] == "image/png"
    expect(tab.locator("nav.crumbs")).to_contain_text("Comparatifs")
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

    # The commenter answers that comment from the static page (threads one level deep).
    other.goto(path)
    other.locator("section.comments article.comment").first.get_by_role("link", name="Répondre").click()
    expect(other.get_by_test_id("blog-reply-to")).to_contain_text("En réponse à Camille Roux")
    other.get_by_test_id("blog-comment-body").fill("Merci pour la relecture, je complète bientôt.")
    other.get_by_test_id("blog-comment-send").click()
    expect(other.get_by_test_id("blog-comment-result")).to_be_visible()
    for _ in range(100):
        tab.reload()
        if "je complète bientôt" in tab.content():
            break
        tab.wait_for_timeout(200)
    expect(tab.locator("section.comments article.reply")).to_contain_text("je complète bientôt")
    reader.close()
    commenter.close()
