"""The account feature: settings and key tests (served by the dashboard function, which starts account
export and deletion), and the worker that runs those two tasks' steps over every feature's hooks, on a
FIFO queue of its own."""

from __future__ import annotations

from webox.account.jobs import QUEUE
from webox.agents.feature import AGENT_DATA_TABLES
from webox.auth.feature import AUTH_TABLES
from webox.automations.feature import AUTOMATION_TABLES
from webox.media.feature import MEDIA_TABLES
from webox.platform import Feature, Function, Queue
from webox.providers.feature import MODEL_TABLES
from webox.tasks.feature import TASK_TABLES, WORKER_TIMEOUT_S
from webox.tasks.jobs import MAX_RECEIVES
from webox.voice.feature import VOICE_TABLES
from webox.workflows.feature import WORKFLOW_TABLES

# Export and deletion reach every table keyed by a user: each feature's hook, then the generic sweep
# of every table with a `user_id`/`owner_id` key or index.
ACCOUNT_TABLES = (
    *AUTH_TABLES,
    *MODEL_TABLES,
    "refresh_tokens",
    "one_time_tokens",
    "user_identities",
    "conversations",
    "chat_items",
    "catalog_favorites",
    # Deleting a user's reviews takes them out of their tools' averages.
    "catalog_tools",
    "catalog_ratings",
    "catalog_reviews",
    "share_links",
    "share_visits",
    "assistants",
    "prompts",
    "prompt_versions",
    "prompt_shares",
    "prompt_market",
    "prompt_votes",
    "prompt_reports",
    *AGENT_DATA_TABLES,
    "provider_key_tests",
    "billing_customers",
    *MEDIA_TABLES,
    "media_uploads",
    # A deleted account's marketplace votes and reports go (found by their user index).
    *WORKFLOW_TABLES,
    # automations: hook pointers and delivery logs are keyed otherwise than by the user.
    *(t for t in AUTOMATION_TABLES if t != "automation_events_seen"),
    # A ban names the banned user: it goes with the account.
    "blog_bans",
    *VOICE_TABLES,
)

FEATURE = Feature(
    name="account",
    functions=(
        Function(
            feature="account",
            module="worker",
            queue=QUEUE,
            # One message per invocation, as the tasks worker: a slow feature's step never holds back
            # another task's group.
            batch_size=1,
            # Exports and deletions at once (each a chain or a fan-out of one step per feature).
            max_concurrency=10,
            # The engine's tables (`task_effects`: a deletion's vendor calls done once; `connections`:
            # progress pushed to the owner's tabs), then every table keyed by a user.
            tables=(*TASK_TABLES, "task_effects", "connections", *ACCOUNT_TABLES),
            # Every bucket: an export copies, a deletion deletes, the user's files in each.
            buckets=("files", "tasks", "media", "site", "voice", "knowledge"),
            # A deletion has the automations worker stop the account's Pipedream triggers, and the
            # voice worker detach its own Twilio numbers (this function ships no Twilio SDK).
            sends_to=(QUEUE, "automations", "voice"),
            # `stripe`: a deletion cancels the subscription; `provider-keys`: a user's own keys (sealed),
            # with which their cloned voices are deleted at ElevenLabs.
            secrets=("stripe", "provider-keys"),
            # Stripe's SDK, ElevenLabs' (media) and the engine's model SDKs (its budget check).
            extras=("models", "media", "billing"),
            mail=True,  # the export's link
            # `task.succeeded` / `task.failed` on the platform's bus.
            events=True,
            push=True,
            kms=True,
            memory_mb=1024,
            timeout_s=WORKER_TIMEOUT_S,
        ),
    ),
    models=("webox.account.models",),
    # Six times the worker's timeout, as Lambda advises; only the engine sends here, each message with
    # its deduplication id (no schedule: these tasks never wait for a date).
    queues=(Queue(QUEUE, visibility_timeout_s=6 * WORKER_TIMEOUT_S, max_receives=MAX_RECEIVES, fifo=True),),
)
