"""Automation helpers: the fake Pipedream Connect the local host runs, a connected account, a
receiver of outgoing webhooks, and waiting on tasks."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from webox.config import get_settings
from webox.local.host import LocalHost
from webox.testing.pipedream import FakeConnect

from tests.accounts import Account, verified
from tests.waiting import until

FINISHED = ("succeeded", "failed", "cancelled", "budget_exceeded")


@pytest.fixture
def create_account(create_account: Callable[..., Account]) -> Callable[..., Account]:
    """Accounts whose e-mail address is verified (a task's paid model steps need one)."""
    return verified(create_account)


@pytest.fixture
def fake(aws: LocalHost) -> FakeConnect:
    """The fake Connect API's state (emptied for each test)."""
    server = aws.components["fakes"]["pipedream"]
    state: FakeConnect = server.server.config.app.state.connect
    with state.lock:
        state.accounts.clear()
        state.triggers.clear()
        state.runs.clear()
        state.deliveries.clear()
    return state


@pytest.fixture
def fake_url(aws: LocalHost) -> str:
    return str(aws.components["fakes"]["pipedream"].url)


def connect_app(account: Account, app: str) -> str:
    """Connect an account the way a person does: a connect link, then the click in Connect's page."""
    link = account.client.post(
        "/api/automations/accounts/connect-token", json={"app": app}, headers=account.csrf()
    )
    assert link.status_code == 201, link.text
    url = httpx.URL(link.json()["connect_link_url"])
    page = httpx.get(url)
    assert page.status_code == 200 and f'value="{app}"' in page.text
    done = httpx.post(url.join("/_static/connect"), data={"token": url.params["token"], "app": app})
    assert done.status_code == 303, done.text
    return str(httpx.URL(done.headers["location"]).params["account_id"])


def wait_task(account: Account, task_id: str, timeout: float = 20) -> dict[str, Any]:
    response = until(
        lambda: account.client.get(f"/api/tasks/{task_id}"),
        lambda r: r.status_code == 200 and r.json()["status"] in FINISHED,
        timeout,
        "a finished task",
    )
    return dict(response.json())


class Receiver:
    """An https-less local receiver of outgoing webhooks (allowed through WEBOX_PRIVATE_HOSTS_ALLOWED)."""

    def __init__(self) -> None:
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.statuses: list[int] = []  # answers to give, in order; then 200
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("content-length", 0)))
                with receiver.lock:
                    receiver.requests.append(({k.lower(): v for k, v in self.headers.items()}, body))
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                self.send_response(status)
                self.end_headers()
                self.wfile.write(json.dumps({"received": status}).encode())

            def log_message(self, *args: Any) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Receiver]:
    found = Receiver()
    monkeypatch.setenv("WEBOX_PRIVATE_HOSTS_ALLOWED", json.dumps([f"127.0.0.1:{found.port}"]))
    get_settings.cache_clear()
    yield found
    found.server.shutdown()
    monkeypatch.delenv("WEBOX_PRIVATE_HOSTS_ALLOWED")
    get_settings.cache_clear()
