"""The prompts feature: the prompt library, its versions, shares and marketplace."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES
from webox.platform import Feature, Function, UserDataHooks

FEATURE = Feature(
    name="prompts",
    functions=(
        Function(
            feature="prompts",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/prompts",),
            tables=(
                *AUTH_TABLES,
                "prompts",
                "prompt_versions",
                "prompt_shares",
                "prompt_market",
                "prompt_votes",
                "prompt_reports",
            ),
            secrets=AUTH_SECRETS,
            memory_mb=256,
            timeout_s=10,
        ),
    ),
    models=("webox.prompts.models",),
    hooks=UserDataHooks(delete="webox.prompts.user_data:delete_user_data"),
)
