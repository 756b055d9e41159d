"""Every DynamoDB call of the realtime feature."""

from __future__ import annotations

from datetime import timedelta

from pynamodb.exceptions import DoesNotExist

from webox.db import utcnow
from webox.realtime.models import Connection

CONNECTION_TTL = timedelta(hours=2, minutes=5)


def add(
    connection_id: str,
    user_id: str,
    *,
    session_id: str | None = None,
    token_id: str | None = None,
    scopes: frozenset[str] | None = None,
) -> Connection:
    now = utcnow()
    connection = Connection(
        connection_id,
        user_id=user_id,
        session_id=session_id,
        token_id=token_id,
        scopes=set(scopes) if scopes else None,
        connected_at=now,
        expires_at=now + CONNECTION_TTL,
    )
    connection.save()
    return connection


def get(connection_id: str) -> Connection | None:
    """The connection as stored now (a strongly consistent read: a revoked one is already gone)."""
    try:
        return Connection.get(connection_id, consistent_read=True)
    except DoesNotExist:
        return None


def remove(connection_id: str) -> None:
    Connection(connection_id).delete()


def for_user(user_id: str) -> list[Connection]:
    """A user's connections, at most 50 (what a push reaches)."""
    return list(Connection.by_user.query(user_id, limit=50))


def all_for_user(user_id: str) -> list[Connection]:
    """Every connection of a user (what a revocation closes)."""
    return list(Connection.by_user.query(user_id))
