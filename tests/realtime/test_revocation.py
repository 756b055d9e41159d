"""Sockets bound to what opened them: revoking a session or token closes its sockets at once, and an
action needs the scope of the credential the socket was opened with."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import httpx
import pytest
from webox.auth import repository as auth_repository
from webox.realtime import repository as connections
from webox.realtime import service as realtime_service
from webox.realtime.protocol import Pong

from tests.accounts import PASSWORD, Account, csrf, login
from tests.sockets import Socket, wait_for


def _token(user: Account, *scopes: str) -> tuple[str, str]:
    """A new API token of `user`: (the token, its id)."""
    created = user.client.post(
        "/api/auth/tokens",
        json={"name": "bot", "scopes": list(scopes), "password": user.password},
        headers=user.csrf(),
    ).json()
    return created["token"], created["item"]["id"]


def _second_device(user: Account, new_client: Callable[[], httpx.Client]) -> httpx.Client:
    device = new_client()
    assert login(device, user.email).status_code == 200
    return device


def _alive(socket: Socket) -> bool:
    socket.send({"action": "ping", "id": "alive?"})
    return socket.receive() == {"type": "pong", "id": "alive?"}


def _assert_only_open(user_id: str, *open_sockets: Socket) -> None:
    """A push to the user reaches exactly `open_sockets` (every other socket of theirs is gone)."""
    assert wait_for(lambda: len(connections.for_user(user_id)) == len(open_sockets))
    assert realtime_service.send_to_user(user_id, Pong(id="after")) == len(open_sockets)
    for socket in open_sockets:
        assert socket.receive() == {"type": "pong", "id": "after"}


class TestClosedAtOnce:
    def test_sign_out_everywhere_closes_every_socket_of_the_account_a_token_s_too(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        # "Sign out everywhere" also revokes the API tokens (issue 20: recovery must evict), so a
        # script's socket closes with the sessions'; another account's stays open.
        user, other = create_account(), create_account()
        other_device = _second_device(user, new_client)
        token, _ = _token(user, "chat")
        with (
            Socket(user.client) as here,
            Socket(other_device) as there,
            Socket(new_client(), token=token) as script,
            Socket(other.client) as elsewhere,
        ):
            assert _alive(here) and _alive(there) and _alive(script)
            assert user.client.post("/api/auth/sessions/revoke-all", headers=user.csrf()).status_code == 204
            assert here.closed_by_server() and there.closed_by_server() and script.closed_by_server()
            _assert_only_open(other.id, elsewhere)

    def test_logout_closes_this_session_s_sockets_only(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        other_device = _second_device(user, new_client)
        with Socket(user.client) as here, Socket(other_device) as there:
            assert _alive(here) and _alive(there)
            assert user.client.post("/api/auth/logout", headers=user.csrf()).status_code == 204
            assert here.closed_by_server()
            _assert_only_open(user.id, there)
            assert _alive(there)

    def test_a_password_change_closes_the_sockets_of_every_session(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        other_device = _second_device(user, new_client)
        with Socket(user.client) as here, Socket(other_device) as there:
            changed = user.client.post(
                "/api/auth/password/change",
                json={"current_password": PASSWORD, "new_password": "another horse battery staple"},
                headers=user.csrf(),
            )
            assert changed.status_code == 204, changed.text
            assert here.closed_by_server() and there.closed_by_server()
            _assert_only_open(user.id)
        with Socket(user.client) as fresh:  # this device got a new session: it connects again
            assert _alive(fresh)

    def test_revoking_a_token_closes_its_sockets(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        token, token_id = _token(user, "chat")
        with Socket(user.client) as browser, Socket(new_client(), token=token) as script:
            assert _alive(script)
            assert user.client.delete(f"/api/auth/tokens/{token_id}", headers=user.csrf()).status_code == 204
            assert script.closed_by_server()
            _assert_only_open(user.id, browser)
            assert _alive(browser)

    def test_disabling_an_account_closes_all_its_sockets(
        self,
        create_account: Callable[..., Account],
        create_admin: Callable[..., Account],
        new_client: Callable[[], httpx.Client],
    ) -> None:
        user, admin = create_account(), create_admin()
        token, _ = _token(user, "read")
        with Socket(user.client) as browser, Socket(new_client(), token=token) as script:
            disabled = admin.client.patch(
                f"/api/auth/admin/users/{user.id}", json={"disabled": True}, headers=csrf(admin.client)
            )
            assert disabled.status_code == 200, disabled.text
            assert browser.closed_by_server() and script.closed_by_server()
            _assert_only_open(user.id)

    def test_a_replayed_refresh_token_closes_its_session_s_sockets(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        stolen = user.client.cookies["webox_refresh"]
        assert user.client.post("/api/auth/refresh", headers=user.csrf()).status_code == 200
        with Socket(user.client) as socket:
            replay = new_client().post("/api/auth/refresh", json={"refresh_token": stolen})
            assert replay.status_code == 401
            assert socket.closed_by_server()
            _assert_only_open(user.id)

    def test_deleting_the_account_closes_its_sockets(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        token, _ = _token(user, "chat")
        with Socket(user.client) as browser, Socket(new_client(), token=token) as script:
            deleted = user.client.post(
                "/api/account/delete", json={"password": PASSWORD}, headers=user.csrf()
            )
            assert deleted.status_code == 202, deleted.text
            assert browser.closed_by_server() and script.closed_by_server()
            _assert_only_open(user.id)


class TestCheckedOnEveryAction:
    def test_a_session_ended_elsewhere_can_no_longer_act(
        self, create_account: Callable[..., Account]
    ) -> None:
        # Given a session ended without its sockets being closed (another container, an expiry)
        user = create_account()
        with Socket(user.client) as socket:
            assert _alive(socket)
            [connection] = connections.for_user(user.id)
            assert connection.session_id and auth_repository.delete_session(user.id, connection.session_id)
            # When the socket acts, then nothing answers and the connection is forgotten
            socket.send({"action": "ping", "id": 2})
            assert wait_for(lambda: connections.get(connection.connection_id) is None)
            assert not socket.closed_by_server(timeout=0.5)  # no pong came

    def test_a_token_deleted_elsewhere_can_no_longer_act(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        from webox.auth.models import ApiToken

        user = create_account()
        token, token_id = _token(user, "chat")
        with Socket(new_client(), token=token) as socket:
            assert _alive(socket)  # read once: the next actions read it with its token
            [connection] = connections.for_user(user.id)
            ApiToken.get(token_id).delete()
            socket.send({"action": "ping", "id": 2})
            assert wait_for(lambda: connections.get(connection.connection_id) is None)

    def test_a_known_connection_is_read_with_its_credential_in_one_round_trip(
        self, create_account: Callable[..., Account], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        reads: list[str] = []
        together = realtime_service.get_together
        single = connections.get
        monkeypatch.setattr(
            realtime_service, "get_together", lambda *k: reads.append("batch") or together(*k)
        )
        monkeypatch.setattr(connections, "get", lambda c: reads.append("connection") or single(c))
        user = create_account()
        with Socket(user.client) as socket:
            assert _alive(socket)
            reads.clear()
            assert _alive(socket)
        assert reads == ["batch"]

    def test_a_messages_checks_start_beside_the_callers_check(
        self, create_account: Callable[..., Account], monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import threading

        from webox.providers import service as providers

        threads: list[str] = []
        own_vendors = providers.own_vendors
        monkeypatch.setattr(
            providers,
            "own_vendors",
            lambda u: threads.append(threading.current_thread().name) or own_vendors(u),
        )
        user = create_account()
        with Socket(user.client) as socket:
            assert _alive(socket)  # the connection's owner is known from now on
            socket.send(
                {
                    "action": "chat.send",
                    "request_id": "r-early",
                    "models": ["gpt-4o-mini"],
                    "content": "Salut",
                }
            )
            socket.until(lambda f: f.get("type") == "chat.finished")
        assert [name.split("_")[0] for name in threads] == ["early"]

    def test_a_session_ended_elsewhere_cannot_send_though_its_checks_started(
        self, create_account: Callable[..., Account]
    ) -> None:
        from webox.chat import conversations

        user = create_account()
        with Socket(user.client) as socket:
            assert _alive(socket)
            [connection] = connections.for_user(user.id)
            assert connection.session_id and auth_repository.delete_session(user.id, connection.session_id)
            socket.send(
                {"action": "chat.send", "request_id": "r-late", "models": ["gpt-4o-mini"], "content": "Salut"}
            )
            assert wait_for(lambda: connections.get(connection.connection_id) is None)
            assert not socket.closed_by_server(timeout=0.5)  # no chat.started came
        assert conversations.list_conversations(user.id, cursor=None, limit=10, q=None).items == []

    def test_the_connection_records_its_credential_and_scopes(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        token, token_id = _token(user, "read", "media")
        with Socket(user.client), Socket(new_client(), token=token):
            found = {
                (c.session_id is not None, c.token_id, frozenset(c.scopes or ()))
                for c in connections.for_user(user.id)
            }
        assert found == {(True, None, frozenset({"*"})), (False, token_id, frozenset({"read", "media"}))}


class TestScopes:
    def _send(self, socket: Socket) -> dict[str, Any]:
        socket.send(
            {"action": "chat.send", "request_id": "r-scope", "models": ["gpt-4o-mini"], "content": "Bonjour"}
        )
        return socket.receive()

    def test_a_read_token_cannot_start_a_chat(
        self, create_account: Callable[..., Account], new_client: Callable[[], httpx.Client]
    ) -> None:
        user = create_account()
        token, _ = _token(user, "read")
        with Socket(new_client(), token=token) as script:
            refused = self._send(script)
            script.send({"action": "chat.stop", "request_id": "r-scope"})
            stop_refused = script.receive()
        assert refused["type"] == "chat.rejected" and refused["code"] == "insufficient_scope"
        assert refused["request_id"] == "r-scope"
        assert stop_refused["code"] == "insufficient_scope"

    def test_a_chat_token_starts_one(
        self,
        create_account: Callable[..., Account],
        new_client: Callable[[], httpx.Client],
        simulators: dict[str, Any],
    ) -> None:
        user = create_account()
        token, _ = _token(user, "chat")
        with Socket(new_client(), token=token) as script:
            started = self._send(script)
            assert started["type"] == "chat.started" and started["request_id"] == "r-scope"
            script.until(lambda f: f["type"] == "chat.finished")
