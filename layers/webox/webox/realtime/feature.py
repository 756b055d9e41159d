"""The realtime feature: the browser's WebSocket and the connections table every push reads."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES, TICKET_TABLES
from webox.platform import Feature, Function, UserDataHooks

FEATURE = Feature(
    name="realtime",
    functions=(
        Function(
            feature="realtime",
            read_only=AUTH_READ_ONLY,
            module="ws",
            ws_routes=("$connect", "$disconnect", "ping", "$default"),
            tables=("connections", *AUTH_TABLES, *TICKET_TABLES),
            secrets=AUTH_SECRETS,
            push=True,
            memory_mb=256,
            timeout_s=10,
        ),
    ),
    models=("webox.realtime.models",),
    # Deleting an account closes its sockets at once (the table sweep would only forget them).
    hooks=UserDataHooks(delete="webox.realtime.service:delete_user_data"),
)
