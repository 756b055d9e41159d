"""The voice feature: its HTTP API (with Twilio's webhooks), the relay socket (a second WebSocket
API routed on Twilio's `type`), its tables and the recordings bucket."""

from __future__ import annotations

from webox.auth.feature import AUTH_SECRETS, AUTH_TABLES
from webox.platform import Feature, Function, Secret, UserDataHooks
from webox.tasks.jobs import QUEUE as TASKS_QUEUE

VOICE_TABLES = (
    "voice_personas",
    "voice_numbers",
    "voice_calls",
    "voice_turns",
    "voice_opt_outs",
    "voice_lookup",
)
RELAY_ROUTES = ("$connect", "$disconnect", "setup", "prompt", "interrupt", "dtmf", "error", "$default")

FEATURE = Feature(
    name="voice",
    functions=(
        Function(
            feature="voice",
            http_prefixes=("/api/voice",),
            # `assistants`: a persona takes an assistant's instructions; `tasks` + its queue: the call's
            # end starts the post-call task.
            tables=(*AUTH_TABLES, *VOICE_TABLES, "assistants", "tasks"),
            buckets=("voice",),
            sends_to=(TASKS_QUEUE,),
            secrets=(*AUTH_SECRETS, "voice-twilio"),
            extras=("voice",),
        ),
        Function(
            feature="voice",
            module="relay",
            ws_api="relay",
            ws_routes=RELAY_ROUTES,
            # The persona's model answers with the platform's or the user's key (KMS). Answers go back
            # on the relay socket: `infra.constructs.voice` grants posting on that API (not `push`,
            # which is the browser's).
            tables=("voice_personas", "voice_calls", "voice_turns", "voice_lookup", "provider_keys"),
            secrets=("voice-twilio", "provider-keys"),
            extras=("voice", "models"),
            kms=True,
            memory_mb=1024,
            timeout_s=60,
        ),
    ),
    models=("webox.voice.models",),
    buckets=("voice",),
    # The platform's Twilio account (`account_sid`, `auth_token`), filled in by the operator.
    secrets=(Secret("voice-twilio", generated=False),),
    hooks=UserDataHooks(
        export="webox.voice.service:export_user_data",
        delete="webox.voice.service:delete_user_data",
    ),
)
