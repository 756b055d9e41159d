"""The chat feature: its REST API, WebSocket routes, fan-out steps and workflow, and the `files`
bucket (long answers, exports)."""

from __future__ import annotations

from webox.auth.feature import AUTH_SECRETS, AUTH_TABLES
from webox.chat.jobs import FANOUT_DEFINITION
from webox.platform import Feature, Function, StateMachine, UserDataHooks
from webox.providers.feature import MODEL_TABLES, QUOTA_TABLES

# What every chat function touches: the conversation and its items, the tabs it pushes to, the
# user's own provider keys (which vendors they cover; only the answering steps decrypt them) and the
# day's usage counters.
TURN_TABLES = ("conversations", "chat_items", "connections", "provider_keys", "usage_daily")
# Starting a turn checks the quota and may name an assistant (whose prompt and owner it reads).
START_TABLES = ("users", *QUOTA_TABLES, "assistants")

FEATURE = Feature(
    name="chat",
    functions=(
        Function(
            feature="chat",
            http_prefixes=("/api/conversations", "/api/models"),
            # The REST turn waits for its answers: it runs what the fan-out steps run, too.
            tables=(*AUTH_TABLES, *MODEL_TABLES, "conversations", "chat_items", "connections", "assistants"),
            buckets=("files",),
            secrets=(*AUTH_SECRETS, "provider-keys"),
            extras=("models",),
            push=True,
            kms=True,
            memory_mb=1024,
        ),
        Function(
            feature="chat",
            module="ws",
            ws_routes=("chat.send", "chat.stop", "chat.retry"),
            # Each action re-checks the session or API token its connection was opened with. The
            # fan-out answers, so no key is decrypted and no usage recorded by this function.
            tables=(*TURN_TABLES, *START_TABLES, "sessions", "api_tokens"),
            buckets=("files",),
            secrets=("provider-keys",),
            extras=("models",),
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
            extras=("models",),
            push=True,
            kms=True,
            events=True,
            memory_mb=1024,
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
