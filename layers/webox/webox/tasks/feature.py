"""The tasks feature: the engine's FIFO queue and worker, its tables, bucket and schedule group."""

from __future__ import annotations

from webox.agents.feature import AGENT_BUCKETS, AGENT_DATA_TABLES, AGENT_WORKER_TABLES
from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES, LINK_SECRETS
from webox.automations.feature import AUTOMATION_TABLES
from webox.media.feature import MEDIA_TABLES
from webox.platform import Feature, Function, Queue
from webox.providers.feature import MODEL_TABLES, QUOTA_TABLES
from webox.tasks.jobs import MAX_RECEIVES, QUEUE, SCHEDULE_GROUP
from webox.voice.feature import VOICE_TABLES
from webox.workflows.feature import WORKFLOW_TABLES

TASK_TABLES = ("tasks", "task_steps", "task_schedules")
# What features' step kinds read and write: voice (post-call analysis with the persona's model, which
# may be the user's own key: `provider_keys` + KMS).
# automations' `automations.start`: a run of the owner's workflow or agent (`workflows`,
# `workflow_runs`, `agent_runs`).
STEP_TABLES = (
    "voice_calls",
    "voice_turns",
    "provider_keys",
    "usage_records",
    # workflows' blog-draft output: a draft written through the blog's own service.
    "blog_posts",
    "blog_revisions",
    "blog_slugs",
    "blog_categories",
    "workflows",
    "workflow_runs",
    "agent_runs",
)
# Account export and deletion (`webox.account.steps`) reach every table keyed by a user: each feature's
# hook, then the generic sweep of every table with a `user_id`/`owner_id` key or index.
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
    "media_uploads",
    # A deleted account's marketplace votes and reports go (found by their user index).
    *WORKFLOW_TABLES,
    # automations: hook pointers and delivery logs are keyed otherwise than by the user.
    *(t for t in AUTOMATION_TABLES if t != "automation_events_seen"),
    # A ban names the banned user: it goes with the account.
    "blog_bans",
    *VOICE_TABLES,
)
WORKER_TIMEOUT_S = 300  # one step per delivery: no invocation nears Lambda's 15 minutes

FEATURE = Feature(
    name="tasks",
    functions=(
        Function(
            feature="tasks",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/tasks",),
            # `connections`: a cancel or a decision is pushed to the owner's tabs. Media's tables and
            # bucket: a media task cancelled here cancels its job (`kinds.CANCEL_HOOKS`).
            tables=(*AUTH_TABLES, *TASK_TABLES, "connections", *MEDIA_TABLES),
            buckets=("tasks", "media"),
            sends_to=(QUEUE,),
            # A user's schedule is an EventBridge Scheduler schedule in the group.
            schedules_in=(SCHEDULE_GROUP,),
            secrets=(*AUTH_SECRETS, *LINK_SECRETS),  # approval links
            push=True,
        ),
        Function(
            feature="tasks",
            module="worker",
            queue=QUEUE,
            # One message per invocation: a slow step never holds back another task's group.
            batch_size=1,
            # Active tasks advanced at once (each delivery at most one model call).
            max_concurrency=100,
            # `task_effects`: side effects done once; quota tables, the day's usage and `users` (a
            # paid call needs a verified e-mail): the plan's quota before each paid model call.
            # Media jobs run here too (`media` steps): their tables, files, a user's own OpenAI key
            # (read and decrypted with KMS), a usage record per job, the vendors' SDKs (layers).
            # automations' step kinds: Pipedream actions, a prompt's model, a mail to the owner.
            # voice's post-call steps: the call's tables, a user's own key.
            # agents' step kinds (agent.*, knowledge.*): their tables and buckets, mail for e-mail steps.
            # Account export and deletion (`webox.account.steps`): every table keyed by a user (each
            # feature's hook, then the sweep) and every bucket; deletion cancels at Stripe, deletes
            # cloned voices at ElevenLabs and has the automations worker stop Pipedream triggers.
            tables=tuple(
                dict.fromkeys(
                    (
                        *TASK_TABLES,
                        "task_effects",
                        "connections",
                        "usage_daily",
                        "users",
                        *QUOTA_TABLES,
                        *MEDIA_TABLES,
                        *STEP_TABLES,
                        *AGENT_WORKER_TABLES,
                        *ACCOUNT_TABLES,
                    )
                )
            ),
            buckets=("files", "tasks", "media", "site", "voice", *AGENT_BUCKETS),
            # `blog`: a scheduled post's `blog.publish` step hands it to the blog's renderer.
            sends_to=(QUEUE, "blog", "automations"),
            # A `wait` step resumes through a one-time schedule that sends to the queue.
            schedules_in=(SCHEDULE_GROUP,),
            # `link-signing`: an agent's tool call waiting for approval e-mails its signed link;
            # `stripe`: an account's deletion cancels its subscription.
            secrets=("pipedream", "provider-keys", "stripe", *LINK_SECRETS),
            extras=("models", "media", "automations", "agents", "billing"),
            mail=True,
            # `task.succeeded` / `task.failed` and `media.ready` on the platform's bus.
            events=True,
            push=True,
            kms=True,
            memory_mb=1024,
            timeout_s=WORKER_TIMEOUT_S,
        ),
    ),
    models=("webox.tasks.models",),
    buckets=("tasks",),
    # Six times the worker's timeout, as Lambda advises. Content-based deduplication: EventBridge
    # Scheduler, which resumes waiting tasks, requires it of a FIFO target (the engine's own sends
    # carry a deduplication id `task:step:attempt`, which takes precedence).
    queues=(
        Queue(
            QUEUE,
            visibility_timeout_s=6 * WORKER_TIMEOUT_S,
            max_receives=MAX_RECEIVES,
            fifo=True,
            content_deduplication=True,
        ),
    ),
    schedule_groups=(SCHEDULE_GROUP,),
)
