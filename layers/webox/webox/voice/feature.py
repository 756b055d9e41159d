"""The voice feature: its HTTP API (with Twilio's webhooks), the relay socket (a second WebSocket
API routed on Twilio's `type`), its tables and the recordings bucket."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES
from webox.platform import Feature, Function, Queue, Secret, UserDataHooks
from webox.providers.feature import MODEL_TABLES
from webox.tasks.jobs import QUEUE as TASKS_QUEUE
from webox.voice.jobs import MAX_RECEIVES, QUEUE

VOICE_TABLES = (
    "voice_personas",
    "voice_numbers",
    "voice_calls",
    "voice_turns",
    "voice_opt_outs",
    "voice_lookup",
    "voice_accounts",
)
RELAY_ROUTES = ("$connect", "$disconnect", "setup", "prompt", "interrupt", "dtmf", "error", "$default")

FEATURE = Feature(
    name="voice",
    functions=(
        Function(
            feature="voice",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/voice",),
            # `assistants`: a persona takes an assistant's instructions; `tasks` + its queue: the call's
            # end starts the post-call task.
            # `kms`: users' own Twilio accounts are stored KMS-encrypted (as their AI keys are) and
            # decrypted to verify their webhooks; `knowledge_bases`: a persona's base must be the user's;
            # `push` + `connections`: a call's start and end reach the owner's live view.
            tables=(
                *AUTH_TABLES,
                *VOICE_TABLES,
                "assistants",
                "tasks",
                "knowledge_bases",
                "connections",
                "user_identities",  # an admin assigns a number by the user's e-mail address
            ),
            buckets=("voice",),
            sends_to=(TASKS_QUEUE,),
            # `models`: the providers' key sealing (a user's Twilio account) and a knowledge base's check
            # import the providers' package, whose adapters load their SDKs lazily.
            secrets=(*AUTH_SECRETS, "voice-twilio"),
            extras=("voice", "models"),
            kms=True,
            push=True,
            events=True,  # `call.ended` on the platform's bus
        ),
        Function(
            feature="voice",
            read_only=("users",),
            module="relay",
            ws_api="relay",
            ws_routes=RELAY_ROUTES,
            # The persona's model answers with the platform's or the user's key (KMS), once the plan's
            # quota allows it (`users`, QUOTA_TABLES), and its usage is recorded; a persona's knowledge
            # base is searched first. Answers go back on the relay socket: `infra.constructs.voice` grants
            # posting on that API; `push` is the browser's socket, for the live view of the call.
            tables=(
                "voice_personas",
                "voice_calls",
                "voice_turns",
                "voice_lookup",
                "voice_accounts",
                "users",
                "connections",
                *MODEL_TABLES,
                "knowledge_bases",
            ),
            secrets=("voice-twilio", "provider-keys"),
            extras=("voice", "models"),
            kms=True,
            push=True,
            memory_mb=1024,
            timeout_s=60,
        ),
        Function(
            feature="voice",
            module="worker",
            queue=QUEUE,
            batch_size=5,
            # Only Twilio's API: a deleted account's own numbers detached there, with its credentials
            # as they were stored (`kms`: sealed like the users' AI keys, which `models` brings).
            extras=("voice", "models"),
            kms=True,
            timeout_s=60,
        ),
    ),
    models=("webox.voice.models",),
    # Six times the worker's timeout, as Lambda advises for queue-triggered functions.
    queues=(Queue(QUEUE, visibility_timeout_s=360, max_receives=MAX_RECEIVES),),
    buckets=("voice",),
    # The platform's Twilio account (`account_sid`, `auth_token`), filled in by the operator.
    secrets=(Secret("voice-twilio", generated=False),),
    hooks=UserDataHooks(
        export="webox.voice.service:export_user_data",
        delete="webox.voice.service:delete_user_data",
    ),
)
