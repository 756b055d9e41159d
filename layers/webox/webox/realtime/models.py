"""Live WebSocket connections (API Gateway caps one at 2 hours; the TTL sweeps the rest)."""

from __future__ import annotations

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class ConnectionsByUser(GlobalSecondaryIndex["Connection"]):
    class Meta:
        index_name = "by_user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)


class Connection(Model):
    class Meta(TableMeta):
        table_name = table_name("connections")

    connection_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    connected_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
    by_user = ConnectionsByUser()
