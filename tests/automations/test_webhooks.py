"""Outgoing webhooks: WeBox events (published on the embedded EventBridge bus, delivered by its rule
to the automations queue) reach a user's URL signed per Standard Webhooks, retried, logged."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable

import pytest
from webox import events
from webox.automations import webhooks
from webox.automations.jobs import BusEvent

from tests.accounts import Account
from tests.automations.conftest import Receiver, wait_task
from tests.waiting import wait_for


def subscribe(account: Account, url: str, types: list[str]) -> dict[str, str]:
    answer = account.client.post(
        "/api/automations/webhooks", json={"url": url, "event_types": types}, headers=account.csrf()
    )
    assert answer.status_code == 201, answer.text
    return dict(answer.json())


def verify_standard(secret: str, headers: dict[str, str], body: bytes) -> bool:
    """The Standard Webhooks check, written from the specification (not from WeBox's code)."""
    key = base64.b64decode(secret.split("_", 1)[1])
    content = f"{headers['webhook-id']}.{headers['webhook-timestamp']}.{body.decode()}".encode()
    expected = base64.b64encode(hmac.new(key, content, hashlib.sha256).digest()).decode()
    given = [part.split(",", 1)[1] for part in headers["webhook-signature"].split(" ")]
    return expected in given and abs(time.time() - int(headers["webhook-timestamp"])) < 300


class TestDelivery:
    def test_a_finished_task_reaches_the_webhook_signed_and_logged(
        self, create_account: Callable[..., Account], receiver: Receiver
    ) -> None:
        marie = create_account()
        hook = subscribe(marie, receiver.url, ["task.succeeded"])
        assert hook["secret"].startswith("whsec_")
        assert "secret" not in marie.client.get("/api/automations/webhooks").json()["items"][0]
        started = marie.client.post(
            "/api/tasks",
            json={"title": "Rapport", "plan": [{"id": "s1", "kind": "noop"}]},
            headers=marie.csrf(),
        )
        wait_task(marie, started.json()["task_id"])
        wait_for(lambda: receiver.requests, what="a delivery")
        headers, body = receiver.requests[0]
        assert verify_standard(hook["secret"], headers, body)
        payload = json.loads(body)
        assert payload["type"] == "task.succeeded"
        assert (
            payload["data"]["task_id"] == started.json()["task_id"] and payload["data"]["title"] == "Rapport"
        )
        log = wait_for(
            lambda: marie.client.get(f"/api/automations/webhooks/{hook['webhook_id']}/deliveries").json()[
                "items"
            ],
            what="the delivery log",
        )
        assert (log[0]["status_code"], log[0]["ok"], log[0]["attempt"]) == (200, True, 1)
        assert log[0]["response_body"] == '{"received": 200}'

    def test_only_subscribed_events_of_the_owner_are_sent(
        self, create_account: Callable[..., Account], receiver: Receiver
    ) -> None:
        marie, paul = create_account(), create_account()
        subscribe(marie, receiver.url, ["chat.finished"])
        events.publish(marie.id, "task.succeeded", {"task_id": "a"})
        events.publish(paul.id, "chat.finished", {"conversation_id": "b"})
        events.publish(marie.id, "chat.finished", {"conversation_id": "c"})
        wait_for(lambda: receiver.requests, what="a delivery")
        # The worker's own decision for the two others (they may still be on the queue): nothing to send.
        other = {"event_id": "e", "user_id": marie.id, "data": {}}
        assert (
            webhooks.on_event(
                BusEvent(**{"detail-type": "task.succeeded", "source": "webox", "detail": other})
            )
            == 0
        )
        other["user_id"] = paul.id
        assert (
            webhooks.on_event(
                BusEvent(**{"detail-type": "chat.finished", "source": "webox", "detail": other})
            )
            == 0
        )
        bodies = [json.loads(body) for _, body in receiver.requests]
        assert [(b["type"], b["data"]) for b in bodies] == [("chat.finished", {"conversation_id": "c"})]

    def test_a_failing_receiver_is_retried_and_every_attempt_logged(
        self, create_account: Callable[..., Account], receiver: Receiver, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(webhooks, "RETRY_DELAYS_S", [0, 0])
        receiver.statuses = [500, 503]
        marie = create_account()
        hook = subscribe(marie, receiver.url, ["media.ready"])
        events.publish(marie.id, "media.ready", {"job_id": "j1"})
        log = wait_for(
            lambda: [
                d
                for d in marie.client.get(
                    f"/api/automations/webhooks/{hook['webhook_id']}/deliveries"
                ).json()["items"]
                if d["ok"]
            ],
            what="a successful attempt",
        )
        attempts = marie.client.get(f"/api/automations/webhooks/{hook['webhook_id']}/deliveries").json()[
            "items"
        ]
        assert sorted((a["attempt"], a["status_code"]) for a in attempts) == [(1, 500), (2, 503), (3, 200)]
        assert log[0]["attempt"] == 3
        ids = {headers["webhook-id"] for headers, _ in receiver.requests}
        assert len(ids) == 1  # the same message id on every attempt: the receiver can de-duplicate


class TestUrls:
    @pytest.mark.parametrize(
        "url",
        [
            "https://169.254.169.254/latest/meta-data",
            "https://10.0.0.8/hook",
            "https://[::1]/hook",
            "ftp://example.com/",
        ],
    )
    def test_private_and_non_http_urls_are_refused(
        self, create_account: Callable[..., Account], url: str
    ) -> None:
        marie = create_account()
        answer = marie.client.post(
            "/api/automations/webhooks",
            json={"url": url, "event_types": ["task.failed"]},
            headers=marie.csrf(),
        )
        assert answer.status_code == 400
        assert answer.json()["code"] == "url_not_allowed"

    def test_another_users_webhook_is_not_found(
        self, create_account: Callable[..., Account], receiver: Receiver
    ) -> None:
        marie, paul = create_account(), create_account()
        hook = subscribe(marie, receiver.url, ["task.failed"])
        assert (
            paul.client.get(f"/api/automations/webhooks/{hook['webhook_id']}/deliveries").status_code == 404
        )
        assert (
            paul.client.delete(
                f"/api/automations/webhooks/{hook['webhook_id']}", headers=paul.csrf()
            ).status_code
            == 404
        )
        assert (
            marie.client.delete(
                f"/api/automations/webhooks/{hook['webhook_id']}", headers=marie.csrf()
            ).status_code
            == 204
        )


class TestPublishers:
    def test_a_finished_chat_turn_is_published(
        self, create_account: Callable[..., Account], receiver: Receiver
    ) -> None:
        marie = create_account()
        subscribe(marie, receiver.url, ["chat.finished"])
        conversation = marie.client.post("/api/conversations", json={}, headers=marie.csrf()).json()["id"]
        answered = marie.client.post(
            f"/api/conversations/{conversation}/turns",
            json={"models": ["gpt-4o-mini"], "content": "Bonjour"},
            headers=marie.csrf(),
        )
        assert answered.status_code == 200, answered.text
        wait_for(lambda: receiver.requests, what="the chat.finished delivery")
        payload = json.loads(receiver.requests[0][1])
        assert payload["type"] == "chat.finished"
        assert payload["data"]["conversation_id"] == conversation and payload["data"]["models"] == [
            "gpt-4o-mini"
        ]
