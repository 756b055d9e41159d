"""The tasks feature: the engine's FIFO queue and worker, its tables, bucket and schedule group."""

from __future__ import annotations

from webox.agents.feature import AGENT_BUCKETS, AGENT_WORKER_TABLES
from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES, LINK_SECRETS
from webox.media.feature import MEDIA_TABLES
from webox.platform import Feature, Function, Queue
from webox.providers.feature import QUOTA_TABLES
from webox.tasks.jobs import MAX_RECEIVES, QUEUE, SCHEDULE_GROUP

TASK_TABLES = ("tasks", "task_steps", "task_schedules")
# What features' step kinds read and write: voice (post-call analysis with the persona's model, which
# may be the user's own key: `provider_keys` + KMS).
# automations' `automations.start`: a run of the owner's workflow or agent (`workflows`,
# `workflow_runs`, `agent_runs`; a run counts for the workflow's listing, through the marketplace's
# tables); `automations.advise`: the owner's recent conversation titles (`conversations`).
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
    "workflow_market",
    "workflow_votes",
    "workflow_reports",
    "agent_runs",
    "conversations",
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
            # Not account export and deletion: their own worker holds what they reach (`webox.account`).
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
                    )
                )
            ),
            # Of `users`, only whether an e-mail is verified (read).
            read_only=("users",),
            buckets=("tasks", "media", *AGENT_BUCKETS),
            # `blog`: a scheduled post's `blog.publish` step hands it to the blog's renderer.
            sends_to=(QUEUE, "blog"),
            # A `wait` step resumes through a one-time schedule that sends to the queue.
            schedules_in=(SCHEDULE_GROUP,),
            # `link-signing`: an agent's tool call waiting for approval e-mails its signed link.
            secrets=("pipedream", "provider-keys", *LINK_SECRETS),
            extras=("models", "media", "automations", "agents"),
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
