"""Realtime connections: registered at `$connect`, dropped at `$disconnect` or when gone."""

from __future__ import annotations

from typing import Any

from webox import push
from webox.realtime import repository


def connect(connection_id: str, user_id: str) -> None:
    """Remember a signed-in user's new connection."""
    repository.add(connection_id, user_id)


def disconnect(connection_id: str) -> None:
    """Forget a closed connection."""
    repository.remove(connection_id)


def owner(connection_id: str) -> str | None:
    """The user a connection belongs to, if it is still known."""
    connection = repository.get(connection_id)
    return connection.user_id if connection else None


def send_to_connection(connection_id: str, message: dict[str, Any]) -> bool:
    """Push to one connection; a gone connection is forgotten."""
    if push.post(connection_id, message):
        return True
    repository.remove(connection_id)
    return False


def send_to_user(user_id: str, message: dict[str, Any]) -> int:
    """Push to every open connection of a user (all their tabs); returns how many received it."""
    return sum(send_to_connection(c.connection_id, message) for c in repository.for_user(user_id))
