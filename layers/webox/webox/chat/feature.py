"""The chat feature: its REST API, WebSocket routes, fan-out steps and workflow, and the `files`
bucket (long answers, exports)."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES
from webox.chat.jobs import FANOUT_DEFINITION
from webox.platform import Feature, Function, StateMachine, UserDataHooks
from webox.providers.feature import MODEL_TABLES, QUOTA_TABLES

# What every chat function touches: the conversation and its items, the tabs it pushes to, the
# user's own provider keys (which vendors they cover; only the answering steps decrypt them) and the
# day's usage counters.
TURN_TABLES = ("conversations", "chat_items", "connections", "provider_keys", "usage_daily")
# Starting a turn checks the quota, may name an assistant (whose prompt and owner it reads) and
# takes the files attached from the media studio's uploads (`webox.chat.attachments`).
START_TABLES = ("users", *QUOTA_TABLES, "assistants", "media_uploads")
START_BUCKETS = ("files", "media")

FEATURE = Feature(
    name="chat",
    functions=(
        Function(
            feature="chat",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/conversations", "/api/models"),
            # The REST turn waits for its answers: it runs what the fan-out steps run, too.
            tables=(
                *AUTH_TABLES,
                *MODEL_TABLES,
                "conversations",
                "chat_items",
                "connections",
                "assistants",
                "media_uploads",
            ),
            buckets=START_BUCKETS,
            secrets=(*AUTH_SECRETS, "provider-keys"),
            # Attachments: media uploads (whose module imports the vendors lazily), documents read
            # by the shared readers (pypdf, in the `agents` group).
            extras=("models", "media", "agents"),
            push=True,
            kms=True,
            memory_mb=1024,
        ),
        Function(
            feature="chat",
            read_only=AUTH_READ_ONLY,
            module="ws",
            ws_routes=("chat.send", "chat.stop", "chat.retry"),
            # Each action re-checks the session or API token its connection was opened with. The
            # fan-out answers, so no key is decrypted and no usage recorded by this function.
            tables=(*TURN_TABLES, *START_TABLES, "sessions", "api_tokens"),
            buckets=START_BUCKETS,
            secrets=("provider-keys",),
            # Attachments: media uploads (whose module imports the vendors lazily), documents read
            # by the shared readers (pypdf, in the `agents` group).
            extras=("models", "media", "agents"),
            push=True,
            timeout_s=10,
        ),
        Function(
            feature="chat",
            module="steps",
            # Answers (own keys decrypted with KMS) and records their usage; the quota was checked
            # when the turn started.
            tables=(*TURN_TABLES, "usage_records"),
            buckets=("files",),
            secrets=("provider-keys",),
            # Attachments: media uploads (whose module imports the vendors lazily), documents read
            # by the shared readers (pypdf, in the `agents` group).
            extras=("models", "media", "agents"),
            push=True,
            kms=True,
            events=True,
            # A branch mostly waits on its stream while it is billed by the GB-second: 256 MB holds
            # the handler with all four vendor SDKs imported (144 MB peak, `make bench`'s cost
            # section) and its CPU share keeps up with one stream's parsing.
            memory_mb=256,
            timeout_s=300,
        ),
    ),
    models=("webox.chat.models",),
    buckets=("files",),
    state_machines=(StateMachine("chat-fanout", FANOUT_DEFINITION, started_by=("chat-ws", "chat-api")),),
    hooks=UserDataHooks(
        export="webox.chat.user_data:export_user_data",
        delete="webox.chat.user_data:delete_user_data",
    ),
)
