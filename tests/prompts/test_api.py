"""One's own prompts over HTTP: the library, versions, rendering with variables, share links, ownership."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

import httpx
from webox.db import encode_cursor
from webox.prompts import repository

from tests.accounts import Account
from tests.prompts.conftest import PROMPT

Factory = Callable[..., dict[str, Any]]


class TestLibrary:
    def test_create_read_list_search_edit_delete(
        self, create_account: Callable[..., Account], create_prompt: Factory
    ) -> None:
        user = create_account()
        created = create_prompt(user)
        assert created["source"] == "own" and created["version"] == 1 and len(created["id"]) == 32
        assert created["published"] is False and created["shared"] is False and created["stats"] is None
        assert user.client.get(f"/api/prompts/{created['id']}").json() == created
        speech = create_prompt(
            user, title="Écriture d'un discours", category="ecriture", body="Écris.", variables=[]
        )

        listed = user.client.get("/api/prompts").json()
        assert [p["id"] for p in listed["items"]] == [speech["id"], created["id"]]  # newest edit first
        found = user.client.get("/api/prompts", params={"q": "ECRITURE discours"}).json()["items"]
        assert [p["id"] for p in found] == [speech["id"]]
        in_category = user.client.get("/api/prompts", params={"category": "productivite"}).json()["items"]
        assert [p["id"] for p in in_category] == [created["id"]]

        edited = user.client.patch(
            f"/api/prompts/{created['id']}", json={"title": "Compte rendu"}, headers=user.csrf()
        ).json()
        assert (
            edited["title"] == "Compte rendu" and edited["version"] == 2 and edited["body"] == PROMPT["body"]
        )
        assert user.client.delete(f"/api/prompts/{created['id']}", headers=user.csrf()).status_code == 204
        assert user.client.get(f"/api/prompts/{created['id']}").json()["code"] == "prompt_not_found"
        assert repository.get_version(user.id, created["id"], 1) is None  # versions go with it

    def test_pagination(self, create_account: Callable[..., Account], create_prompt: Factory) -> None:
        user = create_account()
        ids = [create_prompt(user, title=f"Prompt {n}")["id"] for n in range(3)]
        first = user.client.get("/api/prompts", params={"limit": 2}).json()
        second = user.client.get("/api/prompts", params={"limit": 2, "cursor": first["next_cursor"]}).json()
        assert [p["id"] for p in first["items"] + second["items"]] == ids[::-1]
        assert second["next_cursor"] is None
        forged = encode_cursor(
            {"user_id": {"S": user.id}, "prompt_id": {"N": "1"}, "updated_key": {"S": "x"}}
        )
        someone_elses = encode_cursor(
            {"user_id": {"S": "someone"}, "prompt_id": {"S": "x"}, "updated_key": {"S": "x"}}
        )
        for cursor in (forged, someone_elses, "garbage!"):
            refused = user.client.get("/api/prompts", params={"cursor": cursor})
            assert refused.status_code == 400 and refused.json()["code"] == "invalid_cursor"

    def test_invalid_prompts_are_refused_with_a_stable_code(
        self, create_account: Callable[..., Account], create_prompt: Factory
    ) -> None:
        user = create_account()
        topic = {"name": "sujet", "label": "Sujet"}
        cases: list[tuple[dict[str, Any], str]] = [
            ({"title": ""}, "validation_failed"),
            ({"title": "x" * 121}, "validation_failed"),
            ({"description": "x" * 501}, "validation_failed"),
            ({"body": "   "}, "validation_failed"),
            ({"body": "x" * 20_001}, "validation_failed"),
            ({"unexpected": 1}, "validation_failed"),
            ({"category": "cuisine"}, "unknown_category"),
            ({"body": "{{sujet}}", "variables": [topic, topic]}, "validation_failed"),
            ({"body": "{{Sujet}}", "variables": [{"name": "Sujet", "label": "Sujet"}]}, "validation_failed"),
            (
                {"body": "{{ton}}", "variables": [{"name": "ton", "label": "Ton", "type": "choice"}]},
                "validation_failed",
            ),
            (
                {
                    "body": "{{ton}}",
                    "variables": [
                        {"name": "ton", "label": "T", "type": "choice", "choices": ["a"], "default": "b"}
                    ],
                },
                "validation_failed",
            ),
            (
                {
                    "body": "{{n}}",
                    "variables": [{"name": "n", "label": "N", "type": "number", "default": "cinq"}],
                },
                "validation_failed",
            ),
            (
                {
                    "body": "{{n}}",
                    "variables": [{"name": "n", "label": "N", "type": "number", "min": 5, "max": 1}],
                },
                "validation_failed",
            ),
            ({"body": "{{n}}", "variables": [{"name": "n", "label": "N", "min": 1}]}, "validation_failed"),
            ({"variables": [{"name": f"v{n}", "label": "V"} for n in range(21)]}, "validation_failed"),
            ({"body": "Parle de {{sujet}} et de {{Lieu}}", "variables": []}, "invalid_variables"),
            ({"body": "Sans variable", "variables": [topic]}, "invalid_variables"),
        ]
        refused = [
            user.client.post("/api/prompts", json={**PROMPT, **change}, headers=user.csrf())
            for change, _ in cases
        ]
        assert [(r.status_code, r.json()["code"]) for r in refused] == [(422, code) for _, code in cases]
        mismatch = refused[-2].json()
        assert (mismatch["undeclared"], mismatch["invalid"], mismatch["unused"]) == (["sujet"], ["Lieu"], [])
        assert refused[-1].json()["unused"] == ["sujet"]
        assert user.client.get("/api/prompts").json()["items"] == []
        # French letters are allowed in names.
        create_prompt(
            user,
            body="Pendant {{durée}} minutes",
            variables=[{"name": "durée", "label": "Durée", "type": "number"}],
        )


class TestVersions:
    def test_every_edit_is_a_version_and_restoring_adds_one(
        self, create_account: Callable[..., Account], create_prompt: Factory
    ) -> None:
        user = create_account()
        prompt_id = create_prompt(user)["id"]
        base = f"/api/prompts/{prompt_id}"
        user.client.patch(
            base,
            json={"body": "Résume {{notes}} en {{puces}} puces {{ton}} {{signature}}"},
            headers=user.csrf(),
        )
        third = user.client.patch(
            base, json={"title": "V3", "expected_version": 2}, headers=user.csrf()
        ).json()
        unchanged = user.client.patch(base, json={"title": "V3"}, headers=user.csrf()).json()
        assert third["version"] == unchanged["version"] == 3  # nothing changed: no new version

        versions = user.client.get(f"{base}/versions").json()["items"]
        assert [(v["version"], v["source"], v["title"]) for v in versions] == [
            (3, "edit", "V3"),
            (2, "edit", PROMPT["title"]),
            (1, "create", PROMPT["title"]),
        ]
        first = user.client.get(f"{base}/versions/1").json()
        assert first["body"] == PROMPT["body"] and [v["name"] for v in first["variables"]] == [
            "notes",
            "puces",
            "ton",
            "signature",
        ]

        restored = user.client.post(f"{base}/versions/1/restore", headers=user.csrf()).json()
        assert (
            restored["version"] == 4
            and restored["body"] == PROMPT["body"]
            and restored["title"] == PROMPT["title"]
        )
        newest = user.client.get(f"{base}/versions", params={"limit": 1}).json()
        assert newest["items"][0] == {
            **newest["items"][0],
            "version": 4,
            "source": "restore",
            "restored_from": 1,
        }
        older = user.client.get(
            f"{base}/versions", params={"limit": 3, "cursor": newest["next_cursor"]}
        ).json()
        assert [v["version"] for v in older["items"]] == [3, 2, 1]

        stale = user.client.patch(
            base, json={"title": "Trop tard", "expected_version": 2}, headers=user.csrf()
        )
        assert stale.status_code == 409 and stale.json()["code"] == "edit_conflict"
        assert user.client.get(f"{base}/versions/99").json()["code"] == "version_not_found"


class TestRender:
    def test_values_fill_typed_variables_literally(
        self, create_account: Callable[..., Account], create_prompt: Factory
    ) -> None:
        user = create_account()
        prompt_id = create_prompt(user)["id"]

        def render(values: dict[str, Any]) -> httpx.Response:
            return user.client.post(
                f"/api/prompts/{prompt_id}/render", json={"values": values}, headers=user.csrf()
            )

        # `puces` takes its default, the optional `signature` is left empty.
        filled = render({"notes": "Budget validé", "ton": "enjoué"})
        assert filled.json() == {"text": "Résume ces notes en 5 puces, ton enjoué :\nBudget validé\n"}
        numbers = render({"notes": "x", "ton": "neutre", "puces": 12, "signature": "Léa"}).json()["text"]
        assert numbers.startswith("Résume ces notes en 12 puces") and numbers.endswith("Léa")
        assert (
            render({"notes": "x", "ton": "neutre", "puces": "2,5"})
            .json()["text"]
            .startswith("Résume ces notes en 2,5")
        )
        # A value is inserted as it is: placeholders or template syntax inside it are never evaluated.
        literal = render({"notes": "{{ton}} {% for x in y %} ${HOME}", "ton": "neutre"}).json()["text"]
        assert literal == "Résume ces notes en 5 puces, ton neutre :\n{{ton}} {% for x in y %} ${HOME}\n"

    def test_a_body_repeating_a_placeholder_cannot_render_without_bound(
        self, create_account: Callable[..., Account], create_prompt: Factory
    ) -> None:
        user = create_account()
        body = "{{notes}}" * 1000
        prompt_id = create_prompt(
            user, body=body, variables=[{"name": "notes", "label": "Notes", "type": "textarea"}]
        )["id"]
        response = user.client.post(
            f"/api/prompts/{prompt_id}/render", json={"values": {"notes": "x" * 10_000}}, headers=user.csrf()
        )
        assert response.status_code == 422 and response.json()["code"] == "rendered_too_long"
        assert response.json()["length"] == 10_000_000
        short = user.client.post(
            f"/api/prompts/{prompt_id}/render", json={"values": {"notes": "ok"}}, headers=user.csrf()
        )
        assert short.status_code == 200 and short.json()["text"] == "ok" * 1000

    def test_missing_and_invalid_values_are_reported_per_variable(
        self, create_account: Callable[..., Account], create_prompt: Factory
    ) -> None:
        user = create_account()
        prompt_id = create_prompt(user)["id"]
        response = user.client.post(
            f"/api/prompts/{prompt_id}/render",
            json={
                "values": {"puces": "beaucoup", "ton": "furieux", "inconnue": "x", "signature": "x" * 1001}
            },
            headers=user.csrf(),
        )
        assert response.status_code == 422 and response.json()["code"] == "invalid_values"
        assert response.json()["variables"] == [
            {"name": "inconnue", "reason": "unknown"},
            {"name": "notes", "reason": "missing"},
            {"name": "puces", "reason": "not_a_number"},
            {"name": "ton", "reason": "not_a_choice"},
            {"name": "signature", "reason": "too_long"},
        ]
        out_of_range = user.client.post(
            f"/api/prompts/{prompt_id}/render",
            json={"values": {"notes": "x", "ton": "neutre", "puces": 50}},
            headers=user.csrf(),
        )
        assert out_of_range.json()["variables"] == [{"name": "puces", "reason": "out_of_range"}]
        blank = user.client.post(
            f"/api/prompts/{prompt_id}/render",
            json={"values": {"notes": "   ", "ton": "neutre"}},
            headers=user.csrf(),
        )
        assert blank.json()["variables"] == [{"name": "notes", "reason": "missing"}]
        wrong_type = user.client.post(
            f"/api/prompts/{prompt_id}/render", json={"values": {"notes": True}}, headers=user.csrf()
        )
        assert wrong_type.json()["code"] == "validation_failed"


class TestBuiltinLibrary:
    def test_builtins_are_listed_rendered_and_forked_in_each_language(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        categories = new_client().get("/api/prompts/categories", params={"lang": "en"}).json()  # public
        assert len(categories) >= 8 and sum(c["builtin_count"] for c in categories) >= 40
        assert {"id": "ecriture", "label": "Writing", "icon": "pen-line", "builtin_count": 5} in categories

        user = create_account()
        listed = user.client.get("/api/prompts/builtin").json()["items"]
        assert len(listed) >= 40 and all(p["source"] == "builtin" and p["language"] == "fr" for p in listed)
        code = user.client.get("/api/prompts/builtin", params={"category": "code", "lang": "en"}).json()[
            "items"
        ]
        assert {p["category"] for p in code} == {"code"} and code[0]["language"] == "en"
        found = user.client.get("/api/prompts/builtin", params={"q": "reunion"}).json()["items"]
        assert [p["title"] for p in found] == ["Compte rendu de réunion"]

        english = user.client.post(
            "/api/prompts/article-de-blog/render",
            params={"lang": "en"},
            json={"values": {"sujet": "Remote work"}},
            headers=user.csrf(),
        ).json()["text"]
        assert (
            "about 1000 words on the following topic: Remote work." in english
            and "Tone: professional." in english
        )
        french = user.client.post(
            "/api/prompts/article-de-blog/render",
            json={"values": {"sujet": "Le télétravail", "ton": "humoristique"}},
            headers=user.csrf(),
        ).json()["text"]
        assert "sujet suivant : Le télétravail." in french and "Ton : humoristique." in french

        forked = user.client.post(
            "/api/prompts/article-de-blog/fork", params={"lang": "en"}, headers=user.csrf()
        )
        assert forked.status_code == 201
        copy = forked.json()
        assert (copy["source"], copy["forked_from"], copy["language"], copy["title"]) == (
            "own",
            "article-de-blog",
            "en",
            "SEO-friendly blog post",
        )
        assert user.client.get(f"/api/prompts/{copy['id']}/versions").json()["items"][0]["source"] == "fork"


class TestShareLink:
    def test_a_link_works_signed_out_and_revoking_it_is_immediate(
        self,
        create_account: Callable[..., Account],
        create_prompt: Factory,
        new_client: Callable[[], httpx.Client],
    ) -> None:
        owner, friend = create_account(), create_account()
        prompt = create_prompt(owner)
        response = owner.client.post(f"/api/prompts/{prompt['id']}/share", headers=owner.csrf())
        assert response.status_code == 201
        token = response.json()["token"]
        assert len(token) >= 32 and response.json()["url"].endswith(f"/p/{token}")
        assert owner.client.get(f"/api/prompts/{prompt['id']}").json()["shared"] is True
        # Only the token's hash is stored.
        assert repository.get_share(token) is None
        assert repository.get_share(hashlib.sha256(token.encode()).hexdigest()) is not None

        stranger = new_client()
        seen = stranger.get(f"/api/prompts/shared/{token}")
        assert seen.status_code == 200 and seen.json()["title"] == PROMPT["title"]
        assert "id" not in seen.json() and "user_id" not in seen.json()
        filled = stranger.post(
            f"/api/prompts/shared/{token}/render", json={"values": {"notes": "n", "ton": "neutre"}}
        )
        assert filled.json()["text"].startswith("Résume ces notes en 5 puces")
        copy = friend.client.post(f"/api/prompts/shared/{token}/fork", headers=friend.csrf()).json()
        assert copy["forked_from"] == prompt["id"] and copy["body"] == PROMPT["body"]

        assert (
            owner.client.delete(f"/api/prompts/{prompt['id']}/share", headers=owner.csrf()).status_code == 204
        )
        gone = stranger.get(f"/api/prompts/shared/{token}")
        assert gone.status_code == 404 and gone.json()["code"] == "share_not_found"

        first = owner.client.post(f"/api/prompts/{prompt['id']}/share", headers=owner.csrf()).json()["token"]
        second = owner.client.post(f"/api/prompts/{prompt['id']}/share", headers=owner.csrf()).json()["token"]
        assert (
            stranger.get(f"/api/prompts/shared/{first}").status_code == 404
        )  # a new link replaces the old one
        assert stranger.get(f"/api/prompts/shared/{second}").status_code == 200
        owner.client.delete(f"/api/prompts/{prompt['id']}", headers=owner.csrf())
        assert stranger.get(f"/api/prompts/shared/{second}").status_code == 404


class TestOwnership:
    def test_another_users_private_prompt_answers_404_everywhere(
        self, create_account: Callable[..., Account], create_prompt: Factory
    ) -> None:
        owner, intruder = create_account(), create_account()
        base = f"/api/prompts/{create_prompt(owner)['id']}"
        headers = intruder.csrf()
        client = intruder.client
        checks = [
            client.get(base),
            client.patch(base, json={"title": "x"}, headers=headers),
            client.delete(base, headers=headers),
            client.get(f"{base}/versions"),
            client.get(f"{base}/versions/1"),
            client.post(f"{base}/versions/1/restore", headers=headers),
            client.post(f"{base}/render", json={"values": {}}, headers=headers),
            client.post(f"{base}/fork", headers=headers),
            client.post(f"{base}/use", headers=headers),
            client.post(f"{base}/share", headers=headers),
            client.delete(f"{base}/share", headers=headers),
            client.post(f"{base}/publish", headers=headers),
            client.post(f"{base}/unpublish", headers=headers),
            client.post(f"{base}/rate", json={"stars": 5}, headers=headers),
            client.post(f"{base}/report", json={"reason": "spam"}, headers=headers),
        ]
        assert [r.status_code for r in checks] == [404] * len(checks)
        assert {r.json()["code"] for r in checks} == {"prompt_not_found"}
        assert client.get("/api/prompts").json()["items"] == []
        assert owner.client.get(base).status_code == 200

    def test_builtins_are_read_only_and_signed_out_callers_see_only_public_routes(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        base = "/api/prompts/article-de-blog"
        refused = [
            user.client.patch(base, json={"title": "x"}, headers=user.csrf()),
            user.client.delete(base, headers=user.csrf()),
            user.client.post(f"{base}/share", headers=user.csrf()),
            user.client.post(f"{base}/publish", headers=user.csrf()),
        ]
        assert [(r.status_code, r.json()["code"]) for r in refused] == [(403, "builtin_readonly")] * 4
        stranger = new_client()
        assert [
            stranger.get(path).status_code for path in ("/api/prompts", base, "/api/prompts/builtin")
        ] == [401] * 3
        assert [
            stranger.get(path).status_code for path in ("/api/prompts/marketplace", "/api/prompts/categories")
        ] == [200] * 2
