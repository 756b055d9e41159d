"""The share feature: share links (conversations and media) and exports."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES, VIEWER_SECRETS
from webox.platform import Feature, Function, UserDataHooks

FEATURE = Feature(
    name="share",
    functions=(
        Function(
            feature="share",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/share-links", "/api/exports"),
            # Reads conversations (and long answers in `files`) to export and to show shared ones.
            # Shared media items: their item (media_items) and file (media) by a short-lived URL.
            tables=(
                *AUTH_TABLES,
                "conversations",
                "chat_items",
                "share_links",
                "share_visits",
                "media_items",
                "workflows",  # a shared workflow's graph, read at its current version
            ),
            buckets=("files", "media"),
            secrets=(*AUTH_SECRETS, *VIEWER_SECRETS),
            # export.document (conversations as the user saw them) reads the providers registry; a
            # shared media item goes through the media service (its vendors imported lazily).
            extras=("models", "export", "media"),
            kms=True,  # share tokens are kept encrypted so their owner can copy the link again
            memory_mb=1024,
        ),
    ),
    models=("webox.share.models",),
    hooks=UserDataHooks(delete="webox.share.service:delete_user_data"),
)
