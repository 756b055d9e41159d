"""The catalogue over HTTP: the data, search and filters, favourites, reviews, administrators' edits."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import httpx

from tests.accounts import Account

NEW_TOOL = {
    "id": "outil-maison",
    "name": "Outil Maison",
    "vendor": "WeBox",
    "category": "writing",
    "description": "Un outil ajouté par un administrateur pour les tests.",
    "url": "https://outil.example.com",
    "pricing": "free",
    "tags": ["Rédaction", "rédaction", " Tests "],
}


def ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [tool["id"] for tool in response.json()["items"]]


def tool(client: httpx.Client, tool_id: str) -> dict[str, Any]:
    response = client.get(f"/api/catalog/tools/{tool_id}")
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


class TestData:
    def test_at_least_50_real_tools_in_9_categories_with_https_sites(self, reader: httpx.Client) -> None:
        page = reader.get("/api/catalog/tools").json()
        categories = reader.get("/api/catalog/categories").json()
        assert page["total"] == len(page["items"]) >= 50
        assert len(categories) == 9 and all(c["tool_count"] > 0 for c in categories)
        assert sum(c["tool_count"] for c in categories) == page["total"]
        assert len({t["id"] for t in page["items"]}) == page["total"]
        for item in page["items"]:
            url = urlsplit(item["url"])
            assert url.scheme == "https" and "." in (url.hostname or ""), item["id"]
            assert item["pricing"] in {"free", "freemium", "paid", "open_source"}
            assert item["description"].strip() and item["tags"], item["id"]
            assert item["rating"] == {"average": None, "count": 0}
            assert item["favorite"] is None and item["source"] == "builtin"
        names = {t["name"] for t in page["items"]}
        assert {"ChatGPT", "Claude", "Le Chat", "Midjourney", "ElevenLabs", "n8n", "Cursor"} <= names

    def test_one_tool_and_an_unknown_one(self, reader: httpx.Client) -> None:
        assert tool(reader, "le-chat")["vendor"] == "Mistral AI"
        missing = reader.get("/api/catalog/tools/nope")
        assert missing.status_code == 404 and missing.json()["code"] == "tool_not_found"


class TestSearch:
    def test_accents_and_case_are_ignored(self, reader: httpx.Client) -> None:
        found = ids(reader.get("/api/catalog/tools", params={"q": "edition video"}))
        assert {"descript", "capcut", "runway"} <= set(found)
        assert ids(reader.get("/api/catalog/tools", params={"q": "ÉDITION Vidéo"})) == found
        assert "midjourney" not in found

    def test_every_word_must_match_and_names_rank_first(self, reader: httpx.Client) -> None:
        assert ids(reader.get("/api/catalog/tools", params={"q": "mistral francaise"})) == ["le-chat"]
        assert ids(reader.get("/api/catalog/tools", params={"q": "dalle"}))[0] == "dall-e"
        assert ids(reader.get("/api/catalog/tools", params={"q": "claude"}))[0] == "claude"
        assert ids(reader.get("/api/catalog/tools", params={"q": "zzzz introuvable"})) == []

    def test_filters_by_category_pricing_and_tags(self, reader: httpx.Client) -> None:
        audio_open = ids(
            reader.get("/api/catalog/tools", params={"category": "audio", "pricing": "open_source"})
        )
        assert audio_open == ["whisper"]
        several = ids(reader.get("/api/catalog/tools", params=[("category", "audio"), ("category", "video")]))
        assert "suno" in several and "runway" in several and "chatgpt" not in several
        any_tag = set(ids(reader.get("/api/catalog/tools", params={"tags": "transcription,réunions"})))
        all_tags = set(
            ids(
                reader.get(
                    "/api/catalog/tools", params={"tags": "transcription,reunions", "tags_match": "all"}
                )
            )
        )
        assert {"otter", "fireflies", "whisper", "descript"} <= any_tag
        assert all_tags == {"otter", "fireflies"}
        combined = ids(
            reader.get("/api/catalog/tools", params={"q": "voix", "category": "audio", "pricing": "freemium"})
        )
        assert "elevenlabs" in combined and "whisper" not in combined

    def test_bad_filters_are_refused(self, reader: httpx.Client) -> None:
        response = reader.get("/api/catalog/tools", params={"tags_match": "some"})
        assert response.status_code == 422 and response.json()["code"] == "validation_failed"


class TestFavorites:
    def test_mark_list_and_unmark(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        for tool_id in ("claude", "suno"):
            assert (
                user.client.put(f"/api/catalog/tools/{tool_id}/favorite", headers=user.csrf()).status_code
                == 204
            )
        assert user.client.put("/api/catalog/tools/suno/favorite", headers=user.csrf()).status_code == 204
        assert [t["id"] for t in user.client.get("/api/catalog/favorites").json()] == ["suno", "claude"]
        listed = {t["id"]: t["favorite"] for t in user.client.get("/api/catalog/tools").json()["items"]}
        assert listed["claude"] is True and listed["suno"] is True and listed["chatgpt"] is False
        assert tool(user.client, "claude")["favorite"] is True
        assert (
            user.client.delete("/api/catalog/tools/claude/favorite", headers=user.csrf()).status_code == 204
        )
        assert [t["id"] for t in user.client.get("/api/catalog/favorites").json()] == ["suno"]

    def test_unknown_tools_and_signed_out_callers(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        missing = user.client.put("/api/catalog/tools/nope/favorite", headers=user.csrf())
        assert missing.status_code == 404
        anonymous = new_client()
        assert anonymous.put("/api/catalog/tools/claude/favorite").status_code == 401
        assert anonymous.get("/api/catalog/favorites").status_code == 401


def review(account: Account, tool_id: str, stars: int, text: str = "") -> httpx.Response:
    return account.client.put(
        f"/api/catalog/tools/{tool_id}/reviews/mine",
        json={"stars": stars, "text": text},
        headers=account.csrf(),
    )


class TestReviews:
    def test_one_review_per_user_edit_replaces_and_the_average_follows(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        ada, bob = create_account(name="Ada Lovelace"), create_account(name="Bob")
        assert review(ada, "deepl", 5, "Parfait").status_code == 200
        assert review(bob, "deepl", 2, "Bof").status_code == 200
        assert tool(ada.client, "deepl")["rating"] == {"average": 3.5, "count": 2}
        edited = review(ada, "deepl", 4, "Très bien, finalement")
        assert edited.status_code == 200 and edited.json()["author_name"] == "Ada L."
        page = new_client().get("/api/catalog/tools/deepl/reviews").json()
        assert page["rating"] == {"average": 3.0, "count": 2}
        assert [(r["author_name"], r["stars"], r["text"]) for r in page["items"]] == [
            ("Ada L.", 4, "Très bien, finalement"),
            ("Bob", 2, "Bof"),
        ]
        assert all(r["mine"] is False for r in page["items"])
        assert [r["mine"] for r in ada.client.get("/api/catalog/tools/deepl/reviews").json()["items"]] == [
            True,
            False,
        ]
        listed = {t["id"]: t["rating"] for t in ada.client.get("/api/catalog/tools").json()["items"]}
        assert listed["deepl"] == {"average": 3.0, "count": 2}

    def test_delete_takes_the_review_out_of_the_average(self, create_account: Callable[..., Account]) -> None:
        ada, bob = create_account(), create_account()
        review(ada, "suno", 5)
        review(bob, "suno", 1)
        assert ada.client.get("/api/catalog/tools/suno/reviews/mine").json()["stars"] == 5
        assert (
            ada.client.delete("/api/catalog/tools/suno/reviews/mine", headers=ada.csrf()).status_code == 204
        )
        assert tool(ada.client, "suno")["rating"] == {"average": 1.0, "count": 1}
        again = ada.client.delete("/api/catalog/tools/suno/reviews/mine", headers=ada.csrf())
        assert again.status_code == 404 and again.json()["code"] == "review_not_found"
        assert (
            bob.client.delete("/api/catalog/tools/suno/reviews/mine", headers=bob.csrf()).status_code == 204
        )
        assert tool(ada.client, "suno")["rating"] == {"average": None, "count": 0}

    def test_stars_and_length_are_bounded(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        assert review(user, "claude", 0).status_code == 422
        assert review(user, "claude", 6).status_code == 422
        assert review(user, "claude", 3, "x" * 2001).status_code == 422
        assert review(user, "claude", 3, "x" * 2000).status_code == 200
        assert review(user, "nope", 3).status_code == 404

    def test_reviews_page_newest_first(self, create_account: Callable[..., Account]) -> None:
        authors = [create_account(name=f"Auteur{i}") for i in range(3)]
        for author in authors:
            review(author, "gamma", 4)
        first = authors[0].client.get("/api/catalog/tools/gamma/reviews", params={"limit": 2}).json()
        assert [r["author_name"] for r in first["items"]] == ["Auteur2", "Auteur1"]
        rest = (
            authors[0]
            .client.get(
                "/api/catalog/tools/gamma/reviews", params={"limit": 2, "cursor": first["next_cursor"]}
            )
            .json()
        )
        assert [r["author_name"] for r in rest["items"]] == ["Auteur0"]
        foreign = authors[0].client.get(
            "/api/catalog/tools/suno/reviews", params={"cursor": first["next_cursor"]}
        )
        assert foreign.status_code == 400 and foreign.json()["code"] == "invalid_cursor"


class TestAdministrators:
    def test_only_administrators_edit(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        attempts = [
            user.client.post("/api/catalog/tools", json=NEW_TOOL, headers=user.csrf()),
            user.client.patch("/api/catalog/tools/claude", json={"pricing": "paid"}, headers=user.csrf()),
            user.client.delete("/api/catalog/tools/claude", headers=user.csrf()),
        ]
        assert [r.status_code for r in attempts] == [403, 403, 403]
        assert tool(user.client, "claude")["pricing"] == "freemium"

    def test_add_edit_and_delete_tools(
        self, create_admin: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        admin, visitor = create_admin(), new_client()
        created = admin.client.post("/api/catalog/tools", json=NEW_TOOL, headers=admin.csrf())
        assert created.status_code == 201, created.text
        assert created.json()["tags"] == ["rédaction", "tests"] and created.json()["source"] == "custom"
        assert ids(visitor.get("/api/catalog/tools", params={"q": "outil maison"})) == ["outil-maison"]
        duplicate = admin.client.post(
            "/api/catalog/tools", json={**NEW_TOOL, "id": "claude"}, headers=admin.csrf()
        )
        assert duplicate.status_code == 409 and duplicate.json()["code"] == "tool_exists"

        # Editing a data-file tool changes only the fields sent; the others still come from the file.
        patched = admin.client.patch(
            "/api/catalog/tools/claude", json={"pricing": "paid"}, headers=admin.csrf()
        )
        assert patched.status_code == 200 and patched.json()["pricing"] == "paid"
        seen = tool(visitor, "claude")
        assert seen["pricing"] == "paid" and seen["vendor"] == "Anthropic" and seen["source"] == "builtin"
        assert "claude" in ids(visitor.get("/api/catalog/tools", params={"pricing": "paid"}))

        assert admin.client.delete("/api/catalog/tools/claude", headers=admin.csrf()).status_code == 204
        assert visitor.get("/api/catalog/tools/claude").status_code == 404
        assert "claude" not in ids(visitor.get("/api/catalog/tools"))
        recreated = admin.client.post(
            "/api/catalog/tools", json={**NEW_TOOL, "id": "claude", "name": "Claude"}, headers=admin.csrf()
        )
        assert recreated.status_code == 201 and tool(visitor, "claude")["vendor"] == "WeBox"

        assert admin.client.delete("/api/catalog/tools/outil-maison", headers=admin.csrf()).status_code == 204
        assert visitor.get("/api/catalog/tools/outil-maison").status_code == 404
        total = visitor.get("/api/catalog/tools").json()["total"]
        assert sum(c["tool_count"] for c in visitor.get("/api/catalog/categories").json()) == total

    def test_edits_are_validated(self, create_admin: Callable[..., Account]) -> None:
        admin = create_admin()
        bad = [
            {**NEW_TOOL, "url": "http://outil.example.com"},
            {**NEW_TOOL, "id": "Pas Un Slug"},
            {**NEW_TOOL, "pricing": "cheap"},
            {**NEW_TOOL, "tags": ["x"] * 13},
        ]
        for body in bad:
            response = admin.client.post("/api/catalog/tools", json=body, headers=admin.csrf())
            assert response.status_code == 422, body
        unknown = admin.client.post(
            "/api/catalog/tools", json={**NEW_TOOL, "category": "nope"}, headers=admin.csrf()
        )
        assert unknown.status_code == 422 and unknown.json()["code"] == "unknown_category"
        assert (
            admin.client.patch("/api/catalog/tools/claude", json={}, headers=admin.csrf()).status_code == 422
        )
        assert (
            admin.client.patch(
                "/api/catalog/tools/claude", json={"name": None}, headers=admin.csrf()
            ).status_code
            == 422
        )
        assert (
            admin.client.patch(
                "/api/catalog/tools/nope", json={"name": "X"}, headers=admin.csrf()
            ).status_code
            == 404
        )
