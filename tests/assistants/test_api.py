"""Assistants over HTTP: the built-ins, one's own (create, edit, duplicate, delete), validation, ownership."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx

from tests.accounts import Account


class TestBuiltins:
    def test_the_six_builtins_are_listed_in_the_chosen_language_and_read_only(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        french = user.client.get("/api/assistants", params={"lang": "fr"}).json()
        english = user.client.get("/api/assistants", params={"lang": "en"}).json()
        assert [a["name"] for a in french["builtin"]] == [
            "Rédacteur",
            "Développeur",
            "Analyste",
            "Coach",
            "Traducteur",
            "Créatif",
        ]
        assert [a["name"] for a in english["builtin"]][:2] == ["Writer", "Developer"]
        assert french["builtin"][0]["system_prompt"].startswith("Tu es Rédacteur")
        assert english["builtin"][0]["system_prompt"].startswith("You are Writer")
        assert all(a["builtin"] and a["models"] for a in french["builtin"])
        assert french["own"] == [] and french["next_cursor"] is None
        # Without `lang`, the caller's language (French by default) applies.
        assert user.client.get("/api/assistants/coach").json()["name"] == "Coach"
        assert "heart-handshake" in user.client.get("/api/assistants/icons").json()

        patch = user.client.patch("/api/assistants/redacteur", json={"name": "Moi"}, headers=user.csrf())
        delete = user.client.delete("/api/assistants/redacteur", headers=user.csrf())
        assert [(r.status_code, r.json()["code"]) for r in (patch, delete)] == [(403, "builtin_readonly")] * 2


class TestOwnAssistants:
    def test_create_read_edit_delete(
        self, create_account: Callable[..., Account], create_assistant: Callable[..., dict[str, Any]]
    ) -> None:
        user = create_account()
        created = create_assistant(user)
        assert created["builtin"] is False and len(created["id"]) == 32
        assert created["params"] == {"temperature": 0.2, "max_tokens": 3000}

        edited = user.client.patch(
            f"/api/assistants/{created['id']}",
            json={
                "name": "  Relecteur  ",
                "models": ["mistral-large-latest"],
                "params": {"temperature": 1.5},
            },
            headers=user.csrf(),
        ).json()
        assert edited["name"] == "Relecteur" and edited["models"] == ["mistral-large-latest"]
        assert edited["params"] == {"temperature": 1.5, "max_tokens": None}
        assert edited["system_prompt"] == created["system_prompt"]  # untouched fields are kept

        listed = user.client.get("/api/assistants").json()["own"]
        assert [a["name"] for a in listed] == ["Relecteur"]
        assert user.client.delete(f"/api/assistants/{created['id']}", headers=user.csrf()).status_code == 204
        assert user.client.get(f"/api/assistants/{created['id']}").json()["code"] == "assistant_not_found"

    def test_duplicate_a_builtin_or_an_own_assistant(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        response = user.client.post(
            "/api/assistants/analyste/duplicate", params={"lang": "en"}, headers=user.csrf()
        )
        assert response.status_code == 201
        copy = response.json()
        analyst = user.client.get("/api/assistants/analyste", params={"lang": "en"}).json()
        assert copy["name"] == "Analyst (copy)" and copy["duplicated_from"] == "analyste"
        assert copy["system_prompt"] == analyst["system_prompt"] and copy["models"] == analyst["models"]

        again = user.client.post(
            f"/api/assistants/{copy['id']}/duplicate", json={"name": "Mon analyste"}, headers=user.csrf()
        ).json()
        assert again["name"] == "Mon analyste" and again["duplicated_from"] == copy["id"]
        assert {a["id"] for a in user.client.get("/api/assistants").json()["own"]} == {
            copy["id"],
            again["id"],
        }

    def test_own_assistants_page_newest_edit_first(
        self, create_account: Callable[..., Account], create_assistant: Callable[..., dict[str, Any]]
    ) -> None:
        user = create_account()
        ids = [create_assistant(user, name=f"Assistant {n}")["id"] for n in range(3)]
        user.client.patch(f"/api/assistants/{ids[0]}", json={"description": "revu"}, headers=user.csrf())
        first = user.client.get("/api/assistants", params={"limit": 2}).json()
        second = user.client.get(
            "/api/assistants", params={"limit": 2, "cursor": first["next_cursor"]}
        ).json()
        assert [a["id"] for a in first["own"] + second["own"]] == [ids[0], ids[2], ids[1]]
        assert len(second["builtin"]) == 6 and second["next_cursor"] is None


class TestValidation:
    def test_bad_assistants_are_refused(
        self, create_account: Callable[..., Account], create_assistant: Callable[..., dict[str, Any]]
    ) -> None:
        user = create_account()
        cases: list[tuple[dict[str, Any], str]] = [
            ({"name": ""}, "validation_failed"),
            ({"name": "x" * 81}, "validation_failed"),
            ({"description": "x" * 501}, "validation_failed"),
            ({"icon": "skull"}, "validation_failed"),
            ({"system_prompt": "   "}, "validation_failed"),
            ({"system_prompt": "x" * 20_001}, "validation_failed"),
            ({"models": []}, "validation_failed"),
            ({"models": [f"m{n}" for n in range(13)]}, "validation_failed"),
            ({"models": ["gpt-4o", "gpt-4o"]}, "validation_failed"),
            ({"models": ["not-a-model"]}, "unknown_model"),
            ({"params": {"temperature": 2.5}}, "validation_failed"),
            ({"params": {"max_tokens": 16_001}}, "validation_failed"),
            ({"unexpected": True}, "validation_failed"),
        ]
        base = {"name": "A", "system_prompt": "Tu es utile.", "models": ["gpt-4o"]}
        refused = [
            user.client.post("/api/assistants", json={**base, **change}, headers=user.csrf())
            for change, _ in cases
        ]
        assert [(r.status_code, r.json()["code"]) for r in refused] == [(422, code) for _, code in cases]
        assert user.client.get("/api/assistants").json()["own"] == []

        created = create_assistant(user)
        edit = user.client.patch(
            f"/api/assistants/{created['id']}", json={"models": ["gpt-4o", "nope"]}, headers=user.csrf()
        )
        assert edit.status_code == 422 and edit.json()["code"] == "unknown_model"


class TestOwnership:
    def test_another_users_assistant_answers_404_and_signed_out_callers_401(
        self,
        create_account: Callable[..., Account],
        create_assistant: Callable[..., dict[str, Any]],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        owner, intruder = create_account(), create_account()
        created = create_assistant(owner)
        base = f"/api/assistants/{created['id']}"
        checks = [
            intruder.client.get(base),
            intruder.client.patch(base, json={"name": "x"}, headers=intruder.csrf()),
            intruder.client.delete(base, headers=intruder.csrf()),
            intruder.client.post(f"{base}/duplicate", headers=intruder.csrf()),
        ]
        assert [r.status_code for r in checks] == [404] * 4
        assert {r.json()["code"] for r in checks} == {"assistant_not_found"}
        assert intruder.client.get("/api/assistants").json()["own"] == []
        assert owner.client.get(base).json()["name"] == "Relecteur juridique"
        stranger = new_client()  # signed out
        assert [
            stranger.get(path).status_code for path in ("/api/assistants", base, "/api/assistants/redacteur")
        ] == [401] * 3
