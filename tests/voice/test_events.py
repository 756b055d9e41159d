"""`call.ended` reaches the owner's outgoing webhook when a call ends."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from tests.automations.conftest import Receiver, receiver  # noqa: F401 - the fixture
from tests.automations.test_webhooks import subscribe, verify_standard
from tests.voice.conftest import Phone
from tests.waiting import wait_for


def test_a_call_that_ends_is_delivered_to_the_webhook(
    persona: Callable[..., Any],
    ring: Callable[..., Phone],
    receiver: Receiver,  # noqa: F811
) -> None:
    account, _ = persona()
    hook = subscribe(account, receiver.url, ["call.ended"])
    phone = ring(account)
    phone.until("greeting")
    phone.send(type="hangup")
    phone.until("ended")
    wait_for(lambda: receiver.requests, what="the call.ended delivery")
    headers, body = receiver.requests[0]
    assert verify_standard(hook["secret"], headers, body)
    payload = json.loads(body)
    call = account.client.get("/api/voice/calls").json()["items"][0]
    assert payload["type"] == "call.ended"
    assert payload["data"]["call_id"] == call["id"] and payload["data"]["status"] == "completed"
