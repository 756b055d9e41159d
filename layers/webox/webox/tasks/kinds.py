"""The step kind registry: what each kind of step does, as a plain dict filled by `register`.

A feature adds its kinds (`"media.generate"`, `"agent.turn"`…) in a module of its own that calls
`register` at import and names that module in `KIND_MODULES`; the worker imports them on first use.
A kind's `run` receives a `StepContext` and returns a `StepResult` (whose `skip` names successors not
taken: a condition), `Expand` (a `StepResult` that also adds steps to the plan: a loop's iterations, a
plan someone approved), or `Wait` to pause the task until a date. It raises `StepFailed` for a failure no retry would fix; any other exception is a crash: the
delivery is retried by SQS (the step replays, its side effects through `ctx.once` do not).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from webox.tasks.errors import UnknownStepKind

# Modules that register step kinds when imported.
KIND_MODULES: list[str] = [
    "webox.tasks.builtin",
    "webox.workflows.nodes",
    "webox.automations.kinds",
    "webox.blog.kinds",
    "webox.voice.post_call",
    "webox.agents.steps",
    "webox.knowledge.steps",
]
# `infra.grants` follows these modules from the worker of the engine's default queue (the tasks
# worker), which loads them, so its grants cover what the kinds reach; an API that only checks a
# plan's kind names is not granted it, nor a worker of a queue of its own (`jobs.KIND_QUEUES`).

# Task kinds whose feature keeps a state of its own beside the task's, and the function
# (`package.module:function(user_id, task_id)`) told when the owner cancels such a task through the
# tasks API, after the engine stopped it: a media job not started yet is cancelled with its task.
CANCEL_HOOKS: dict[str, str] = {"media": "webox.media.service:task_cancelled"}


@dataclass
class StepResult:
    """What a step produced and what it cost (the platform's cost, in micro-USD)."""

    output: Any = None
    cost_micro_usd: int = 0
    tokens_in: int = 0
    tokens_out: int = 0
    # Successor step ids (of this step) not taken: they end `skipped`, and so do the steps all of
    # whose predecessors were skipped; a join with one finished, taken predecessor still runs.
    skip: list[str] = field(default_factory=list)


@dataclass
class Expand(StepResult):
    """The step succeeds with `output` and adds `steps` (plan steps: dicts or `StepSpec`s) to the task.

    A new step with no `after` follows this step; this step's former successors also wait for the
    new steps that nothing else follows (so they run once every added step is done). Validated like
    a plan: ids unique in the task, known kinds, predecessors in the task, no cycle, at most
    `schemas.MAX_STEPS` steps in all."""

    steps: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class Wait:
    """Pause the task (`waiting_schedule`) until `until`; the step runs again then."""

    until: datetime


class StepContext(Protocol):
    """What a running step sees: its input, its predecessors' outputs and the engine's services."""

    user_id: str
    task_id: str
    step_id: str
    input: dict[str, Any]
    upstream: dict[str, Any]
    resume_at: datetime | None

    def once(self, call: str, effect: Callable[[], Any]) -> Any:
        """Run a side effect at most once per step run (key `task:step:call`); a replay gets the
        recorded result."""
        ...

    def delta(self, text: str) -> None:
        """Stream model text to the owner's sockets (`task.delta`)."""
        ...


@dataclass(frozen=True)
class StepKind:
    """`models`: for a step that calls models the platform pays for, which ones (from the input): the
    engine checks the task's budget and the plan's quota before each such step. `on_fail`: told
    (with the step's context, the error's code and message) when a step of this kind failed for good
    after crashing on its last delivery, so the feature can record it in its own items.
    `on_approval`: told (owner, task id, step id, step input) once a step of this kind starts
    waiting for approval, so the feature can ask for it (an e-mail with a signed link)."""

    run: Callable[[StepContext], StepResult | Wait]
    models: Callable[[dict[str, Any]], list[str]] | None = None
    on_fail: Callable[[StepContext, str, str], None] | None = None
    on_approval: Callable[[str, str, str, dict[str, Any]], None] | None = None


KINDS: dict[str, StepKind] = {}


def register(
    name: str,
    run: Callable[[StepContext], StepResult | Wait],
    *,
    models: Callable[[dict[str, Any]], list[str]] | None = None,
    on_fail: Callable[[StepContext, str, str], None] | None = None,
    on_approval: Callable[[str, str, str, dict[str, Any]], None] | None = None,
) -> None:
    """Make `name` a step kind plans may use."""
    KINDS[name] = StepKind(run=run, models=models, on_fail=on_fail, on_approval=on_approval)


def _load() -> None:
    for module in KIND_MODULES:
        importlib.import_module(module)


def get(name: str, *, load: bool = True) -> StepKind:
    """The kind `name`, or `UnknownStepKind`; `load`: import `KIND_MODULES` when it is not registered
    (a worker of a queue of its own runs only the kinds it registered, `engine.advance`)."""
    if name not in KINDS and load:
        _load()
    if name not in KINDS:
        raise UnknownStepKind(f"No step kind {name!r}")
    return KINDS[name]


def check(names: set[str], *, load: bool = True) -> None:
    """Refuse a plan naming a kind nobody registered (before anything runs)."""
    for name in sorted(names):
        get(name, load=load)
