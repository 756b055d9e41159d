"""Search inside messages over HTTP: an index kept as turns are answered (no Scan), snippets with
the matches marked, pagination, and the index going with a conversation or an account."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from webox.chat import conversations, repository, search
from webox.chat import turns as chat_turns
from webox.chat.models import ChatItem
from webox.db import utcnow

from tests.accounts import Account, delete_account
from tests.chat.test_api import new_conversation, turn

MODELS = ["gpt-4o-mini"]


def found(account: Account, q: str, **params: Any) -> dict[str, Any]:
    response = account.client.get("/api/conversations/search", params={"q": q, **params})
    assert response.status_code == 200, response.text
    result: dict[str, Any] = response.json()
    return result


def marked(hit: dict[str, Any]) -> list[str]:
    return [hit["snippet"][h["start"] : h["end"]] for h in hit["highlights"]]


def index_size(user_id: str) -> int:
    return sum(1 for _ in ChatItem.query(repository.words_partition(user_id)))


class TestSearch:
    def test_a_word_of_a_message_finds_it_with_accents_and_case_ignored(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user, "Biologie")
        turn(user, conversation_id, MODELS, "Explique la photosynthèse des Érables", verify=False)

        result = found(user, "ERABLE photosynth")

        [hit] = [h for h in result["items"] if h["model"] is None]
        assert hit["conversation_id"] == conversation_id and hit["title"] == "Biologie" and hit["turn"] == 1
        assert "photosynthèse" in hit["snippet"]
        assert set(marked(hit)) == {"Érable", "photosynth"}

    def test_a_word_of_an_answer_finds_the_answer_of_that_model(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        result = turn(user, conversation_id, ["gpt-4o-mini", "mistral-small-latest"], "Bonjour", verify=False)
        text = result["answers"][1]["text"]
        word = max(search.words(text), key=len)

        hits = found(user, word)["items"]

        assert any(h["model"] == "mistral-small-latest" and h["turn"] == 1 for h in hits)

    def test_every_word_must_be_there_and_other_users_never_match(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user, other = create_account(), create_account()
        turn(user, new_conversation(user), MODELS, "Les girafes mangent des acacias", verify=False)
        turn(other, new_conversation(other), MODELS, "Les girafes dorment debout", verify=False)

        assert [h["snippet"] for h in found(user, "girafes debout")["items"]] == []
        assert len([h for h in found(user, "girafe")["items"] if h["model"] is None]) == 1
        assert [h["model"] for h in found(other, "acacias")["items"]] == []

    def test_results_are_paginated_newest_first(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        for n in range(5):
            turn(user, conversation_id, MODELS, f"Question zygomatique numéro {n}", verify=False)
        seen: list[int] = []
        cursor = None
        while True:
            page = found(user, "zygomatique", limit=2, **({"cursor": cursor} if cursor else {}))
            assert len(page["items"]) <= 2
            seen += [h["turn"] for h in page["items"] if h["model"] is None]
            cursor = page["next_cursor"]
            if not cursor:
                break
        assert seen == [5, 4, 3, 2, 1]

    def test_an_edited_message_is_found_with_the_turn_to_open(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        turn(user, conversation_id, MODELS, "Parle des ornithorynques", verify=False)
        turn(user, conversation_id, MODELS, "Parle des wombats", verify=False, edit_of=1)

        [old] = [h for h in found(user, "ornithorynques")["items"] if h["model"] is None]
        [new] = [h for h in found(user, "wombats")["items"] if h["model"] is None]

        assert (old["turn"], new["turn"]) == (1, 2)


class TestBounds:
    @pytest.mark.parametrize("q", ["", "a", "x" * 101, "  ", "?!"])
    def test_a_query_too_short_or_too_long_is_refused(
        self, create_account: Callable[..., Account], q: str
    ) -> None:
        user = create_account()
        response = user.client.get("/api/conversations/search", params={"q": q})
        assert response.status_code == 422
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] in {"validation_failed", "invalid_search"}

    def test_another_users_cursor_is_refused(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user, other = create_account(), create_account()
        conversation_id = new_conversation(user)
        for n in range(3):
            turn(user, conversation_id, MODELS, f"Message kaléidoscope {n}", verify=False)
        cursor = found(user, "kaleidoscope", limit=1)["next_cursor"]
        assert cursor
        response = other.client.get(
            "/api/conversations/search", params={"q": "kaleidoscope", "cursor": cursor}
        )
        assert response.status_code == 400 and response.json()["code"] == "invalid_cursor"


class TestIndexMaintenance:
    def test_deleting_a_conversation_removes_its_index_entries_and_no_others(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        kept, gone = new_conversation(user), new_conversation(user)
        turn(user, kept, MODELS, "Garde les pélicans", verify=False)
        before = index_size(user.id)
        turn(user, gone, ["gpt-4o-mini", "mistral-small-latest"], "Oublie les flamants roses", verify=False)
        assert index_size(user.id) > before

        assert user.client.delete(f"/api/conversations/{gone}", headers=user.csrf()).status_code == 204

        assert index_size(user.id) == before
        assert found(user, "flamants")["items"] == []
        assert [h["conversation_id"] for h in found(user, "pelicans")["items"] if h["model"] is None] == [
            kept
        ]

    def test_a_retried_answer_is_found_by_its_new_words_only(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        turn(user, conversation_id, MODELS, "Bonjour", verify=False)
        repository.finish_answer(
            user.id, conversation_id, 1, MODELS[0], "Ancienne réponse caduque", status="done"
        )
        search.index_turn(user.id, conversation_id, conversations.get_turn(user.id, conversation_id, 1))
        assert [h["model"] for h in found(user, "caduque")["items"]] == [MODELS[0]]

        retried = asyncio.run(chat_turns.run_turn(chat_turns.retry(user.id, conversation_id, 1, MODELS[0])))

        new_word = max(search.words(retried.answers[0].text), key=len)
        assert found(user, "caduque")["items"] == []
        assert [h["model"] for h in found(user, new_word)["items"]] == [MODELS[0]]

    def test_account_deletion_removes_the_whole_index(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        turn(user, conversation_id, MODELS, "Un message à effacer", verify=False)
        user.client.put(f"/api/conversations/{conversation_id}/pin", headers=user.csrf())
        # An entry whose conversation is long gone (from an older index) goes too.
        repository.put_index_entries(user.id, [("orphelin#2026-01-01T00:00:00+00:00#x#00001#q", utcnow())])
        assert index_size(user.id) > 0

        response = delete_account(user)

        assert response.status_code in {200, 202, 204}, response.text
        assert index_size(user.id) == 0
        assert list(ChatItem.query(repository.pins_partition(user.id))) == []
