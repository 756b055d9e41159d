"""The automations feature: its API (accounts, actions, triggers and their inbound hooks, outgoing
webhooks, schedules), the worker delivering WeBox events to outgoing webhooks, the rule on the
platform's event bus that feeds it, and the `pipedream` secret."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES
from webox.automations.jobs import MAX_RECEIVES, QUEUE
from webox.platform import EventRule, Feature, Function, Queue, Secret, UserDataHooks
from webox.tasks.jobs import QUEUE as TASKS_QUEUE
from webox.tasks.jobs import SCHEDULE_GROUP
from webox.workflows.feature import WORKFLOW_TABLES

AUTOMATION_TABLES = (
    "automation_triggers",
    "automation_hooks",
    "automation_events_seen",
    "automation_webhooks",
    "automation_deliveries",
    "automation_schedules",
)

FEATURE = Feature(
    name="automations",
    functions=(
        Function(
            feature="automations",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/automations",),
            # An inbound event or a schedule starts a task (`tasks`, `task_schedules`, the tasks queue
            # and schedule group); the plan's schedule limit reads `billing_accounts`. A target's
            # workflow or agent is checked to be the caller's (`workflows`, `agents`); installing a
            # template creates a workflow (`workflow_versions`; `workflow_runs`, `workflow_market`:
            # undoing a failed install deletes it). `/automatiser` reads the caller's conversation
            # (`conversations`, `chat_items`); saving a generated draft
            # reads the generator's output (`task_steps`, a large one in the `tasks` bucket).
            tables=(
                *AUTH_TABLES,
                *AUTOMATION_TABLES,
                "tasks",
                "task_schedules",
                "billing_accounts",
                "agents",
                "conversations",
                "chat_items",
                "task_steps",
                *WORKFLOW_TABLES,
            ),
            buckets=("tasks",),
            sends_to=(TASKS_QUEUE, QUEUE),
            schedules_in=(SCHEDULE_GROUP,),
            secrets=(*AUTH_SECRETS, "pipedream"),
            # Targets start workflows and agents, whose modules reach the model SDKs and the MCP client.
            extras=("automations", "models", "agents"),
        ),
        Function(
            feature="automations",
            module="worker",
            queue=QUEUE,
            batch_size=5,
            # Outgoing webhooks: a burst of events never floods the users' endpoints.
            max_concurrency=20,
            tables=("automation_webhooks", "automation_deliveries"),
            # A failed delivery is sent again later, delayed on the same queue.
            sends_to=(QUEUE,),
            # A deleted account's triggers are stopped at Pipedream from here.
            secrets=("pipedream",),
            # Targets start workflows and agents, whose modules reach the model SDKs and the MCP client.
            extras=("automations", "models", "agents"),
            timeout_s=60,
        ),
    ),
    models=("webox.automations.models",),
    # Six times the worker's timeout, as Lambda advises for queue-triggered functions.
    queues=(Queue(QUEUE, visibility_timeout_s=360, max_receives=MAX_RECEIVES),),
    secrets=(Secret("pipedream", generated=False),),
    event_rules=(EventRule("automations-events", queue=QUEUE),),
    hooks=UserDataHooks(
        export="webox.automations.service:export_user_data",
        delete="webox.automations.service:delete_user_data",
    ),
)
