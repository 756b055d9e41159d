"""What a sync renders: Markdown only when a post's body or a comment is new to it (a publish on a
large blog stays quick), while a change to a post, a comment, the templates or the settings still
reaches every page it affects. Posts and comments are written straight to their tables, so no render
is queued and each sync here is the test's own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from webox import storage
from webox.blog import markup, markup_cache, publishing, render, repository
from webox.blog.models import SITE, Comment, Post, RenderedText, new_id
from webox.config import get_settings
from webox.db import utcnow
from webox.local.host import LocalHost

CreatePost = Callable[..., Post]


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every Markdown text rendered to HTML, in order."""
    seen: list[str] = []
    to_html = markup.to_html

    def counted(text: str, *, shift_headings: bool = False) -> str:
        seen.append(text)
        return to_html(text, shift_headings=shift_headings)

    monkeypatch.setattr(markup, "to_html", counted)
    return seen


@pytest.fixture
def create_post(aws: LocalHost) -> CreatePost:
    """A published post; each one an hour older than the one before."""
    made: list[Post] = []

    def create(**overrides: Any) -> Post:
        at = utcnow() - timedelta(hours=len(made))
        number = len(made)
        fields: dict[str, Any] = {
            "title": f"Article {number}",
            "slug": f"article-{number}",
            "body": f"## Partie {number}\n\nLe **télétravail**, ce que l'article {number} en dit.",
            "category": None,
            "tags": ["travail"],
            "author_id": "author",
            "author_name": "Léa Martin",
            "status": "published",
            "published_at": at,
            "created_at": at,
            "updated_at": at,
            **overrides,
        }
        post = Post(SITE, new_id(), **fields)
        post.save()
        made.append(post)
        return post

    return create


def comment(post: Post, body: str) -> Comment:
    item = Comment(
        post.post_id,
        new_id(),
        author_id="reader",
        author_name="Sam",
        body=body,
        status="approved",
        created_at=utcnow(),
    )
    repository.add_comment(item)
    return item


def page(post: Post) -> str:
    return storage.get("site", f"blog/{post.slug}/index.html").decode()


def edit(post: Post, body: str) -> None:
    post.body = body
    post.updated_at = utcnow()
    repository.save_post(post)


class TestOnlyNewMarkdownIsRendered:
    def test_a_sync_with_nothing_changed_renders_and_writes_nothing(
        self, create_post: CreatePost, renders: list[str]
    ) -> None:
        posts = [create_post() for _ in range(3)]
        comment(posts[0], "Merci pour **cet** article.")
        publishing.sync()
        assert len(renders) == 4, "each body and the comment, once"

        renders.clear()
        assert publishing.sync() == []
        assert renders == []

    def test_an_edited_post_alone_is_rendered_and_its_page_changes(
        self, create_post: CreatePost, renders: list[str]
    ) -> None:
        posts = [create_post() for _ in range(3)]
        publishing.sync()
        renders.clear()

        edit(posts[1], "## Partie 1\n\nUne *nouvelle* conclusion.")
        paths = publishing.sync()

        assert renders == [posts[1].body]
        assert "Une <em>nouvelle</em> conclusion." in page(posts[1])
        assert "/blog/article-1/" in paths
        assert "/blog/article-0/" not in paths and "/blog/article-2/" not in paths

    def test_a_new_comment_alone_is_rendered_and_reaches_its_post_only(
        self, create_post: CreatePost, renders: list[str]
    ) -> None:
        posts = [create_post() for _ in range(2)]
        publishing.sync()
        renders.clear()

        comment(posts[0], "Très *utile*, merci.")
        paths = publishing.sync()

        assert renders == ["Très *utile*, merci."]
        assert "Très <em>utile</em>, merci." in page(posts[0])
        assert paths == ["/blog/article-0/"]

    def test_a_new_post_alone_is_rendered_and_joins_the_lists_and_feeds(
        self, create_post: CreatePost, renders: list[str]
    ) -> None:
        create_post()
        publishing.sync()
        renders.clear()

        newer = create_post(
            slug="nouveau", title="Un nouvel article", published_at=utcnow() + timedelta(hours=1)
        )
        paths = publishing.sync()

        assert renders == [newer.body]
        assert {"/blog/nouveau/", "/blog/", "/blog/tag/travail/", "/blog/rss.xml", "/sitemap.xml"} <= set(
            paths
        )
        assert "Un nouvel article" in storage.get("site", "blog/index.html").decode()

    def test_stored_html_serves_every_later_sync_and_an_expired_entry_renders_again_alike(
        self, create_post: CreatePost, renders: list[str]
    ) -> None:
        posts = [create_post() for _ in range(2)]
        publishing.sync()
        renders.clear()

        # Given the stored HTML of one body gone (its entry expired)
        RenderedText.get(markup_cache.digest(posts[0].body)).delete()
        # When the next sync runs (any instance: nothing is kept in memory between syncs)
        paths = publishing.sync()
        # Then that body alone is rendered again, to the same page
        assert renders == [posts[0].body]
        assert paths == []

    def test_html_too_large_to_store_is_rendered_at_every_sync(
        self, create_post: CreatePost, renders: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        create_post(body="Un court article.")
        large = create_post(body="Un long article. " * 100)
        monkeypatch.setattr(markup_cache, "MAX_STORED_BYTES", 1000)
        publishing.sync()
        renders.clear()

        assert publishing.sync() == []
        assert renders == [large.body]


class TestWhatIsNotMarkdownReachesEveryPage:
    def test_a_template_change_reaches_every_post_page_without_rendering_markdown(
        self, create_post: CreatePost, renders: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        posts = [create_post() for _ in range(3)]
        publishing.sync()
        renders.clear()

        monkeypatch.setitem(render.WORDS["fr"], "read", "minutes de lecture")
        paths = publishing.sync()

        assert renders == []
        for post in posts:
            assert "minutes de lecture" in page(post)
            assert f"/blog/{post.slug}/" in paths

    def test_the_site_address_reaches_every_page(
        self, create_post: CreatePost, renders: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        posts = [create_post() for _ in range(2)]
        publishing.sync()
        renders.clear()

        monkeypatch.setattr(get_settings(), "public_url", "https://blog.example.org")
        publishing.sync()

        assert renders == []
        for post in posts:
            assert f'<link rel="canonical" href="https://blog.example.org/blog/{post.slug}/">' in page(post)
        assert "https://blog.example.org/blog/" in storage.get("site", "sitemap.xml").decode()

    def test_a_new_markdown_renderer_renders_every_text_again(
        self, create_post: CreatePost, renders: list[str], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        posts = [create_post() for _ in range(2)]
        reply = comment(posts[0], "Bien vu.")
        publishing.sync()
        renders.clear()

        # A deployment whose markup code (or markdown-it, or Python) differs.
        monkeypatch.setattr(markup_cache, "_code", lambda: "the next release")
        publishing.sync()

        assert sorted(renders) == sorted([posts[0].body, posts[1].body, reply.body])
