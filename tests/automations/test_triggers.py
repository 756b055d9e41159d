"""Triggers: deployed at the fake Connect, their signed events arrive on the hook and start tasks;
bad or old signatures answer 401, a replay 409."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
from webox.account import jobs as account_jobs
from webox.testing.pipedream import FakeConnect, sign

from tests.accounts import PASSWORD, Account
from tests.automations.conftest import connect_app, wait_task
from tests.waiting import wait_for

NOOP_TARGET = {"kind": "plan", "task": {"kind": "automation", "plan": [{"id": "s1", "kind": "noop"}]}}


def post_trigger(account: Account, account_id: str, target: dict[str, Any] = NOOP_TARGET) -> httpx.Response:
    return account.client.post(
        "/api/automations/triggers",
        json={
            "component_key": "slack-new-message-in-channels",
            "account_id": account_id,
            "props": {"conversations": ["C042"]},
            "target": target,
        },
        headers=account.csrf(),
    )


def deploy(account: Account, account_id: str, target: dict[str, Any] = NOOP_TARGET) -> dict[str, Any]:
    answer = post_trigger(account, account_id, target)
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def emit(fake_url: str, fake: FakeConnect, event: dict[str, Any], **extra: Any) -> int:
    (trigger_id,) = list(fake.triggers)
    answer = httpx.post(
        f"{fake_url}/_fake/deployed-triggers/{trigger_id}/emit", json={"event": event, **extra}
    )
    assert answer.status_code == 200, answer.text
    return int(answer.json()["status"])


class TestInbound:
    def test_a_signed_event_starts_the_target_with_the_event(
        self, create_account: Callable[..., Account], fake: FakeConnect, fake_url: str
    ) -> None:
        marie = create_account()
        trigger = deploy(marie, connect_app(marie, "slack"))
        assert len(trigger["hook_id"]) == 43
        deployed = next(iter(fake.triggers.values()))
        assert deployed.webhook_url and deployed.webhook_url.endswith(
            f"/api/automations/hooks/{trigger['hook_id']}"
        )
        assert emit(fake_url, fake, {"text": "Nouveau message"}) == 202
        tasks = wait_for(lambda: marie.client.get("/api/tasks").json()["items"], what="a task")
        task = wait_task(marie, tasks[0]["task_id"])
        assert task["status"] == "succeeded"
        assert task["plan"][0]["input"]["event"] == {"text": "Nouveau message"}
        listed = marie.client.get("/api/automations/triggers").json()["items"]
        assert listed[0]["events_received"] == 1

    def test_bad_old_and_replayed_deliveries_are_refused(
        self, create_account: Callable[..., Account], fake: FakeConnect, fake_url: str, api: httpx.Client
    ) -> None:
        marie = create_account()
        hook = deploy(marie, connect_app(marie, "slack"))["hook_id"]
        key = next(iter(fake.triggers.values())).signing_key
        body = json.dumps({"id": "evt_1", "event": {"n": 1}}).encode()
        url = f"/api/automations/hooks/{hook}"

        def post(signature: str) -> httpx.Response:
            return api.post(
                url, content=body, headers={"x-pd-signature": signature, "content-type": "application/json"}
            )

        now = int(time.time())
        assert post(sign("wrong-key", body, now)).status_code == 401
        assert post("").json()["code"] == "automations.bad_signature"
        stale = post(sign(key, body, now - 301))
        assert stale.status_code == 401 and stale.json()["code"] == "automations.stale_event"
        assert post(sign(key, body, now)).status_code == 202
        replay = post(sign(key, body, now))
        assert replay.status_code == 409 and replay.json()["code"] == "automations.duplicate_event"
        unknown = api.post(
            "/api/automations/hooks/" + "x" * 43,
            content=body,
            headers={"x-pd-signature": sign(key, body, now)},
        )
        assert unknown.status_code == 404
        assert len(marie.client.get("/api/tasks").json()["items"]) == 1

    def test_a_deleted_trigger_stops_at_pipedream_and_its_hook_is_gone(
        self, create_account: Callable[..., Account], fake: FakeConnect, api: httpx.Client
    ) -> None:
        marie, paul = create_account(), create_account()
        hook = deploy(marie, connect_app(marie, "slack"))["hook_id"]
        assert paul.client.delete(f"/api/automations/triggers/{hook}", headers=paul.csrf()).status_code == 404
        assert (
            marie.client.delete(f"/api/automations/triggers/{hook}", headers=marie.csrf()).status_code == 204
        )
        assert fake.triggers == {}
        assert api.post(f"/api/automations/hooks/{hook}", content=b"{}").status_code == 404

    def test_a_trigger_needs_the_users_own_account(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie, paul = create_account(), create_account()
        account_id = connect_app(marie, "slack")
        answer = post_trigger(paul, account_id)
        assert answer.status_code == 404
        assert fake.triggers == {}

    def test_a_trigger_cannot_start_a_task_reserved_to_the_account_worker(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie = create_account()
        target = {"kind": "plan", "task": {**NOOP_TARGET["task"], "kind": account_jobs.DELETION_TASK}}
        answer = post_trigger(marie, connect_app(marie, "slack"), target)
        assert answer.status_code == 409, answer.text
        assert answer.json()["code"] == "tasks.kind_reserved"
        assert fake.triggers == {}
        assert marie.client.get("/api/automations/triggers").json()["items"] == []


class TestActionStep:
    def test_a_pipedream_action_step_runs_once_in_a_task(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie = create_account()
        account_id = connect_app(marie, "notion")
        plan = [
            {
                "id": "page",
                "kind": "pipedream.action",
                "input": {
                    "component_key": "notion-create-page",
                    "account_id": account_id,
                    "props": {"title": "Compte rendu"},
                },
            }
        ]
        started = marie.client.post("/api/tasks", json={"plan": plan}, headers=marie.csrf())
        assert started.status_code == 201, started.text
        task = wait_task(marie, started.json()["task_id"])
        assert task["status"] == "succeeded", task
        assert len(fake.runs) == 1 and fake.runs[0]["configured_props"]["title"] == "Compte rendu"

    def test_a_step_with_bad_props_fails_with_the_reason(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie = create_account()
        account_id = connect_app(marie, "notion")
        plan = [
            {
                "id": "page",
                "kind": "pipedream.action",
                "input": {"component_key": "notion-create-page", "account_id": account_id},
            }
        ]
        started = marie.client.post("/api/tasks", json={"plan": plan}, headers=marie.csrf())
        task = wait_task(marie, started.json()["task_id"])
        assert task["status"] == "failed"
        assert task["error"]["code"] == "automations.invalid_props"
        assert fake.runs == []


class TestAccountDeletion:
    def test_deleting_the_webox_account_stops_its_triggers_at_pipedream(
        self, create_account: Callable[..., Account], fake: FakeConnect, api: httpx.Client
    ) -> None:
        marie, paul = create_account(), create_account()
        hook = deploy(marie, connect_app(marie, "slack"))["hook_id"]
        deploy(paul, connect_app(paul, "slack"))
        assert len(fake.triggers) == 2
        gone = marie.client.post("/api/account/delete", json={"password": PASSWORD}, headers=marie.csrf())
        assert gone.status_code == 202, gone.text
        wait_for(lambda: len(fake.triggers) == 1, what="the trigger stopped at Pipedream")
        assert next(iter(fake.triggers.values())).external_user_id == paul.id
        assert api.post(f"/api/automations/hooks/{hook}", content=b"{}").status_code == 404
