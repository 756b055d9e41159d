"""The dashboard feature: usage, timeline and the account API (settings, keys, export, deletion)."""

from __future__ import annotations

from webox.agents.feature import AGENT_BUCKETS, AGENT_DATA_TABLES
from webox.auth.feature import AUTH_SECRETS, AUTH_TABLES
from webox.automations.feature import AUTOMATION_TABLES
from webox.media.feature import MEDIA_TABLES
from webox.platform import Feature, Function
from webox.providers.feature import MODEL_TABLES
from webox.tasks.feature import TASK_TABLES
from webox.voice.feature import VOICE_TABLES
from webox.workflows.feature import WORKFLOW_TABLES

FEATURE = Feature(
    name="dashboard",
    functions=(
        Function(
            feature="dashboard",
            http_prefixes=("/api/usage", "/api/timeline", "/api/account"),
            # Account deletion and export reach every table keyed by the user (each feature's own
            # deleter first, then every table with a `user_id`/`owner_id` key or index) and their files.
            tables=(
                *AUTH_TABLES,
                *MODEL_TABLES,
                "user_identities",
                "connections",
                "conversations",
                "chat_items",
                "catalog_favorites",
                # Deleting a user's reviews takes them out of their tools' averages (the tool ids
                # come from the data file and the administrators' edits).
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
                *TASK_TABLES,
                "task_effects",
                # Votes stay: they are keyed by workflow, and count in their authors' ratings.
                *(t for t in WORKFLOW_TABLES if t != "workflow_votes"),
                # automations: hook pointers and delivery logs are keyed otherwise than by the user.
                *(t for t in AUTOMATION_TABLES if t != "automation_events_seen"),
                # A ban names the banned user: it goes with the account.
                "blog_bans",
                *VOICE_TABLES,
            ),
            # `site`: the sweep looks for a user's folder in every bucket (the blog's has none).
            buckets=("files", "media", "tasks", "site", "voice", *AGENT_BUCKETS),
            # `provider-keys`: the platform's ElevenLabs key, to delete a user's cloned voices there.
            secrets=(*AUTH_SECRETS, "stripe", "provider-keys"),
            # A key test calls the vendor's SDK; deletion cancels at Stripe and deletes cloned voices.
            extras=("models", "billing", "media"),
            # A deleted account's Pipedream triggers are stopped by the automations worker.
            sends_to=("automations",),
            kms=True,  # own provider keys and the 2FA secret of a re-authentication
            # Deleting an account closes its sockets (DELETE on the Management API).
            push=True,
            close_sockets=True,
            memory_mb=1024,
        ),
    ),
)
