"""The agents feature: agents, their runs and metrics, and knowledge bases, over HTTP.

Its steps (`agent.*`, `knowledge.*`) run in the task engine's worker, which is granted this
feature's tables, bucket and vector index (`AGENT_WORKER_TABLES`, see `webox/tasks/feature.py`).
"""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES, LINK_SECRETS
from webox.platform import Feature, Function, UserDataHooks
from webox.providers.feature import MODEL_TABLES
from webox.tasks.jobs import QUEUE as TASKS_QUEUE

AGENT_TABLES = ("agents", "agent_runs")
KNOWLEDGE_TABLES = ("knowledge_bases", "knowledge_documents")
# What the engine's worker needs to run the agent and knowledge step kinds (`agents`: an agent's MCP
# servers' sealed tokens, read when its step lists and calls their tools).
AGENT_WORKER_TABLES = (*KNOWLEDGE_TABLES, "agent_metrics", "agents")
AGENT_BUCKETS = ("knowledge",)
# Everything of a user's this feature keeps (account deletion reaches it).
AGENT_DATA_TABLES = (*AGENT_TABLES, *KNOWLEDGE_TABLES, "agent_metrics")

FEATURE = Feature(
    name="agents",
    functions=(
        Function(
            feature="agents",
            read_only=AUTH_READ_ONLY,
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
                # A search embeds the question with the user's own OpenAI key when they have one; the
                # supervisor drafts a team's plan in one model call (the plan's quota, usage).
                *MODEL_TABLES,
                # MCP's `run_prompt` and `multi_model_chat` run a chat turn as the chat's REST route
                # does (quota, answers, verdict, usage), from a prompt it renders (own, built-in or listed).
                "conversations",
                "chat_items",
                "assistants",
                "prompts",
                "prompt_market",
                "prompt_votes",
                "prompt_reports",
                "media_uploads",
            ),
            # `media`: a `create_document` tool call's document; MCP's chat turns may carry attachments.
            buckets=(*AGENT_BUCKETS, "tasks", "files", "media"),
            sends_to=(TASKS_QUEUE,),
            # `link-signing`: a tool call's e-mailed approval link is read and used here.
            secrets=(*AUTH_SECRETS, *LINK_SECRETS, "provider-keys"),
            # `media`: documents created by the `create_document` tool (the media module's vendors, lazily).
            extras=("models", "agents", "media"),
            kms=True,
            push=True,
            memory_mb=512,
        ),
    ),
    models=("webox.agents.models", "webox.knowledge.models"),
    buckets=AGENT_BUCKETS,
    hooks=UserDataHooks(delete="webox.agents.user_data:delete_user_data"),
)
