"""The "panne simulée" switch of local mode (`PUT /dev/outage` on the local host): the next answer of
the model named fails as its vendor's does when it is down, the other columns answer, and the retry
goes through; only a model a simulator answers can be switched."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
from webox.local.host import LocalHost

from tests.accounts import Account
from tests.chat.test_api import new_conversation, turn


def test_one_column_fails_once_then_answers(
    aws: LocalHost, create_account: Callable[..., Account], simulators: dict[str, Any]
) -> None:
    user = create_account()
    conversation_id = new_conversation(user)

    switched = httpx.put(f"{aws.url}/dev/outage", json={"model": "claude-haiku-4-5"})
    assert switched.status_code == 204, switched.text

    first = turn(user, conversation_id, ["gpt-4o-mini", "claude-haiku-4-5"], "Une idée de dîner ?")
    statuses = {a["model"]: a["status"] for a in first["answers"]}
    assert statuses == {"gpt-4o-mini": "done", "claude-haiku-4-5": "error"}
    retried = user.client.post(
        f"/api/conversations/{conversation_id}/turns/1/answers/claude-haiku-4-5/retry",
        headers=user.csrf(),
    )
    assert retried.status_code in (200, 202), retried.text
    second = turn(user, conversation_id, ["claude-haiku-4-5"], "Et un dessert ?")
    assert [a["status"] for a in second["answers"]] == ["done"]


def test_only_a_simulated_registry_model_can_be_switched(aws: LocalHost) -> None:
    unknown = httpx.put(f"{aws.url}/dev/outage", json={"model": "no-such-model"})
    assert unknown.status_code == 404 and unknown.json()["code"] == "not_simulated"
    for body in ({}, {"model": ""}, {"model": 3}, ["gpt-4o"]):
        refused = httpx.put(f"{aws.url}/dev/outage", json=body)
        assert refused.status_code == 422 and refused.json()["code"] == "validation_failed"
    assert httpx.put(f"{aws.url}/dev/outage", content=b"{").status_code == 422
