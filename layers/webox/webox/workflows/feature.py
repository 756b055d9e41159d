"""The workflows feature: its API (library, runs, marketplace) and tables. Runs execute on the task
engine's worker, which imports the workflow node kinds (`webox.workflows.nodes`)."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES
from webox.platform import Feature, Function, UserDataHooks
from webox.tasks.jobs import QUEUE

WORKFLOW_TABLES = (
    "workflows",
    "workflow_versions",
    "workflow_runs",
    "workflow_market",
    "workflow_votes",
    "workflow_reports",
)

FEATURE = Feature(
    name="workflows",
    functions=(
        Function(
            feature="workflows",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/workflows",),
            # Runs are tasks: the API creates, reads, cancels and re-runs them and enqueues their steps;
            # the estimate reads which key would answer each model (`provider_keys`).
            tables=(
                *AUTH_TABLES,
                *WORKFLOW_TABLES,
                "tasks",
                "task_steps",
                "connections",
                "provider_keys",
                "knowledge_documents",
                "media_items",
            ),
            # A run's file variable: a media transcript or a knowledge document's text, read when the
            # run starts (`knowledge`, `media`).
            buckets=("tasks", "knowledge", "media"),
            sends_to=(QUEUE,),
            # `pipedream`: a Pipedream action node's props are checked against its component.
            secrets=(*AUTH_SECRETS, "provider-keys", "pipedream"),
            push=True,
            # The node kinds (imported with the graph checks) reach the provider SDKs, lazily.
            extras=("models",),
            memory_mb=512,
        ),
    ),
    models=("webox.workflows.models",),
    hooks=UserDataHooks(delete="webox.workflows.user_data:delete_user_data"),
)
