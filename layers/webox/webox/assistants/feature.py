"""The assistants feature: specialised assistants (built-in and the user's own)."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES
from webox.platform import Feature, Function

FEATURE = Feature(
    name="assistants",
    functions=(
        Function(
            feature="assistants",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/assistants",),
            tables=(*AUTH_TABLES, "assistants"),
            secrets=AUTH_SECRETS,
            memory_mb=256,
            timeout_s=10,
        ),
    ),
    models=("webox.assistants.models",),
)
