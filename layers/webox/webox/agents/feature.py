"""The agents feature: agents, their runs and metrics, and knowledge bases, over HTTP.

Its steps (`agent.*`, `knowledge.*`) run in the task engine's worker, which is granted this
feature's tables, bucket and vector index (`AGENT_WORKER_TABLES`, see `webox/tasks/feature.py`).
"""

from __future__ import annotations

from webox.auth.feature import AUTH_SECRETS, AUTH_TABLES
from webox.platform import Feature, Function, UserDataHooks
from webox.tasks.jobs import QUEUE as TASKS_QUEUE

AGENT_TABLES = ("agents", "agent_runs")
KNOWLEDGE_TABLES = ("knowledge_bases", "knowledge_documents")
# What the engine's worker needs to run the agent and knowledge step kinds.
AGENT_WORKER_TABLES = (*KNOWLEDGE_TABLES, "agent_metrics")
AGENT_BUCKETS = ("knowledge",)
# Everything of a user's this feature keeps (account deletion reaches it).
AGENT_DATA_TABLES = (*AGENT_TABLES, *KNOWLEDGE_TABLES, "agent_metrics")

FEATURE = Feature(
    name="agents",
    functions=(
        Function(
            feature="agents",
            http_prefixes=("/api/agents", "/api/mcp"),
            # The task tables: a run is a task (created, read and cancelled here); `connections`: a
            # cancel is pushed to the owner's tabs.
            tables=(
                *AUTH_TABLES,
                *AGENT_TABLES,
                *KNOWLEDGE_TABLES,
                "agent_metrics",
                "tasks",
                "task_steps",
                "connections",
                # A search embeds the question with the user's own OpenAI key when they have one.
                "provider_keys",
            ),
            buckets=(*AGENT_BUCKETS, "tasks"),
            sends_to=(TASKS_QUEUE,),
            secrets=(*AUTH_SECRETS, "provider-keys"),
            extras=("models", "agents"),
            kms=True,
            push=True,
            memory_mb=512,
        ),
    ),
    models=("webox.agents.models", "webox.knowledge.models"),
    buckets=AGENT_BUCKETS,
    hooks=UserDataHooks(delete="webox.agents.user_data:delete_user_data"),
)
