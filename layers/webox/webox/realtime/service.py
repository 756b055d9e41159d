"""Realtime connections: registered at `$connect`, dropped at `$disconnect` or when gone."""

from __future__ import annotations

from typing import Any

from webox import push
from webox.realtime import repository
from webox.ttl_cache import TtlCache


def connect(connection_id: str, user_id: str) -> None:
    """Remember a signed-in user's new connection."""
    repository.add(connection_id, user_id)


def disconnect(connection_id: str) -> None:
    """Forget a closed connection."""
    _owners.forget(connection_id)
    repository.remove(connection_id)


# A connection's user never changes: each action on a connection need not read it again.
_owners: TtlCache[str, str | None] = TtlCache(ttl_s=600, size=4096)


def owner(connection_id: str) -> str | None:
    """The user a connection belongs to, if it is still known."""

    def read() -> str | None:
        connection = repository.get(connection_id)
        return connection.user_id if connection else None

    user_id = _owners.get_or_set(connection_id, read)
    if user_id is None:
        _owners.forget(connection_id)  # unknown yet (or gone): ask again next time
    return user_id


def send_to_connection(connection_id: str, message: dict[str, Any]) -> bool:
    """Push to one connection; a gone connection is forgotten."""
    if push.post(connection_id, message):
        return True
    repository.remove(connection_id)
    return False


def send_to_user(user_id: str, message: dict[str, Any]) -> int:
    """Push to every open connection of a user (all their tabs); returns how many received it."""
    return sum(send_to_connection(c.connection_id, message) for c in repository.for_user(user_id))


class Audience:
    """A user's open connections, looked up at most every `refresh_s` (a stream pushes often).

    `connections` seeds the list with what the caller already read (a chat turn hands its branches
    the connections it was announced to), so a first push need not wait for a query."""

    def __init__(self, user_id: str, refresh_s: float = 2.0, connections: list[str] | None = None) -> None:
        import time

        self._clock = time.monotonic
        self.user_id, self.refresh_s = user_id, refresh_s
        self._connections: list[str] = list(connections or ())
        self._fetched_at = self._clock() if connections is not None else float("-inf")

    def refresh(self) -> None:
        """Look the connections up unless that was done within `refresh_s`."""
        if self._clock() - self._fetched_at > self.refresh_s:
            self._connections = [c.connection_id for c in repository.for_user(self.user_id)]
            self._fetched_at = self._clock()

    @property
    def connections(self) -> list[str]:
        self.refresh()
        return list(self._connections)

    def send(self, message: dict[str, Any]) -> int:
        """Push to every connection of the user; returns how many received it."""
        self.refresh()
        delivered = 0
        for connection_id in list(self._connections):
            if send_to_connection(connection_id, message):
                delivered += 1
            else:
                self._connections.remove(connection_id)
        return delivered
