"""Realtime connections: registered at `$connect` with the credential that opened them, dropped at
`$disconnect`, when gone, or at once when that credential is revoked."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Collection
from concurrent.futures import Future
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, cast

from webox import push
from webox.auth import repository as auth_repository
from webox.auth.models import ApiToken, Session, User
from webox.db import get_together, utcnow
from webox.logging import get_logger
from webox.realtime import repository
from webox.realtime.models import Connection
from webox.ttl_cache import TtlCache

if TYPE_CHECKING:  # the protocol's schemas (chat, media, tasks…) are its callers' to import
    from webox.realtime.protocol import Frame


@dataclass(frozen=True)
class Caller:
    """Who acts on a connection: its user and the credential it was opened with."""

    connection_id: str
    user_id: str
    session_id: str | None
    token_id: str | None
    scopes: frozenset[str]
    # What the action's `early` reads (see `webox.realtime.dispatch`), started while this caller
    # was checked: a Future, or None when they were not started.
    early: Future[Any] | None = None

    def has_scope(self, scope: str) -> bool:
        """Sessions may do anything their user may; an API token only what its scopes allow."""
        return "*" in self.scopes or scope in self.scopes


MAX_CONNECTIONS_PER_USER = 20  # tabs and scripts of one account; pushes reach at most 50


def connect(
    connection_id: str,
    user_id: str,
    *,
    session_id: str | None = None,
    token_id: str | None = None,
    scopes: frozenset[str] = frozenset({"*"}),
) -> None:
    """Remember a new connection and the session or API token that opened it; beyond
    `MAX_CONNECTIONS_PER_USER` the user's oldest sockets are closed (a forgotten tab, a script that
    never closes), so one account cannot hold connections without end nor lock itself out."""
    repository.add(connection_id, user_id, session_id=session_id, token_id=token_id, scopes=scopes)
    connections = repository.all_for_user(user_id)
    if len(connections) > MAX_CONNECTIONS_PER_USER:
        others = sorted(
            (c for c in connections if c.connection_id != connection_id), key=lambda c: c.connected_at
        )
        _close(others[: len(connections) - MAX_CONNECTIONS_PER_USER])


def disconnect(connection_id: str) -> None:
    """Forget a closed connection."""
    repository.remove(connection_id)


# Who opened a connection, and with which credential, never changes: kept per container, so a
# connection seen before is checked in one round trip with its credential (not two in a row).
_owners: TtlCache[str, tuple[str, str | None, str | None]] = TtlCache(3600.0, size=4096)


def known_owner(connection_id: str) -> str | None:
    """The user a connection this container has seen belongs to (a connection never changes hands),
    without any read: who `caller` will check, not a check."""
    owner = _owners.peek(connection_id)
    return owner[0] if owner is not None else None


def caller(connection_id: str) -> Caller | None:
    """Who acts on a connection, checked afresh on every action: None when the connection or its
    credential is gone.

    Nothing that can change is cached: each Lambda container would keep its own copy, and a revoked
    credential must stop acting everywhere at once. A connection seen before by this container is
    read with its session (or token and user) in one strongly consistent BatchGetItem; a new one
    is read first, then its credential. A connection whose credential ended without closing it (an
    expired session) is forgotten here: no push finds it any more, and API Gateway drops the idle
    socket. The route functions may only push (POST), so they do not close it."""
    owner = _owners.peek(connection_id)
    if owner is None:
        connection = repository.get(connection_id)
        if connection is None:
            return None
        _owners.put(connection_id, (connection.user_id, connection.session_id, connection.token_id))
        alive = _credential_alive(connection)
    else:
        connection, alive = _read_with_credential(connection_id, *owner)
        if connection is None:
            return None
    if not alive:
        repository.remove(connection_id)
        return None
    return Caller(
        connection_id=connection.connection_id,
        user_id=connection.user_id,
        session_id=connection.session_id,
        token_id=connection.token_id,
        scopes=frozenset(connection.scopes or ()),
    )


def _read_with_credential(
    connection_id: str, user_id: str, session_id: str | None, token_id: str | None
) -> tuple[Connection | None, bool]:
    if session_id:
        found, session = get_together(
            (Connection, {"connection_id": connection_id}),
            (Session, {"user_id": user_id, "session_id": session_id}),
        )
        return cast(Connection | None, found), _session_alive(cast(Session | None, session))
    if token_id:
        found, token, user = get_together(
            (Connection, {"connection_id": connection_id}),
            (ApiToken, {"id": token_id}),
            (User, {"id": user_id}),
        )
        return cast(Connection | None, found), _token_alive(
            cast(ApiToken | None, token), cast(User | None, user), user_id
        )
    return repository.get(connection_id), False


def _credential_alive(connection: Connection) -> bool:
    """The session or API token that opened the connection still authenticates its user: this
    catches every way a credential ends, not only the revocations that close sockets themselves
    (an expired session, a refresh token replayed)."""
    if connection.session_id:
        return _session_alive(auth_repository.get_session(connection.user_id, connection.session_id))
    if connection.token_id:
        token = auth_repository.get_api_token(connection.token_id)
        # sessions of a disabled user are gone; its tokens' user is read too
        user = auth_repository.get_user(connection.user_id) if token is not None else None
        return _token_alive(token, user, connection.user_id)
    return False  # a connection recorded without its credential: open it again


def _session_alive(session: Session | None) -> bool:
    return session is not None and session.expires_at > utcnow()


def _token_alive(token: ApiToken | None, user: User | None, user_id: str) -> bool:
    if token is None or token.user_id != user_id:
        return False
    if token.expires_at is not None and token.expires_at <= utcnow():
        return False
    return user is not None and not user.disabled


# --- revocation ------------------------------------------------------------------------------------


def close_for_sessions(user_id: str, session_ids: Collection[str] | None = None) -> int:
    """Close the user's connections opened by these sessions (every session when None, API
    tokens' connections kept): signing out, "sign out everywhere", a password change or reset."""
    return _close_matching(
        user_id,
        lambda c: c.session_id is not None and (session_ids is None or c.session_id in session_ids),
    )


def close_for_token(user_id: str, token_id: str) -> int:
    """Close the user's connections opened with this API token (it was revoked)."""
    return _close_matching(user_id, lambda c: c.token_id == token_id)


def close_for_user(user_id: str) -> int:
    """Close every connection of the user (the account was disabled or deleted)."""
    return _close_matching(user_id, lambda c: True)


def delete_user_data(user_id: str) -> int:
    """An account is being deleted: its sockets close now (the table sweep would only forget them)."""
    return close_for_user(user_id)


def _close_matching(user_id: str, matches: Callable[[Connection], bool]) -> int:
    return _close([c for c in repository.all_for_user(user_id) if matches(c)])


def _close(connections: list[Connection]) -> int:
    """Forget the connections, then close their sockets: the item goes first, so no push finds them
    and no action is accepted while API Gateway closes them."""
    for connection in connections:
        repository.remove(connection.connection_id)
        push.close(connection.connection_id)
    if connections:
        get_logger().info(
            "sockets closed", extra={"user_id": connections[0].user_id, "count": len(connections)}
        )
    return len(connections)


# --- pushing -----------------------------------------------------------------------------------------


# A connection is recorded by its `$connect` route, before API Gateway ends the handshake: until then a
# push to it is answered Gone. Such a young connection is kept (one that never opened is forgotten
# at its `$disconnect`); only an older one answering Gone is forgotten here.
CONNECTING_S = 10.0


def send_to_connection(connection_id: str, frame: Frame) -> bool:
    """Push to one connection; a gone connection is forgotten."""
    if push.post(connection_id, frame.payload()):
        return True
    connection = repository.get(connection_id)
    if connection is not None and (utcnow() - connection.connected_at).total_seconds() > CONNECTING_S:
        repository.remove(connection_id)
    return False


def send_to_user(user_id: str, frame: Frame) -> int:
    """Push to every open connection of a user (all their tabs); returns how many received it."""
    return sum(send_to_connection(c.connection_id, frame) for c in repository.for_user(user_id))


class Audience:
    """A user's open connections, looked up at most every `refresh_s` (a stream pushes often).

    `connections` seeds the list with what the caller already read (a chat turn hands its branches
    the connections it was announced to), so a first push need not wait for a query. A connection
    closed meanwhile answers Gone to its next push and leaves the list."""

    def __init__(self, user_id: str, refresh_s: float = 2.0, connections: list[str] | None = None) -> None:
        self._clock = time.monotonic
        self.user_id, self.refresh_s = user_id, refresh_s
        self._connections: list[str] = list(connections or ())
        self._fetched_at = self._clock() if connections is not None else float("-inf")
        self._lock = threading.Lock()  # a task step's frames may go out from two threads

    def refresh(self) -> None:
        """Look the connections up unless that was done within `refresh_s`."""
        with self._lock:
            if self._clock() - self._fetched_at > self.refresh_s:
                self._connections = [c.connection_id for c in repository.for_user(self.user_id)]
                self._fetched_at = self._clock()

    @property
    def connections(self) -> list[str]:
        self.refresh()
        return list(self._connections)

    def send(self, frame: Frame) -> int:
        """Push to every connection of the user; returns how many received it."""
        self.refresh()
        delivered = 0
        for connection_id in list(self._connections):
            if send_to_connection(connection_id, frame):
                delivered += 1
            else:
                with self._lock:
                    if connection_id in self._connections:
                        self._connections.remove(connection_id)
        return delivered
