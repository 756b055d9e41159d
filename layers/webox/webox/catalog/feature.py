"""The catalog feature: the AI tools directory, its ratings, reviews and favourites."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES
from webox.platform import Feature, Function, UserDataHooks

FEATURE = Feature(
    name="catalog",
    functions=(
        Function(
            feature="catalog",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/catalog",),
            tables=(
                *AUTH_TABLES,
                "catalog_tools",
                "catalog_ratings",
                "catalog_reviews",
                "catalog_favorites",
            ),
            secrets=AUTH_SECRETS,
        ),
    ),
    models=("webox.catalog.models",),
    hooks=UserDataHooks(delete="webox.catalog.service:delete_user_data"),
)
