"""The fake Pipedream Connect speaks what the official `pipedream` SDK expects (it parses every
answer into its own models) and signs trigger deliveries the way Pipedream does."""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from pipedream import Pipedream
from pipedream.core.api_error import ApiError
from webox.testing.pipedream import CLIENT_ID, CLIENT_SECRET, PROJECT_ID, FakeConnect, create_app
from webox.testing.server import RunningServer, serve


@pytest.fixture(scope="module")
def fake() -> Iterator[tuple[RunningServer, FakeConnect]]:
    state = FakeConnect()
    server = serve(create_app(state))
    yield server, state
    server.stop()


def sdk(url: str, secret: str = CLIENT_SECRET) -> Pipedream:
    return Pipedream(
        base_url=url,
        project_id=PROJECT_ID,
        client_id=CLIENT_ID,
        client_secret=secret,
        project_environment="development",
    )


def test_the_sdk_connects_an_account_runs_an_action_and_deploys_a_trigger(
    fake: tuple[RunningServer, FakeConnect],
) -> None:
    server, state = fake
    pd = sdk(server.url)
    assert "slack" in [app.name_slug for app in pd.apps.list()]
    token = pd.tokens.create(external_user_id="user-1")
    link = httpx.URL(token.connect_link_url)
    assert httpx.get(link).status_code == 200
    assert (
        httpx.post(
            link.join("/_static/connect"), data={"token": link.params["token"], "app": "slack"}
        ).status_code
        == 200
    )
    [account] = list(pd.accounts.list(external_user_id="user-1"))
    assert (account.app.name_slug if account.app else None, account.healthy) == ("slack", True)
    component = pd.components.retrieve("slack-send-message")
    assert [p.name for p in component.configurable_props] == ["slack", "channel", "text"]
    run = pd.actions.run(
        id="slack-send-message",
        external_user_id="user-1",
        configured_props={"slack": {"authProvisionId": account.id}, "channel": "#a", "text": "Bonjour"},
    )
    assert run.exports == {"$summary": "Send Message done"}
    deployed = pd.triggers.deploy(
        id="slack-new-message-in-channels",
        external_user_id="user-1",
        configured_props={"slack": {"authProvisionId": account.id}, "conversations": ["C1"]},
        webhook_url="http://127.0.0.1:9/hook",
    )
    assert getattr(deployed, "webhook_signing_key", None)
    pd.deployed_triggers.delete(deployed.id, external_user_id="user-1")
    assert deployed.id not in state.triggers
    with pytest.raises(ApiError) as refused:
        pd.actions.run(
            id="slack-send-message",
            external_user_id="user-2",
            configured_props={"slack": {"authProvisionId": account.id}},
        )
    assert refused.value.status_code == 400  # another user's account
    pd.accounts.delete(account.id)
    assert list(pd.accounts.list(external_user_id="user-1")) == []


def test_wrong_client_credentials_are_refused(fake: tuple[RunningServer, FakeConnect]) -> None:
    server, _ = fake
    with pytest.raises(ApiError) as refused:
        list(sdk(server.url, secret="wrong").apps.list())
    assert refused.value.status_code == 401


def test_an_emitted_event_is_posted_signed_with_the_triggers_key(
    fake: tuple[RunningServer, FakeConnect],
) -> None:
    server, state = fake
    received: list[tuple[str, bytes]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            received.append(
                (self.headers["x-pd-signature"], self.rfile.read(int(self.headers["content-length"])))
            )
            self.send_response(202)
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            return

    hook = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=hook.serve_forever, daemon=True).start()
    pd = sdk(server.url)
    account = state.connect("user-3", "gmail")
    deployed = pd.triggers.deploy(
        id="gmail-new-email-received",
        external_user_id="user-3",
        configured_props={"gmail": {"authProvisionId": account.id}},
        webhook_url=f"http://127.0.0.1:{hook.server_address[1]}/hook",
    )
    answer = httpx.post(
        f"{server.url}/_fake/deployed-triggers/{deployed.id}/emit", json={"event": {"subject": "Devis"}}
    )
    hook.shutdown()
    assert answer.json() == {"status": 202}
    [(signature, body)] = received
    fields = dict(part.split("=", 1) for part in signature.split(","))
    key = getattr(deployed, "webhook_signing_key", "")
    expected = hmac.new(key.encode(), f"{fields['t']}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(fields["v1"], expected)
    assert json.loads(body)["event"] == {"subject": "Devis"}
