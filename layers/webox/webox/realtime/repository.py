"""Every DynamoDB call of the realtime feature."""

from __future__ import annotations

from datetime import timedelta

from pynamodb.exceptions import DoesNotExist

from webox.db import utcnow
from webox.realtime.models import Connection

CONNECTION_TTL = timedelta(hours=2, minutes=5)


def add(connection_id: str, user_id: str) -> Connection:
    now = utcnow()
    connection = Connection(connection_id, user_id=user_id, connected_at=now, expires_at=now + CONNECTION_TTL)
    connection.save()
    return connection


def get(connection_id: str) -> Connection | None:
    try:
        return Connection.get(connection_id)
    except DoesNotExist:
        return None


def remove(connection_id: str) -> None:
    Connection(connection_id).delete()


def for_user(user_id: str) -> list[Connection]:
    return list(Connection.by_user.query(user_id, limit=50))
