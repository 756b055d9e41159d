"""The media feature: image and audio generation and its `media` bucket; its jobs run on the task
engine's worker (`webox.media.steps`)."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES, VIEWER_SECRETS
from webox.platform import Feature, Function, UserDataHooks
from webox.providers.feature import QUOTA_TABLES

MEDIA_TABLES = ("media_jobs", "media_items", "media_voices")

FEATURE = Feature(
    name="media",
    functions=(
        Function(
            feature="media",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/media",),
            # `connections`: a cancelled job is pushed to the owner's tabs. Starting a job finds whose
            # key it would use (a user's own OpenAI key: read and decrypted with KMS) and checks the
            # plan's media quota (QUOTA_TABLES and the day's usage).
            tables=(
                *AUTH_TABLES,
                *MEDIA_TABLES,
                "media_uploads",
                "connections",
                "provider_keys",
                "usage_daily",
                *QUOTA_TABLES,
                "tasks",
            ),
            buckets=("media",),
            # A job is a one-step task of the engine: its item, then its first step queued.
            sends_to=("tasks",),
            secrets=(*AUTH_SECRETS, *VIEWER_SECRETS, "provider-keys"),
            # ElevenLabs' voice list and deletions; `models`: webox.providers (keys) is reachable.
            extras=("models", "media"),
            push=True,
            kms=True,
        ),
    ),
    models=("webox.media.models",),
    buckets=("media",),
    hooks=UserDataHooks(
        export="webox.media.service:export_user_data",
        export_files="webox.media.service:export_user_files",
        delete="webox.media.service:delete_user_data",
    ),
)
