"""Edit and resend, regenerate, and the versions of a message over HTTP: the old branch is kept and
reachable, and each model is sent the branch it answers in."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from webox.chat import history as chat_history

from tests.accounts import Account
from tests.chat.test_api import new_conversation, turn

MODELS = ["gpt-4o-mini"]


def contents(account: Account, conversation_id: str) -> list[str]:
    detail = account.client.get(f"/api/conversations/{conversation_id}").json()
    return [t["content"] for t in detail["turns"]]


def conversation_of_three(account: Account) -> str:
    conversation_id = new_conversation(account)
    for content in ("Un", "Deux", "Trois"):
        turn(account, conversation_id, MODELS, content, verify=False)
    return conversation_id


class TestEdit:
    def test_editing_a_message_branches_there_and_keeps_the_old_branch(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = conversation_of_three(user)

        edited = turn(user, conversation_id, MODELS, "Deux, autrement", verify=False, edit_of=2)

        assert edited["turn"] == 4 and edited["parent"] == 1 and edited["versions"] == [2, 4]
        assert edited["answers"][0]["status"] == "done"
        detail = user.client.get(f"/api/conversations/{conversation_id}").json()
        assert [t["content"] for t in detail["turns"]] == ["Un", "Deux, autrement"]
        assert detail["turns"][1]["versions"] == [2, 4]
        # The model answering the edit was sent the first exchange and the new text, not turns 2–3.
        sent = simulators["openai"].last_body["messages"]
        assert [m["content"] for m in sent if m["role"] == "user"] == ["Un", "Deux, autrement"]

    def test_the_old_version_is_reachable_with_what_followed_it(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = conversation_of_three(user)
        turn(user, conversation_id, MODELS, "Deux, autrement", verify=False, edit_of=2)

        back = user.client.put(
            f"/api/conversations/{conversation_id}/branch", json={"turn": 2}, headers=user.csrf()
        )

        assert back.status_code == 200
        assert [t["content"] for t in back.json()["turns"]] == ["Un", "Deux", "Trois"]
        assert contents(user, conversation_id) == ["Un", "Deux", "Trois"]  # kept for the next visit
        forth = user.client.put(
            f"/api/conversations/{conversation_id}/branch", json={"turn": 4}, headers=user.csrf()
        )
        assert [t["content"] for t in forth.json()["turns"]] == ["Un", "Deux, autrement"]

    def test_a_message_sent_after_an_edit_follows_the_new_branch(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = conversation_of_three(user)
        turn(user, conversation_id, MODELS, "Deux, autrement", verify=False, edit_of=2)

        turn(user, conversation_id, MODELS, "Et après ?", verify=False)

        assert contents(user, conversation_id) == ["Un", "Deux, autrement", "Et après ?"]
        messages, _ = chat_history.history_for(user.id, conversation_id, 5, MODELS[0])
        assert [m.content for m in messages if m.role == "user"] == ["Un", "Deux, autrement", "Et après ?"]

    def test_the_first_message_can_be_edited_and_other_models_picked(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = conversation_of_three(user)

        edited = turn(
            user, conversation_id, ["mistral-small-latest"], "Premier, revu", verify=False, edit_of=1
        )

        assert edited["parent"] is None and edited["versions"] == [1, 4]
        assert [a["model"] for a in edited["answers"]] == ["mistral-small-latest"]
        assert contents(user, conversation_id) == ["Premier, revu"]

    def test_an_edit_is_bounded_like_a_message_and_needs_a_message_of_the_conversation(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = conversation_of_three(user)
        base = f"/api/conversations/{conversation_id}/turns"
        too_long = user.client.post(
            base, json={"models": MODELS, "content": "x" * 32_001, "edit_of": 2}, headers=user.csrf()
        )
        blank = user.client.post(
            base, json={"models": MODELS, "content": "  ", "edit_of": 2}, headers=user.csrf()
        )
        unknown = user.client.post(
            base, json={"models": MODELS, "content": "x", "edit_of": 9}, headers=user.csrf()
        )
        assert [too_long.status_code, blank.status_code] == [422, 422]
        assert too_long.headers["content-type"].startswith("application/problem+json")
        assert unknown.status_code == 404 and unknown.json()["code"] == "turn_not_found"
        assert contents(user, conversation_id) == ["Un", "Deux", "Trois"]


class TestRegenerate:
    def test_regenerate_runs_every_model_again_as_a_new_version(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        turn(user, conversation_id, ["gpt-4o-mini", "mistral-small-latest"], "Un", verify=False)
        first = turn(
            user,
            conversation_id,
            ["gpt-4o-mini", "mistral-small-latest"],
            "Deux",
            params={"temperature": 0.3},
        )
        requests = simulators["openai"].requests

        again = user.client.post(
            f"/api/conversations/{conversation_id}/turns/2/regenerate", headers=user.csrf()
        )

        assert again.status_code == 200, again.text
        body = again.json()
        assert body["turn"] == 3 and body["versions"] == [2, 3] and body["content"] == "Deux"
        assert [a["model"] for a in body["answers"]] == ["gpt-4o-mini", "mistral-small-latest"]
        assert all(a["status"] == "done" for a in body["answers"])
        assert body["params"]["temperature"] == 0.3 and body["verdict"] is not None
        assert simulators["openai"].requests > requests
        old = user.client.get(f"/api/conversations/{conversation_id}/turns/2").json()
        assert old["answers"] == first["answers"] and old["versions"] == [2, 3]


class TestOwnership:
    def test_another_users_conversation_answers_404_to_edits_versions_and_regenerate(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        owner, intruder = create_account(), create_account()
        conversation_id = new_conversation(owner)
        turn(owner, conversation_id, MODELS, "Secret", verify=False)
        base = f"/api/conversations/{conversation_id}"
        checks = [
            intruder.client.post(
                f"{base}/turns",
                json={"models": MODELS, "content": "x", "edit_of": 1},
                headers=intruder.csrf(),
            ),
            intruder.client.put(f"{base}/branch", json={"turn": 1}, headers=intruder.csrf()),
            intruder.client.post(f"{base}/turns/1/regenerate", headers=intruder.csrf()),
        ]
        assert [r.status_code for r in checks] == [404] * 3
        assert all(r.json()["code"] == "conversation_not_found" for r in checks)
        assert contents(owner, conversation_id) == ["Secret"]

    def test_an_unknown_version_is_404(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user)
        turn(user, conversation_id, MODELS, "Un", verify=False)
        response = user.client.put(
            f"/api/conversations/{conversation_id}/branch", json={"turn": 7}, headers=user.csrf()
        )
        assert response.status_code == 404 and response.json()["code"] == "turn_not_found"
