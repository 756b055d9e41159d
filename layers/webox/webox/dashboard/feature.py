"""The dashboard feature: usage, timeline and the account API (settings, keys, export, deletion)."""

from __future__ import annotations

from webox.account.jobs import QUEUE as ACCOUNT_QUEUE
from webox.auth.feature import AUTH_SECRETS, AUTH_TABLES
from webox.platform import Feature, Function
from webox.providers.feature import QUOTA_TABLES
from webox.tasks.jobs import QUEUE as TASKS_QUEUE

FEATURE = Feature(
    name="dashboard",
    functions=(
        Function(
            feature="dashboard",
            http_prefixes=("/api/usage", "/api/timeline", "/api/account"),
            # Account export and deletion run on the task engine (`webox.account.jobs`): the request
            # starts the task (`tasks`), hands out a finished export (`files`), and for a deletion ends
            # the account's sessions and API tokens and closes its sockets (`connections`) at once.
            tables=(
                *AUTH_TABLES,
                # Own keys, quota gauges and usage statistics.
                "provider_keys",
                "usage_daily",
                *QUOTA_TABLES,
                "provider_key_tests",
                "connections",
                "tasks",
                # The timeline: conversations, media and jobs.
                "conversations",
                "media_items",
                "media_jobs",
                # Agent metrics: the caller's agents and their daily counters.
                "agents",
                "agent_metrics",
            ),
            buckets=("files",),
            # The account worker's queue: an export's or deletion's first step. The tasks queue: where
            # the engine's service sends any other kind's (`infra.grants.ROUTER`).
            sends_to=(TASKS_QUEUE, ACCOUNT_QUEUE),
            secrets=AUTH_SECRETS,
            # A key test calls the vendor's SDK.
            # A key test calls the vendor's SDK; the agent metrics reach the agents' modules (MCP client)
            # and the timeline the media service (its vendors imported lazily).
            extras=("models", "media", "agents"),
            kms=True,  # own provider keys and the 2FA secret of a re-authentication
            # Deleting an account closes its sockets (DELETE on the Management API).
            push=True,
            close_sockets=True,
        ),
    ),
)
