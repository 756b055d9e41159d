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
            tables=(*AUTH_TABLES, *MODEL_TABLES),
            secrets=(*AUTH_SECRETS, "provider-keys"),
            sends_to=("usage",),
            extras=("models",),
            kms=True,
            memory_mb=1024,
            # The scripts' entrance (platform-paid models): bounded apart from the app's own API.
            max_concurrency=100,
        ),
    ),
)
