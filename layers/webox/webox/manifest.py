"""What the platform is made of, as data: its Lambdas, their triggers, and what each may touch.

Both hosts read this one inventory: the CDK stack builds functions, routes, queues, schedules and
least-privilege grants from it, and the local host mounts the same handlers on the same paths,
creates the same tables (from the pynamodb models in `MODEL_MODULES`), queues and buckets, and
fires the same schedules.

Each feature declares itself in `webox/<feature>/feature.py` (a `webox.platform.Feature` named
`FEATURE`); this module only aggregates the features named in `FEATURES`, in that order. Adding a
feature means adding its name here.
"""

from __future__ import annotations

import importlib

from webox.platform import (
    EventRule,
    Feature,
    Function,
    LogSubscription,
    Queue,
    Schedule,
    Secret,
    StateMachine,
    UserDataHooks,
)

__all__ = [
    "BUCKETS",
    "DECLARATIONS",
    "EVENT_RULES",
    "FEATURES",
    "FUNCTIONS",
    "MODEL_MODULES",
    "QUEUES",
    "SCHEDULE_GROUPS",
    "SECRETS",
    "STATE_MACHINES",
    "EventRule",
    "Feature",
    "Function",
    "LogSubscription",
    "Queue",
    "Schedule",
    "Secret",
    "StateMachine",
    "UserDataHooks",
    "declaration",
    "function",
    "functions_for",
]

FEATURES: tuple[str, ...] = (
    "auth",
    "realtime",
    "chat",
    "providers",
    "gateway",
    "catalog",
    "share",
    "assistants",
    "prompts",
    "account",
    "dashboard",
    "billing",
    "media",
    "usage",
    "tasks",
    "workflows",
    "automations",
    "blog",
    "voice",
    "agents",
)


def _load(name: str) -> Feature:
    declared: Feature = importlib.import_module(f"webox.{name}.feature").FEATURE
    if declared.name != name:
        raise ValueError(f"webox/{name}/feature.py declares the feature {declared.name!r}")
    return declared


DECLARATIONS: tuple[Feature, ...] = tuple(_load(name) for name in FEATURES)

# Modules whose pynamodb models are the platform's tables.
MODEL_MODULES: tuple[str, ...] = tuple(module for d in DECLARATIONS for module in d.models)
BUCKETS: tuple[str, ...] = tuple(bucket for d in DECLARATIONS for bucket in d.buckets)
QUEUES: tuple[Queue, ...] = tuple(queue for d in DECLARATIONS for queue in d.queues)
SECRETS: tuple[Secret, ...] = tuple(secret for d in DECLARATIONS for secret in d.secrets)
FUNCTIONS: tuple[Function, ...] = tuple(f for d in DECLARATIONS for f in d.functions)
STATE_MACHINES: tuple[StateMachine, ...] = tuple(m for d in DECLARATIONS for m in d.state_machines)
SCHEDULE_GROUPS: tuple[str, ...] = tuple(g for d in DECLARATIONS for g in d.schedule_groups)
EVENT_RULES: tuple[EventRule, ...] = tuple(r for d in DECLARATIONS for r in d.event_rules)


def declaration(feature: str) -> Feature:
    """One feature's declaration."""
    for candidate in DECLARATIONS:
        if candidate.name == feature:
            return candidate
    raise KeyError(feature)


def function(name: str) -> Function:
    """A function by its name (`<feature>-<module>`)."""
    for candidate in FUNCTIONS:
        if candidate.name == name:
            return candidate
    raise KeyError(name)


def functions_for(feature: str) -> list[Function]:
    """The Lambdas of one feature."""
    return [f for f in FUNCTIONS if f.feature == feature]
