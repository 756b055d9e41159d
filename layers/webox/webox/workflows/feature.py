"""The workflows feature: its API (library, runs, marketplace) and tables. Runs execute on the task
engine's worker, which imports the workflow node kinds (`webox.workflows.nodes`)."""

from __future__ import annotations

from webox.auth.feature import AUTH_SECRETS, AUTH_TABLES
from webox.platform import Feature, Function, UserDataHooks
from webox.tasks.jobs import QUEUE

WORKFLOW_TABLES = ("workflows", "workflow_versions", "workflow_runs", "workflow_market", "workflow_votes")

FEATURE = Feature(
    name="workflows",
    functions=(
        Function(
            feature="workflows",
            http_prefixes=("/api/workflows",),
            # Runs are tasks: the API creates, reads, cancels and re-runs them and enqueues their steps;
            # the estimate reads which key would answer each model (`provider_keys`).
            tables=(*AUTH_TABLES, *WORKFLOW_TABLES, "tasks", "task_steps", "connections", "provider_keys"),
            buckets=("tasks",),
            sends_to=(QUEUE,),
            secrets=(*AUTH_SECRETS, "provider-keys"),
            push=True,
            # The node kinds (imported with the graph checks) reach the provider SDKs, lazily.
            extras=("models",),
            memory_mb=512,
        ),
    ),
    models=("webox.workflows.models",),
    hooks=UserDataHooks(delete="webox.workflows.user_data:delete_user_data"),
)
