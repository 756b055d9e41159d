"""The media feature: image and audio generation, its queue, worker and `media` bucket."""

from __future__ import annotations

from webox.auth.feature import AUTH_SECRETS, AUTH_TABLES, VIEWER_SECRETS
from webox.media.jobs import MAX_RECEIVES
from webox.platform import Feature, Function, Queue, UserDataHooks
from webox.providers.feature import QUOTA_TABLES

MEDIA_TABLES = ("media_jobs", "media_items", "media_voices")

FEATURE = Feature(
    name="media",
    functions=(
        Function(
            feature="media",
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
            ),
            buckets=("media",),
            sends_to=("media",),
            secrets=(*AUTH_SECRETS, *VIEWER_SECRETS, "provider-keys"),
            # ElevenLabs' voice list and deletions; `models`: webox.providers (keys) is reachable.
            extras=("models", "media"),
            push=True,
            kms=True,
        ),
        Function(
            feature="media",
            module="worker",
            queue="media",
            # Jobs last minutes: two per batch keeps a batch well inside the timeout.
            batch_size=2,
            # `provider_keys` + KMS: a user's own OpenAI key; `connections`: progress pushes; usage:
            # each finished job's record.
            tables=(*MEDIA_TABLES, "provider_keys", "connections", "usage_records", "usage_daily"),
            buckets=("media",),
            secrets=("provider-keys",),
            extras=("models", "media"),
            push=True,
            kms=True,
            events=True,
            memory_mb=1024,
            timeout_s=600,
        ),
    ),
    models=("webox.media.models",),
    buckets=("media",),
    # Six times the worker's timeout, as Lambda advises for queue-triggered functions.
    queues=(Queue("media", visibility_timeout_s=3600, max_receives=MAX_RECEIVES),),
    hooks=UserDataHooks(
        export="webox.media.service:export_user_data",
        export_files="webox.media.service:export_user_files",
        delete="webox.media.service:delete_user_data",
    ),
)
