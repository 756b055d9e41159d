"""What the platform is made of, as data: its Lambdas, their triggers, and what each may touch.

Both hosts read this one inventory: the CDK stack builds functions, routes, queues, schedules and
least-privilege grants from it, and the local host mounts the same handlers on the same paths,
creates the same tables (from the pynamodb models in `MODEL_MODULES`), queues and buckets, and
fires the same schedules. Adding a feature means adding its entries here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


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
    schedules: tuple[Schedule, ...] = ()
    tables: tuple[str, ...] = ()
    buckets: tuple[str, ...] = ()
    sends_to: tuple[str, ...] = ()
    secrets: tuple[str, ...] = ()
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
)

BUCKETS: tuple[str, ...] = ("files",)

QUEUES: tuple[Queue, ...] = ()

FUNCTIONS: tuple[Function, ...] = (
    Function(
        feature="realtime",
        module="ws",
        ws_routes=("$connect", "$disconnect", "$default"),
        tables=("connections", "users", "sessions", "api_tokens"),
        push=True,
        memory_mb=256,
        timeout_s=10,
    ),
)


STATE_MACHINES: tuple[StateMachine, ...] = ()


def function(name: str) -> Function:
    """A function by its name (`<feature>-<module>`)."""
    for candidate in FUNCTIONS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def functions_for(feature: str) -> list[Function]:
    """The Lambdas of one feature."""
    return [f for f in FUNCTIONS if f.feature == feature]
