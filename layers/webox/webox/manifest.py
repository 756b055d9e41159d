"""What the platform is made of, as data: its Lambdas, their triggers, and what each may touch.

Both hosts read this one inventory: the CDK stack builds functions, routes, queues, schedules and
least-privilege grants from it, and the local host mounts the same handlers on the same paths,
creates the same tables (from the pynamodb models in `MODEL_MODULES`), queues and buckets, and
fires the same schedules. Adding a feature means adding its entries here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from webox.chat.jobs import FANOUT_DEFINITION
from webox.media.jobs import MAX_RECEIVES as MEDIA_MAX_RECEIVES


@dataclass(frozen=True)
class Queue:
    """An SQS queue with its dead-letter queue (`<name>-dlq`)."""

    name: str
    visibility_timeout_s: int = 180
    max_receives: int = 3


@dataclass(frozen=True)
class Schedule:
    """An EventBridge schedule (`rate(...)` or `cron(...)`) invoking a function."""

    name: str
    expression: str


@dataclass(frozen=True)
class Function:
    """One Lambda: `functions/<feature>/<module>.py`'s `handler`."""

    feature: str
    module: str = "api"
    http_prefixes: tuple[str, ...] = ()
    ws_routes: tuple[str, ...] = ()
    queue: str | None = None
    batch_size: int = 5
    # Seconds the queue's event source may wait to fill a batch (Lambda's batching window).
    batch_window_s: int = 0
    schedules: tuple[Schedule, ...] = ()
    tables: tuple[str, ...] = ()
    buckets: tuple[str, ...] = ()
    sends_to: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()
    # pyproject optional-dependency groups (models, export, media, billing) its code imports: each
    # is a dependency layer of its own, on top of the base one every function gets.
    extras: tuple[str, ...] = ()
    push: bool = False
    mail: bool = False
    kms: bool = False
    memory_mb: int = 512
    timeout_s: int = 29
    environment: dict[str, str] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return f"{self.feature}-{self.module}".replace("_", "-")

    @property
    def import_path(self) -> str:
        return f"functions.{self.feature}.{self.module}"


@dataclass(frozen=True)
class Secret:
    """A Secrets Manager secret holding a JSON object. `generated`: a random signing key
    `{"kid", "key"}` made at creation; otherwise the operator fills it in (it starts as `{}`)."""

    name: str
    generated: bool


@dataclass(frozen=True)
class StateMachine:
    """A Step Functions Express workflow. Its Amazon States Language definition names Lambda tasks
    as `${<function name>}`; CDK substitutes their ARNs, the local runner their handlers."""

    name: str
    definition: dict[str, Any]
    started_by: tuple[str, ...] = ()  # function names allowed to start it


# Modules whose pynamodb models are the platform's tables.
MODEL_MODULES: tuple[str, ...] = (
    "webox.realtime.models",
    "webox.auth.models",
    "webox.chat.models",
    "webox.usage.models",
    "webox.providers.models",
    "webox.catalog.models",
    "webox.share.models",
    "webox.assistants.models",
    "webox.prompts.models",
    "webox.account.models",
    "webox.billing.models",
    "webox.media.models",
)

BUCKETS: tuple[str, ...] = ("files", "media")

QUEUES: tuple[Queue, ...] = (
    # Six times the media worker's timeout, as Lambda advises for queue-triggered functions.
    Queue("media", visibility_timeout_s=3600, max_receives=MEDIA_MAX_RECEIVES),
    # Usage records and their counters, written off the request path (the gateway's answers).
    Queue("usage", visibility_timeout_s=190),
)

SECRETS: tuple[Secret, ...] = (
    Secret("jwt-signing", generated=True),
    # The value CloudFront sends to the API origins in `X-Origin-Verify` (a dynamic reference in
    # the distribution): proof that a request came through CloudFront, so its viewer address holds.
    Secret("origin-verify", generated=True),
    # Platform provider keys, JSON {vendor: key}; environment variables override them.
    Secret("provider-keys", generated=False),
    # Stripe, JSON {"api_key", "webhook_secret", "prices"?: {plan: price id}}; empty: the local fake.
    Secret("stripe", generated=False),
)

# What every function that authenticates its caller reads and updates (sessions, tokens, the key).
AUTH_TABLES = ("users", "sessions", "api_tokens")
AUTH_SECRETS = ("jwt-signing",)
# What a function that reads the caller's address needs (`webox.auth.dependencies.client_ip`).
VIEWER_SECRETS = ("origin-verify",)
# What every function that calls AI models needs: the registry's keys (BYOK decrypted with KMS).
# The quota check before any model call reads the plan, the cost cap and counts the request.
QUOTA_TABLES = ("billing_accounts", "account_settings", "rate_limits")
MODEL_TABLES = ("provider_keys", "usage_records", "usage_daily", *QUOTA_TABLES)
# `assistants`: a turn may name an assistant, whose prompt and parameters it applies.
CHAT_TABLES = (*AUTH_TABLES, *MODEL_TABLES, "conversations", "chat_items", "connections", "assistants")
MEDIA_TABLES = ("media_jobs", "media_items", "media_voices")

FUNCTIONS: tuple[Function, ...] = (
    Function(
        feature="auth",
        http_prefixes=("/api/auth",),
        tables=(
            "users",
            "user_identities",
            "sessions",
            "refresh_tokens",
            "one_time_tokens",
            "api_tokens",
            "rate_limits",
        ),
        secrets=("jwt-signing", *VIEWER_SECRETS),
        mail=True,
        kms=True,
    ),
    Function(
        feature="realtime",
        module="ws",
        ws_routes=("$connect", "$disconnect", "$default"),
        tables=("connections", *AUTH_TABLES),
        secrets=AUTH_SECRETS,
        push=True,
        memory_mb=256,
        timeout_s=10,
    ),
    Function(
        feature="chat",
        http_prefixes=("/api/conversations", "/api/models"),
        tables=CHAT_TABLES,
        buckets=("files",),
        secrets=(*AUTH_SECRETS, "provider-keys"),
        extras=("models",),
        push=True,
        kms=True,
        memory_mb=1024,
    ),
    Function(
        feature="chat",
        module="ws",
        ws_routes=("chat.send", "chat.stop", "chat.retry"),
        tables=CHAT_TABLES,
        buckets=("files",),
        secrets=("provider-keys",),
        extras=("models",),
        push=True,
        kms=True,
        timeout_s=10,
    ),
    Function(
        feature="chat",
        module="steps",
        tables=CHAT_TABLES,
        buckets=("files",),
        secrets=("provider-keys",),
        extras=("models",),
        push=True,
        kms=True,
        memory_mb=1024,
        timeout_s=300,
    ),
    Function(
        feature="gateway",
        http_prefixes=("/v1",),
        tables=(*AUTH_TABLES, *MODEL_TABLES),
        secrets=(*AUTH_SECRETS, "provider-keys"),
        sends_to=("usage",),
        extras=("models",),
        kms=True,
        memory_mb=1024,
    ),
    Function(
        feature="catalog",
        http_prefixes=("/api/catalog",),
        tables=(
            *AUTH_TABLES,
            "catalog_tools",
            "catalog_ratings",
            "catalog_reviews",
            "catalog_favorites",
        ),
        secrets=AUTH_SECRETS,
    ),
    Function(
        feature="share",
        http_prefixes=("/api/share-links", "/api/exports"),
        # Reads conversations (and long answers in `files`) to export and to show shared ones.
        # Shared media items: their item (media_items) and file (media) by a short-lived URL.
        tables=(*AUTH_TABLES, "conversations", "chat_items", "share_links", "share_visits", "media_items"),
        buckets=("files", "media"),
        secrets=(*AUTH_SECRETS, *VIEWER_SECRETS),
        extras=("models", "export"),  # chat.service (conversations as the user saw them) imports providers
        kms=True,  # share tokens are kept encrypted so their owner can copy the link again
        memory_mb=1024,
    ),
    Function(
        feature="assistants",
        http_prefixes=("/api/assistants",),
        tables=(*AUTH_TABLES, "assistants"),
        secrets=AUTH_SECRETS,
        memory_mb=256,
        timeout_s=10,
    ),
    Function(
        feature="prompts",
        http_prefixes=("/api/prompts",),
        tables=(
            *AUTH_TABLES,
            "prompts",
            "prompt_versions",
            "prompt_shares",
            "prompt_market",
            "prompt_votes",
            "prompt_reports",
        ),
        secrets=AUTH_SECRETS,
        memory_mb=256,
        timeout_s=10,
    ),
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
            "share_links",
            "share_visits",
            "assistants",
            "prompts",
            "prompt_versions",
            "prompt_shares",
            "prompt_market",
            "prompt_votes",
            "prompt_reports",
            "provider_key_tests",
            "billing_customers",
            *MEDIA_TABLES,
            "media_uploads",
        ),
        buckets=("files", "media"),
        # `provider-keys`: the platform's ElevenLabs key, to delete a user's cloned voices there.
        secrets=(*AUTH_SECRETS, "stripe", "provider-keys"),
        # A key test calls the vendor's SDK; deletion cancels at Stripe and deletes cloned voices.
        extras=("models", "billing", "media"),
        kms=True,  # own provider keys and the 2FA secret of a re-authentication
        memory_mb=1024,
    ),
    Function(
        feature="billing",
        http_prefixes=("/api/billing",),
        tables=(*AUTH_TABLES, "billing_accounts", "billing_customers", "billing_events", "rate_limits"),
        secrets=(*AUTH_SECRETS, "stripe"),
        extras=("billing",),
        memory_mb=512,
    ),
    Function(
        feature="media",
        http_prefixes=("/api/media",),
        # `connections`: a cancelled job is pushed to the owner's tabs.
        tables=(*AUTH_TABLES, *MEDIA_TABLES, "media_uploads", "connections"),
        buckets=("media",),
        sends_to=("media",),
        secrets=(*AUTH_SECRETS, *VIEWER_SECRETS, "provider-keys"),
        # ElevenLabs' voice list and deletions; `models`: webox.providers (keys) is reachable.
        extras=("models", "media"),
        push=True,
    ),
    Function(
        feature="media",
        module="worker",
        queue="media",
        # Jobs last minutes: two per batch keeps a batch well inside the timeout.
        batch_size=2,
        # `provider_keys` + KMS: a user's own OpenAI key; `connections`: progress pushes; usage:
        # each finished job's record.
        tables=(*MEDIA_TABLES, "provider_keys", "connections", "usage_records", "usage_daily"),
        buckets=("media",),
        secrets=("provider-keys",),
        extras=("models", "media"),
        push=True,
        kms=True,
        memory_mb=1024,
        timeout_s=600,
    ),
    Function(
        feature="usage",
        module="worker",
        queue="usage",
        # Up to 100 calls a batch, gathered for at most 2 s: the worker writes their records in
        # batches and adds to each counter once per batch (not once per call).
        batch_size=100,
        batch_window_s=2,
        tables=("usage_records", "usage_daily"),
        memory_mb=256,
        timeout_s=30,
    ),
)


STATE_MACHINES: tuple[StateMachine, ...] = (
    StateMachine("chat-fanout", FANOUT_DEFINITION, started_by=("chat-ws", "chat-api")),
)


def function(name: str) -> Function:
    """A function by its name (`<feature>-<module>`)."""
    for candidate in FUNCTIONS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def functions_for(feature: str) -> list[Function]:
    """The Lambdas of one feature."""
    return [f for f in FUNCTIONS if f.feature == feature]
