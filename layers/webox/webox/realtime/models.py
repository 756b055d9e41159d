"""Live WebSocket connections (API Gateway caps one at 2 hours; the TTL sweeps the rest)."""

from __future__ import annotations

from pynamodb.attributes import TTLAttribute, UnicodeAttribute, UnicodeSetAttribute, UTCDateTimeAttribute
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class ConnectionsByUser(GlobalSecondaryIndex["Connection"]):
    """A user's connections, with every attribute: closing those of one session or API token
    filters this short list (a user has a few tabs and scripts, not thousands)."""

    class Meta:
        index_name = "by_user"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    connection_id = UnicodeAttribute(range_key=True)


class Connection(Model):
    """One open socket and the credential that opened it: a cookie session (`session_id`) or a
    personal API token (`token_id`, limited to `scopes`). Revoking that credential closes it."""

    class Meta(TableMeta):
        table_name = table_name("connections")

    connection_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    session_id = UnicodeAttribute(null=True)
    token_id = UnicodeAttribute(null=True)
    scopes = UnicodeSetAttribute(null=True)
    connected_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()
    by_user = ConnectionsByUser()
