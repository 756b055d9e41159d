"""The blog API: who may write, posts and their revisions, slugs that stay stable, categories, the
SEO panel, comments' guards and view counts."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx
import pytest
from webox.blog.config import get_blog_settings

from tests.accounts import Account
from tests.blog.conftest import POST, publish, wait_page, write


class TestRoles:
    def test_a_user_who_is_not_an_editor_cannot_write(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        response = user.client.post("/api/blog/posts", json=POST, headers=user.csrf())
        assert response.status_code == 403
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "blog.not_editor"
        assert user.client.get("/api/blog/comments/held").json()["code"] == "blog.not_editor"

    def test_signed_out_callers_are_asked_to_sign_in(self, new_client: Callable[[], httpx.Client]) -> None:
        assert new_client().post("/api/blog/posts", json=POST).status_code == 401

    def test_an_administrator_is_an_editor(self, create_admin: Callable[..., Account]) -> None:
        admin = create_admin()
        assert admin.client.post("/api/blog/posts", json=POST, headers=admin.csrf()).status_code == 201

    def test_an_editor_demoted_loses_the_studio(
        self, create_editor: Callable[..., Account], create_admin: Callable[..., Account]
    ) -> None:
        editor, admin = create_editor(), create_admin()
        admin.client.patch(f"/api/auth/admin/users/{editor.id}", json={"role": "user"}, headers=admin.csrf())
        assert editor.client.get("/api/blog/posts").status_code == 403


class TestPosts:
    def test_every_save_is_a_revision_with_a_diff_and_a_restore(
        self, create_editor: Callable[..., Account]
    ) -> None:
        editor = create_editor()
        post = write(editor)
        saved = editor.client.put(
            f"/api/blog/posts/{post['id']}", json={**POST, "body": "Nouveau corps."}, headers=editor.csrf()
        ).json()
        assert saved["revision"] == 2
        same = editor.client.put(
            f"/api/blog/posts/{post['id']}", json={**POST, "body": "Nouveau corps."}, headers=editor.csrf()
        ).json()
        assert same["revision"] == 2, "an autosave with no change adds no revision"
        revisions = editor.client.get(f"/api/blog/posts/{post['id']}/revisions").json()["items"]
        assert [r["number"] for r in revisions] == [2, 1]
        first = editor.client.get(f"/api/blog/posts/{post['id']}/revisions/1").json()
        assert "-## Pourquoi comparer" in first["diff"] and "+Nouveau corps." in first["diff"]
        restored = editor.client.post(
            f"/api/blog/posts/{post['id']}/revisions/1/restore", headers=editor.csrf()
        )
        assert restored.json()["body"] == POST["body"] and restored.json()["revision"] == 3

    def test_a_team_blog_any_editor_edits_and_each_revision_names_who_saved_it(
        self, create_editor: Callable[..., Account]
    ) -> None:
        author, colleague = create_editor("Léa Autrice"), create_editor("Marc Relecteur")
        post = write(author)
        edited = colleague.client.put(
            f"/api/blog/posts/{post['id']}",
            json={**POST, "body": "Relu et corrigé."},
            headers=colleague.csrf(),
        )
        assert edited.status_code == 200
        assert (edited.json()["author_id"], edited.json()["author_name"]) == (author.id, "Léa Autrice")
        revisions = author.client.get(f"/api/blog/posts/{post['id']}/revisions").json()["items"]
        assert [(r["number"], r["author_id"], r["author_name"]) for r in revisions] == [
            (2, colleague.id, "Marc Relecteur"),
            (1, author.id, "Léa Autrice"),
        ]
        detail = author.client.get(f"/api/blog/posts/{post['id']}/revisions/2").json()
        assert detail["author_name"] == "Marc Relecteur"

    def test_a_slug_belongs_to_one_post(self, create_editor: Callable[..., Account]) -> None:
        editor = create_editor()
        write(editor, slug="un-article")
        clash = editor.client.post(
            "/api/blog/posts", json={**POST, "slug": "un-article"}, headers=editor.csrf()
        )
        assert clash.status_code == 409 and clash.json()["code"] == "blog.slug_taken"
        # `/blog/en/` is the English index, `/blog/tag/` the tags': no post may take those names.
        for reserved in ("en", "tag"):
            refused = editor.client.post(
                "/api/blog/posts", json={**POST, "slug": reserved}, headers=editor.csrf()
            )
            assert refused.status_code == 422 and refused.json()["code"] == "blog.slug_reserved"

    def test_bad_input_is_a_problem_not_a_crash(self, create_editor: Callable[..., Account]) -> None:
        editor = create_editor()
        cases = [
            {**POST, "cover_alt": None},  # a cover needs its alt text
            {**POST, "slug": "Pas Un Slug"},
            {**POST, "cover_url": "javascript:alert(1)"},
            {**POST, "body": "x" * 100_001},
            {**POST, "tags": [f"t{i}" for i in range(11)]},
        ]
        for body in cases:
            response = editor.client.post("/api/blog/posts", json=body, headers=editor.csrf())
            assert response.status_code == 422, body
            assert response.json()["code"] == "validation_failed"
        unknown = editor.client.post(
            "/api/blog/posts", json={**POST, "category": "inconnue"}, headers=editor.csrf()
        )
        assert unknown.status_code == 404 and unknown.json()["code"] == "blog.category_not_found"
        missing = editor.client.get("/api/blog/posts/0123456789abcdef01234567")
        assert missing.status_code == 404 and missing.json()["code"] == "blog.post_not_found"

    def test_writing_help_refuses_more_than_four_models_and_unknown_ones(
        self, create_editor: Callable[..., Account]
    ) -> None:
        editor = create_editor()
        five = editor.client.post(
            "/api/blog/assist",
            json={"models": ["gpt-4o"] * 5, "task": "title", "text": "x"},
            headers=editor.csrf(),
        )
        assert five.status_code == 422
        unknown = editor.client.post(
            "/api/blog/assist", json={"models": ["nope"], "task": "title", "text": "x"}, headers=editor.csrf()
        )
        assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_model"

    def test_the_seo_panel_reports_what_crawlers_see(self, create_editor: Callable[..., Account]) -> None:
        editor = create_editor()
        report = editor.client.post(
            "/api/blog/seo",
            json={"title": "Court", "meta_description": "", "body": "# Un H1\n\n#### Saut\n\n![](/x.png)"},
            headers=editor.csrf(),
        ).json()
        checks = {c["id"]: c["ok"] for c in report["checks"]}
        assert checks == {
            "title_length": False,
            "description_length": False,
            "single_h1": False,
            "headings_order": False,
            "alt_texts": False,
            "internal_links": False,
        }
        fields = {k: POST[k] for k in ("title", "meta_description", "body", "cover_url", "cover_alt")}
        good = editor.client.post("/api/blog/seo", json=fields, headers=editor.csrf()).json()
        assert all(c["ok"] for c in good["checks"]), good


@pytest.mark.usefixtures("no_comment_delay")
class TestComments:
    def _published(self, create_editor: Callable[..., Account]) -> tuple[Account, dict[str, str]]:
        editor = create_editor()
        post = write(editor)
        publish(editor, post["id"])
        return editor, post

    def _send(self, account: Account, post_id: str, body: str, **extra: str) -> httpx.Response:
        ticket = account.client.get(f"/api/blog/posts/{post_id}/comment-ticket").json()["ticket"]
        return account.client.post(
            f"/api/blog/posts/{post_id}/comments",
            json={"body": body, "ticket": ticket, **extra},
            headers=account.csrf(),
        )

    def test_guards(
        self,
        create_editor: Callable[..., Account],
        create_account: Callable[..., Account],
        monkeypatch: pytest.MonkeyPatch,
    ) -> None:
        _editor, post = self._published(create_editor)
        reader = create_account()
        honeypot = self._send(reader, post["id"], "Merci", website="https://bot.example")
        assert honeypot.status_code == 422 and honeypot.json()["code"] == "blog.comment_refused"
        forged = reader.client.post(
            f"/api/blog/posts/{post['id']}/comments",
            json={"body": "Merci", "ticket": "x"},
            headers=reader.csrf(),
        )
        assert forged.json()["code"] == "blog.comment_refused"
        monkeypatch.setattr(get_blog_settings(), "comment_min_s", 60.0)
        assert self._send(reader, post["id"], "Merci").json()["code"] == "blog.too_soon"
        monkeypatch.setattr(get_blog_settings(), "comment_min_s", 0.0)
        monkeypatch.setattr(get_blog_settings(), "comments_per_user_per_hour", 1)
        assert self._send(reader, post["id"], "Merci").status_code == 201
        limited = self._send(reader, post["id"], "Encore merci")
        assert limited.status_code == 429 and limited.json()["code"] == "blog.rate_limited"
        assert "Retry-After" in limited.headers

    def test_an_unverified_account_and_a_draft_cannot_be_commented(
        self,
        create_editor: Callable[..., Account],
        create_account: Callable[..., Account],
    ) -> None:
        from webox.auth import repository as auth_repository

        editor, post = self._published(create_editor)
        reader = create_account()
        user = auth_repository.get_user(reader.id)
        assert user is not None
        auth_repository.update_user(user, email_verified=False)
        assert self._send(reader, post["id"], "Merci").json()["code"] == "blog.email_not_verified"
        draft = write(editor, slug="brouillon")
        assert reader.client.get(f"/api/blog/posts/{draft['id']}/comment-ticket").status_code == 404

    def test_a_banned_author_cannot_comment_again(
        self, create_editor: Callable[..., Account], create_account: Callable[..., Account]
    ) -> None:
        editor, post = self._published(create_editor)
        reader = create_account()
        held = self._send(reader, post["id"], "Voir https://example.org pour plus").json()
        assert held["status"] == "held"
        banned = editor.client.post(
            f"/api/blog/posts/{post['id']}/comments/{held['id']}/moderation",
            json={"action": "ban"},
            headers=editor.csrf(),
        )
        assert banned.json()["status"] == "rejected"
        assert self._send(reader, post["id"], "Merci").json()["code"] == "blog.banned"

    def test_replies_are_one_level_deep(
        self,
        create_editor: Callable[..., Account],
        create_account: Callable[..., Account],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        editor, post = self._published(create_editor)
        reader = create_account()
        top = self._send(reader, post["id"], "Très clair, merci.").json()
        reply = self._send(reader, post["id"], "Je complète ma remarque.", parent_id=top["id"]).json()
        assert reply["parent_id"] == top["id"]
        deeper = self._send(reader, post["id"], "Et encore.", parent_id=reply["id"])
        assert deeper.status_code == 404 and deeper.json()["code"] == "blog.comment_not_found"
        listed = editor.client.get(f"/api/blog/posts/{post['id']}/comments").json()["items"]
        assert [c["id"] for c in listed] == [top["id"], reply["id"]]
        # The static page offers "Répondre" on the top-level comment only, to the SPA's form for it.
        page = wait_page(new_client(), post["url"], lambda r: "Je complète" in r.text).text
        links = re.findall(r'href="(/comments/[^"]+)"[^>]*>Répondre<', page)
        assert links == [f"/comments/{post['id']}?reply={top['id']}"]


def test_views_are_counted_without_cookies_and_shown_to_editors(
    create_editor: Callable[..., Account], new_client: Callable[[], httpx.Client]
) -> None:
    editor = create_editor()
    post = write(editor)
    reader = new_client()
    assert reader.post(f"/api/blog/posts/{post['id']}/views").status_code == 404, "a draft has no readers"
    publish(editor, post["id"])
    for _ in range(3):
        answer = reader.post(f"/api/blog/posts/{post['id']}/views")
        assert answer.status_code == 204 and "set-cookie" not in answer.headers
    stats = editor.client.get("/api/blog/stats").json()["items"]
    assert stats == [{"id": post["id"], "title": POST["title"], "views": 3}]
    page = wait_page(reader, post["url"], lambda r: r.status_code == 200)
    assert "/blog/assets/blog.js" in page.text
