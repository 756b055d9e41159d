"""The WebSocket API: authenticated connections, pushes to every tab, gone connections dropped."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pytest
from starlette.websockets import WebSocketDisconnect
from webox.local.host import LocalHost
from webox.realtime import repository as connections
from webox.realtime import service as realtime_service
from webox.realtime.models import Connection
from webox.realtime.protocol import JobDone

from tests.accounts import Account
from tests.sockets import Socket, wait_for


class TestConnections:
    def test_a_signed_in_user_connects_and_is_registered(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        with Socket(user.client) as socket:
            socket.send({"action": "ping", "id": 7})
            assert socket.receive() == {"type": "pong", "id": 7}
            assert len(connections.for_user(user.id)) == 1
        assert wait_for(lambda: connections.for_user(user.id) == [])

    def test_an_api_token_in_the_query_authenticates_a_script(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        token = user.client.post(
            "/api/auth/tokens",
            json={"name": "bot", "scopes": ["chat"], "password": user.password},
            headers=user.csrf(),
        ).json()["token"]
        anonymous = type(user.client)(base_url=user.client.base_url)
        with Socket(anonymous, token=token) as socket:
            socket.send({"action": "ping"})
            assert socket.receive()["type"] == "pong"

    def test_beyond_the_per_user_cap_the_oldest_socket_is_closed(
        self, create_account: Callable[..., Account], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setattr(realtime_service, "MAX_CONNECTIONS_PER_USER", 2)
        user, other = create_account(), create_account()
        with Socket(other.client) as elsewhere, Socket(user.client) as oldest, Socket(user.client) as second:
            oldest.send({"action": "ping"})
            assert oldest.receive()["type"] == "pong"
            with Socket(user.client) as newest:
                assert oldest.closed_by_server()
                for socket in (second, newest, elsewhere):
                    socket.send({"action": "ping"})
                    assert socket.receive()["type"] == "pong"
                assert len(connections.for_user(user.id)) == 2
                assert len(connections.for_user(other.id)) == 1

    def test_unknown_actions_and_garbage_get_an_error_frame(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        with Socket(user.client) as socket:
            socket.send({"action": "launch.missiles"})
            assert socket.receive()["code"] == "unknown_action"
            socket.connection.send("not json")
            assert socket.receive()["code"] == "invalid_message"


def _job_done(job_id: str) -> JobDone:
    return JobDone(job_id=job_id, kind="image", status="succeeded", outputs=[])


class TestPush:
    def test_push_reaches_every_tab_and_forgets_gone_connections(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        with Socket(user.client) as first, Socket(user.client) as second:
            assert realtime_service.send_to_user(user.id, _job_done("j1")) == 2
            assert first.receive()["job_id"] == "j1" and second.receive()["job_id"] == "j1"
            # A connection API Gateway no longer knows, opened a while ago…
            stale = connections.add("c3RhbGUtY29ubmVjdGlvbg==", user.id)
            stale.update(actions=[Connection.connected_at.set(stale.connected_at - timedelta(minutes=1))])
            # …and one whose `$connect` is still running (API Gateway answers Gone until it ends).
            connections.add("Y29ubmVjdGluZw==", user.id)
            assert realtime_service.send_to_user(user.id, _job_done("j2")) == 2
        assert connections.get("c3RhbGUtY29ubmVjdGlvbg==") is None
        assert connections.get("Y29ubmVjdGluZw==") is not None  # forgotten at its `$disconnect`

    def test_a_push_to_a_socket_that_drops_mid_send_answers_gone(
        self, aws: LocalHost, create_account: Callable[..., Account]
    ) -> None:
        """The local API Gateway answers a push like AWS's when the browser is gone by the time the
        frame is written (Starlette raises `WebSocketDisconnect` then): 410 Gone, never a 500."""
        user = create_account()
        known = set(aws.gateway.connections)
        with Socket(user.client):
            [connection_id] = set(aws.gateway.connections) - known
            websocket, loop = aws.gateway.connections[connection_id]
            aws.gateway.connections[connection_id] = (_DroppedMidSend(websocket), loop)  # type: ignore[assignment]
            response = httpx.post(f"{aws.url}/@connections/{connection_id}", content=b"{}")
            assert (response.status_code, response.headers["x-amzn-ErrorType"]) == (410, "GoneException")
            assert connection_id not in aws.gateway.connections


class _DroppedMidSend:
    """A browser socket that the client closes while a frame is written to it: what no real client
    can be timed to do."""

    def __init__(self, websocket: Any) -> None:
        self._websocket = websocket

    async def send_text(self, data: str) -> None:
        raise WebSocketDisconnect(code=1006)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._websocket, name)
