"""Conversations over HTTP: listing, search, reading, renaming, deleting, turns without a WebSocket."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from webox.aws import client as aws_client
from webox.chat import history as chat_history
from webox.chat import repository
from webox.storage import bucket_name

from tests.accounts import Account


def turn(
    account: Account, conversation_id: str, models: list[str], content: str, **extra: Any
) -> dict[str, Any]:
    response = account.client.post(
        f"/api/conversations/{conversation_id}/turns",
        json={"models": models, "content": content, **extra},
        headers=account.csrf(),
    )
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def new_conversation(account: Account, title: str | None = None) -> str:
    response = account.client.post(
        "/api/conversations", json={"title": title} if title else {}, headers=account.csrf()
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


class TestTurnsOverRest:
    def test_a_turn_waits_for_every_answer_and_the_verdict(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        result = turn(user, conversation_id, ["gpt-4o", "gemini-2.5-flash"], "Comment bien dormir ?")
        assert [a["status"] for a in result["answers"]] == ["done", "done"]
        assert all(a["usage"]["output_tokens"] > 0 and a["cost"] > 0 for a in result["answers"])
        assert result["verdict"]["judge_model"] and result["verdict"]["error"] is None
        assert result["params"] == {"temperature": None, "max_tokens": None, "system": None}

    def test_the_same_idempotency_key_returns_the_same_turn(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        headers = {**user.csrf(), "Idempotency-Key": "abc-1"}
        body = {"models": ["gpt-4o-mini"], "content": "Salut"}
        first = user.client.post(
            f"/api/conversations/{conversation_id}/turns", json=body, headers=headers
        ).json()
        again = user.client.post(
            f"/api/conversations/{conversation_id}/turns", json=body, headers=headers
        ).json()
        assert first["turn"] == again["turn"] == 1
        assert user.client.get(f"/api/conversations/{conversation_id}").json()["turn_count"] == 1

    def test_parameters_are_kept_with_the_turn(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        params = {"temperature": 0.2, "max_tokens": 12, "system": "Réponds brièvement."}
        result = turn(user, conversation_id, ["gpt-4o-mini"], "Bonjour", params=params, verify=False)
        assert result["params"] == params and result["verify"] is False and result["verdict"] is None
        assert simulators["openai"].last_body["temperature"] == 0.2
        assert simulators["openai"].last_body["messages"][0] == {
            "role": "system",
            "content": "Réponds brièvement.",
        }


class TestHistory:
    def test_each_model_gets_its_own_history_unless_an_answer_was_picked(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        first = turn(
            user, conversation_id, ["gpt-4o-mini", "mistral-small-latest"], "Premier message", verify=False
        )
        turn(user, conversation_id, ["gpt-4o-mini", "mistral-small-latest"], "Deuxième message", verify=False)
        answers = {a["model"]: a["text"] for a in first["answers"]}

        own, _ = chat_history.history_for(user.id, conversation_id, 2, "mistral-small-latest")
        assert [(m.role, m.content) for m in own] == [
            ("user", "Premier message"),
            ("assistant", answers["mistral-small-latest"]),
            ("user", "Deuxième message"),
        ]
        newcomer, _ = chat_history.history_for(user.id, conversation_id, 2, "gemini-2.5-flash")
        assert newcomer[1].content == answers["gpt-4o-mini"]  # the first finished answer of the turn

        turn(
            user,
            conversation_id,
            ["mistral-small-latest"],
            "Troisième",
            verify=False,
            pick={"turn": 1, "model": "gpt-4o-mini"},
        )
        picked, _ = chat_history.history_for(user.id, conversation_id, 3, "mistral-small-latest")
        assert picked[1].content == answers["gpt-4o-mini"]

    def test_only_a_finished_answer_can_be_picked(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        turn(user, conversation_id, ["gpt-4o-mini"], "Un", verify=False)
        response = user.client.post(
            f"/api/conversations/{conversation_id}/turns",
            json={"models": ["gpt-4o-mini"], "content": "Deux", "pick": {"turn": 1, "model": "gpt-4o"}},
            headers=user.csrf(),
        )
        assert response.status_code == 422 and response.json()["code"] == "invalid_pick"


class TestConversations:
    def test_list_newest_first_with_search_ignoring_accents_and_case(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        for title in ("Recettes d'hiver", "Été à Paris", "Budget"):
            new_conversation(user, title)
        listed = user.client.get("/api/conversations").json()["items"]
        assert [c["title"] for c in listed] == ["Budget", "Été à Paris", "Recettes d'hiver"]
        found = user.client.get("/api/conversations", params={"q": "ETE A"}).json()["items"]
        assert [c["title"] for c in found] == ["Été à Paris"]

    def test_pagination(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        for index in range(5):
            new_conversation(user, f"Conversation {index}")
        seen, cursor = [], None
        while True:
            page = user.client.get(
                "/api/conversations", params={"limit": 2, **({"cursor": cursor} if cursor else {})}
            ).json()
            seen += [c["title"] for c in page["items"]]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == [f"Conversation {i}" for i in range(4, -1, -1)]

    def test_rename_and_delete(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        turn(user, conversation_id, ["gpt-4o-mini"], "Bonjour", verify=False)
        renamed = user.client.patch(
            f"/api/conversations/{conversation_id}", json={"title": "Nouveau titre"}, headers=user.csrf()
        )
        assert renamed.json()["title"] == "Nouveau titre"
        assert (
            user.client.delete(f"/api/conversations/{conversation_id}", headers=user.csrf()).status_code
            == 204
        )
        assert user.client.get(f"/api/conversations/{conversation_id}").status_code == 404
        assert list(repository.items(user.id, conversation_id)) == []

    def test_long_answers_live_in_s3_and_go_with_the_conversation(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        turn(user, conversation_id, ["gpt-4o-mini"], "Bonjour", verify=False)
        long_text = "Lorem ipsum " * 2000
        repository.finish_answer(user.id, conversation_id, 1, "gpt-4o-mini", long_text, status="done")
        answer = user.client.get(f"/api/conversations/{conversation_id}").json()["turns"][0]["answers"][0]
        assert answer["text"] == long_text
        s3 = aws_client("s3")
        assert s3.list_objects_v2(Bucket=bucket_name("files"), Prefix=f"chat/{user.id}/")["KeyCount"] == 1
        user.client.delete(f"/api/conversations/{conversation_id}", headers=user.csrf())
        assert s3.list_objects_v2(Bucket=bucket_name("files"), Prefix=f"chat/{user.id}/")["KeyCount"] == 0


class TestOwnership:
    def test_another_users_conversation_answers_404_everywhere(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        owner, intruder = create_account(), create_account()
        conversation_id = new_conversation(owner, "Secret")
        turn(owner, conversation_id, ["gpt-4o-mini"], "Mon secret", verify=False)
        base = f"/api/conversations/{conversation_id}"
        checks = [
            intruder.client.get(base),
            intruder.client.get(f"{base}/turns/1"),
            intruder.client.patch(base, json={"title": "x"}, headers=intruder.csrf()),
            intruder.client.delete(base, headers=intruder.csrf()),
            intruder.client.post(
                f"{base}/turns", json={"models": ["gpt-4o-mini"], "content": "x"}, headers=intruder.csrf()
            ),
            intruder.client.post(f"{base}/turns/1/answers/gpt-4o-mini/retry", headers=intruder.csrf()),
        ]
        assert [r.status_code for r in checks] == [404] * 6
        assert all(r.json()["code"] == "conversation_not_found" for r in checks)
        assert intruder.client.get("/api/conversations").json()["items"] == []
        assert owner.client.get(base).status_code == 200

    def test_signed_out_callers_get_401(self, api: Any) -> None:
        assert api.get("/api/conversations").status_code == 401
        assert api.get("/api/models").status_code == 401


class TestValidation:
    @pytest.mark.parametrize(
        "body",
        [
            {"models": [], "content": "x"},
            {"models": ["gpt-4o"] * 2, "content": "x"},
            {"models": ["gpt-4o"], "content": ""},
            {"models": ["gpt-4o"], "content": "x", "params": {"max_tokens": 0}},
            {"models": ["gpt-4o"], "content": "x", "unexpected": True},
        ],
    )
    def test_bad_turns_are_422(self, create_account: Callable[..., Account], body: dict[str, Any]) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        response = user.client.post(
            f"/api/conversations/{conversation_id}/turns", json=body, headers=user.csrf()
        )
        assert response.status_code == 422 and response.json()["code"] == "validation_failed"

    def test_malformed_ids_are_refused(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        assert user.client.get("/api/conversations/NOT-AN-ID").json()["code"] == "validation_failed"
        assert (
            user.client.get("/api/conversations", params={"cursor": "garbage!"}).json()["code"]
            == "invalid_cursor"
        )


class TestModels:
    def test_the_picker_lists_every_model_with_availability(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        models = user.client.get("/api/models").json()
        assert len(models) >= 14 and len({m["vendor"] for m in models}) >= 9
        gpt = next(m for m in models if m["id"] == "gpt-4o")
        assert gpt["available"] is True and gpt["simulated"] is True and gpt["price_in"] > 0
