"""The chat feature: its REST API, WebSocket routes, fan-out steps and workflow, and the `files`
bucket (long answers, exports)."""

from __future__ import annotations

from webox.auth.feature import AUTH_SECRETS, AUTH_TABLES
from webox.chat.jobs import FANOUT_DEFINITION
from webox.platform import Feature, Function, StateMachine, UserDataHooks
from webox.providers.feature import MODEL_TABLES

# `assistants`: a turn may name an assistant, whose prompt and parameters it applies.
CHAT_TABLES = (*AUTH_TABLES, *MODEL_TABLES, "conversations", "chat_items", "connections", "assistants")

FEATURE = Feature(
    name="chat",
    functions=(
        Function(
            feature="chat",
            http_prefixes=("/api/conversations", "/api/models"),
            tables=CHAT_TABLES,
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
            tables=CHAT_TABLES,
            buckets=("files",),
            secrets=("provider-keys",),
            extras=("models",),
            push=True,
            kms=True,
            timeout_s=10,
        ),
        Function(
            feature="chat",
            module="steps",
            tables=CHAT_TABLES,
            buckets=("files",),
            secrets=("provider-keys",),
            extras=("models",),
            push=True,
            kms=True,
            memory_mb=1024,
            timeout_s=300,
        ),
    ),
    models=("webox.chat.models",),
    buckets=("files",),
    state_machines=(StateMachine("chat-fanout", FANOUT_DEFINITION, started_by=("chat-ws", "chat-api")),),
    hooks=UserDataHooks(
        export="webox.chat.service:export_user_data",
        delete="webox.chat.service:delete_user_data",
    ),
)
