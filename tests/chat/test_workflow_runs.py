"""Workflow runs started from a conversation (`/workflow`) are kept in it: read back with the
conversation after its last turn, once however often they are put, 404 in another user's."""

from __future__ import annotations

from collections.abc import Callable

import httpx
from webox.chat import repository

from tests.accounts import Account
from tests.chat.test_api import new_conversation

RUN = "0190f3c2a1b2c3d4e5f6a7b8c9d0e1f2"


def keep(account: Account, conversation_id: str, run_id: str = RUN, title: str = "Balades") -> httpx.Response:
    return account.client.put(
        f"/api/conversations/{conversation_id}/workflow-runs/{run_id}",
        json={"title": title},
        headers=account.csrf(),
    )


class TestWorkflowRuns:
    def test_a_kept_run_is_read_with_the_conversation_once(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        conversation_id = new_conversation(user, "Sorties")

        first = keep(user, conversation_id)
        again = keep(user, conversation_id, title="Autre titre")

        assert first.status_code == 200, first.text
        assert first.json()["run_id"] == RUN and first.json()["after_turn"] == 0
        assert again.json() == first.json()  # the first placing stays
        detail = user.client.get(f"/api/conversations/{conversation_id}").json()
        assert [(r["run_id"], r["title"]) for r in detail["workflow_runs"]] == [(RUN, "Balades")]
        assert detail["turns"] == []

    def test_another_users_conversation_is_404_and_bad_input_422(
        self, create_account: Callable[..., Account]
    ) -> None:
        owner, stranger = create_account(), create_account()
        conversation_id = new_conversation(owner, "Privée")

        refused = keep(stranger, conversation_id)
        assert refused.status_code == 404 and refused.json()["code"] == "conversation_not_found"
        assert owner.client.get(f"/api/conversations/{conversation_id}").json()["workflow_runs"] == []
        assert keep(owner, conversation_id, run_id="../x").status_code in (404, 422)
        assert keep(owner, conversation_id, run_id="A" * 32).status_code == 422
        assert keep(owner, conversation_id, title="").status_code == 422
        assert keep(owner, conversation_id, title="x" * 201).status_code == 422

    def test_deleting_the_conversation_deletes_its_runs(self, create_account: Callable[..., Account]) -> None:
        user = create_account()
        conversation_id = new_conversation(user, "Éphémère")
        assert keep(user, conversation_id).status_code == 200

        user.client.delete(f"/api/conversations/{conversation_id}", headers=user.csrf())

        assert list(repository.items(user.id, conversation_id)) == []
        assert keep(user, conversation_id).status_code == 404
