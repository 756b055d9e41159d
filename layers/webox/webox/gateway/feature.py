"""The gateway feature: the OpenAI-compatible API at /v1 (no tables of its own)."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES
from webox.platform import Feature, Function
from webox.providers.feature import MODEL_TABLES

FEATURE = Feature(
    name="gateway",
    functions=(
        Function(
            feature="gateway",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/v1",),
            # Usage goes out as log lines (the usage worker records it): no usage_records writes.
            tables=(*AUTH_TABLES, *(t for t in MODEL_TABLES if t != "usage_records")),
            secrets=(*AUTH_SECRETS, "provider-keys"),
            extras=("models",),
            kms=True,
            memory_mb=1024,
            # The scripts' entrance (platform-paid models): bounded apart from the app's own API.
            max_concurrency=100,
        ),
    ),
)
