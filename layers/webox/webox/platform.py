"""The vocabulary a feature declares itself with: its Lambdas, queues, secrets, workflows, buckets,
tables and user-data hooks, as plain data.

Each feature's `webox/<feature>/feature.py` builds one `Feature` from these; `webox.manifest`
aggregates them. A declaration imports no service code (hooks are `module:function` paths resolved
on use), so reading the inventory — CDK synth, the local host, a grant check — never loads a vendor
SDK or opens a connection.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Protocol


@dataclass(frozen=True)
class Queue:
    """An SQS queue with its dead-letter queue (`<name>-dlq`).

    `fifo`: a FIFO queue (`<name>.fifo`, its DLQ `<name>-dlq.fifo`): messages of one group are
    delivered in order, one at a time, and a deduplication id the sender gives drops repeats for five
    minutes. `content_deduplication`: a message sent without a deduplication id is deduplicated by
    its body's hash (EventBridge Scheduler, which sends none, requires it of a FIFO target); one sent
    with an id is deduplicated by that id either way."""

    name: str
    visibility_timeout_s: int = 180
    max_receives: int = 3
    fifo: bool = False
    content_deduplication: bool = False

    @property
    def physical(self) -> str:
        """The queue's logical name as SQS spells it (`.fifo` appended for a FIFO queue)."""
        return f"{self.name}.fifo" if self.fifo else self.name

    @property
    def dead_letter(self) -> str:
        """The logical name of its DLQ as SQS spells it."""
        return f"{self.name}-dlq.fifo" if self.fifo else f"{self.name}-dlq"


@dataclass(frozen=True)
class Schedule:
    """An EventBridge schedule (`rate(...)` or `cron(...)`) invoking a function."""

    name: str
    expression: str


@dataclass(frozen=True)
class EventRule:
    """A rule on the platform's EventBridge bus (`webox.events`) sending the events of `sources` to
    one of the feature's queues."""

    name: str
    queue: str
    sources: tuple[str, ...] = ("webox",)


@dataclass(frozen=True)
class LogSubscription:
    """The lines of another function's log that carry `key` (`webox.log_lines.write`), delivered to
    this function as CloudWatch Logs' `awslogs` event: a subscription filter on AWS, the local host's
    log follower here. A delivery still failing after Lambda's retries goes to this function's
    `queue` (Lambda's on-failure destination), which it consumes too."""

    source: str  # the function whose log is read
    key: str

    @property
    def pattern(self) -> str:
        return f"{{ $.{self.key} = 1 }}"


@dataclass(frozen=True)
class Function:
    """One Lambda: `functions/<feature>/<module>.py`'s `handler`."""

    feature: str
    module: str = "api"
    http_prefixes: tuple[str, ...] = ()
    ws_routes: tuple[str, ...] = ()
    # Which WebSocket API `ws_routes` belong to: the browser's (`action`) or Twilio's relay (`type`).
    ws_api: str = "browser"
    queue: str | None = None
    batch_size: int = 5
    # Seconds the queue's event source may wait to fill a batch (Lambda's batching window).
    batch_window_s: int = 0
    schedules: tuple[Schedule, ...] = ()
    tables: tuple[str, ...] = ()
    # Of `tables`, those it only reads (read-only grants). `infra.grants` checks the accounts' tables
    # (`users`, `sessions`): declared here exactly when no code the function reaches writes them.
    read_only: tuple[str, ...] = ()
    buckets: tuple[str, ...] = ()
    # The keys (IAM patterns) it may touch in some of its `buckets`, when not every key is its own:
    # `{"site": ("blog/*", "robots.txt")}`.
    bucket_keys: dict[str, tuple[str, ...]] = field(default_factory=dict)
    sends_to: tuple[str, ...] = ()
    log_subscriptions: tuple[LogSubscription, ...] = ()
    # EventBridge Scheduler groups it creates one-off schedules in (each targets its feature's queue).
    schedules_in: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()
    # pyproject optional-dependency groups (models, export, media, billing) its code imports: each
    # is a dependency layer of its own, on top of the base one every function gets.
    extras: tuple[str, ...] = ()
    push: bool = False
    # Closes sockets through the Management API (DELETE @connections): revoking a credential.
    close_sockets: bool = False
    mail: bool = False
    kms: bool = False
    # Publishes WeBox events on the platform's EventBridge bus (`webox.events.publish`).
    events: bool = False
    memory_mb: int = 512
    timeout_s: int = 29
    # At most this many invocations at once: its queue's event source never exceeds it, and in a
    # production stage it is the function's reserved concurrency (a runaway loop or a flood of
    # requests cannot take the account's whole pool, nor spend without end). None: no cap.
    max_concurrency: int | None = None
    # The secret Secrets Manager calls this function to rotate (its four steps).
    rotates: str | None = None
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


# -- user-data hooks ---------------------------------------------------------------------------------


class ExportUserData(Protocol):
    """What a feature has to say about a user beyond its raw items, written as `<feature>.json`."""

    def __call__(self, user_id: str) -> Any: ...


class ExportUserFiles(Protocol):
    """Files a feature keeps under folders that do not name the user: `(bucket, key, name in the zip)`."""

    def __call__(self, user_id: str) -> list[tuple[str, str, str]]: ...


class DeleteUserData(Protocol):
    """Delete what the generic sweep cannot find (items keyed otherwise than by the user, hashed
    folders, data at a vendor); runs before the sweep."""

    def __call__(self, user_id: str) -> Any: ...


# The protocol each `UserDataHooks` field must satisfy (checked by tests/core/test_features.py).
HOOK_PROTOCOLS: dict[str, type] = {
    "export": ExportUserData,
    "export_files": ExportUserFiles,
    "delete": DeleteUserData,
}


def resolve(path: str) -> Any:
    """The object a `package.module:name` path names (imported now)."""
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)


@dataclass(frozen=True)
class UserDataHooks:
    """Where a feature's account export and deletion hooks live, as `package.module:function`
    paths, each satisfying the protocol of the same name in `HOOK_PROTOCOLS`. Paths rather than
    callables: a declaration must not import the service code it names."""

    export: str | None = None
    export_files: str | None = None
    delete: str | None = None

    def declared(self) -> dict[str, str]:
        """Hook name → path, for the hooks this feature has."""
        return {name: getattr(self, name) for name in HOOK_PROTOCOLS if getattr(self, name)}

    def export_data(self) -> ExportUserData | None:
        return resolve(self.export) if self.export else None

    def export_user_files(self) -> ExportUserFiles | None:
        return resolve(self.export_files) if self.export_files else None

    def delete_data(self) -> DeleteUserData | None:
        return resolve(self.delete) if self.delete else None


@dataclass(frozen=True)
class Feature:
    """Everything one feature adds to the platform. `models`: modules whose pynamodb models are its
    tables; `buckets`, `queues`, `secrets`, `state_machines`, `schedule_groups`: the resources it owns (functions of
    other features may be granted them)."""

    name: str
    functions: tuple[Function, ...] = ()
    models: tuple[str, ...] = ()
    buckets: tuple[str, ...] = ()
    queues: tuple[Queue, ...] = ()
    secrets: tuple[Secret, ...] = ()
    state_machines: tuple[StateMachine, ...] = ()
    # EventBridge Scheduler groups its functions create one-off schedules in (`<prefix><name>`).
    schedule_groups: tuple[str, ...] = ()
    event_rules: tuple[EventRule, ...] = ()
    hooks: UserDataHooks = UserDataHooks()
