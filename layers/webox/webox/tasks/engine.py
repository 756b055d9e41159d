"""The engine's worker side: advance a task by one step per delivery of an `Advance` message.

A delivery reads the task and the step, drops what is stale (an earlier run, a finished or cancelled
task), replays nothing that succeeded (a repeat only re-enqueues what follows), checks the budget and
the plan's quota before a paid model call, runs the step's kind, writes the step, and enqueues the
steps that can now run: a join is enqueued by the last of its predecessors to arrive. A crash replays
this one step; side effects done through `ctx.once` are not done again.

A result may skip successors (`StepResult.skip`: they end `skipped`, as do the steps all of whose
predecessors were skipped) or grow the plan (`Expand`: the new steps are in the task's plan, under
its lock, before the step is written succeeded, so a replay finds them and adds nothing twice).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from webox.db import utcnow
from webox.errors import WeboxError
from webox.logging import get_logger
from webox.tasks import expansion, kinds, lifecycle, progress, repository, schedules
from webox.tasks.errors import EffectInProgress, StepFailed
from webox.tasks.jobs import MAX_RECEIVES, QUEUE, Advance, queue_for
from webox.tasks.lanes import lanes
from webox.tasks.lifecycle import ACTIVE, end, enqueue, message, move
from webox.tasks.models import Task, TaskStep

EFFECT_CLAIM_S = 120  # an effect's claim outlives any delivery that could still be doing it
_QUOTA_FEATURE = "agents"  # what the plan's quotas count a task's model calls as


# --- one step ----------------------------------------------------------------------------------------


@dataclass
class Context:
    """`kinds.StepContext` for one run of one step."""

    user_id: str
    task_id: str
    step_id: str
    input: dict[str, Any]
    upstream: dict[str, Any]
    resume_at: datetime | None
    effects: list[str] = field(default_factory=list)

    def once(self, call: str, effect: Callable[[], Any]) -> Any:
        key = f"{self.task_id}:{self.step_id}:{call}"
        existing = repository.claim_effect(self.user_id, key, EFFECT_CLAIM_S)
        if existing is not None:
            if existing.status == "done":
                return existing.result
            raise EffectInProgress(key)
        try:
            result = effect()
        except BaseException:
            repository.release_effect(self.user_id, key)
            raise
        repository.finish_effect(self.user_id, key, result)
        self.effects.append(key)
        return result

    def delta(self, text: str) -> None:
        progress.delta(self.user_id, self.task_id, self.step_id, text)


def _on_default_queue(task: Task) -> bool:
    """Whether `task` runs on the engine's default queue, where step kinds load on first use
    (`kinds.KIND_MODULES`) and a step may wait for a date; a task of a queue of its own
    (`jobs.KIND_QUEUES`) runs only the kinds its worker registered, and never waits."""
    return queue_for(task.kind) == QUEUE


def _spec(task: Task, step_id: str) -> dict[str, Any] | None:
    return next((step for step in task.plan if step["id"] == step_id), None)


def advance(msg: Advance, *, queue: str = QUEUE, final_attempt: bool = False) -> None:
    """Run one step of a task (see the module's docstring), delivered on `queue`: its worker advances
    only the tasks whose kind that queue serves (`jobs.queue_for`), and on a queue of its own runs only
    the step kinds it registered (the kinds of `kinds.KIND_MODULES` load on the default queue only)."""
    with progress.one_delivery(msg.user_id):
        _advance(msg, queue, final_attempt)


def _advance(msg: Advance, queue: str, final_attempt: bool) -> None:
    task, item = repository.find_with_step(msg.user_id, msg.task_id, msg.step_id)
    if task is None or int(task.run) != msg.run:
        return  # deleted, or a message of an earlier run
    if queue_for(task.kind) != queue:
        # A task of another queue's kind (nothing of the engine sends it here): this worker holds
        # that kind's grants, or more, so none of it runs here.
        get_logger().warning("task on another kind's queue", extra={"task_id": task.task_id, "queue": queue})
        return
    spec = _spec(task, msg.step_id)
    if spec is None:
        return
    if item is not None and item.status == "succeeded":
        # A repeat: the step is done; make sure what follows it was enqueued.
        follow(task, spec, item.skip_next or ())
        return
    if item is not None and item.status == "skipped":
        return
    if task.status not in ACTIVE:
        return  # cancelled, failed or over budget: nothing more runs
    kind = kinds.get(spec["kind"], load=_on_default_queue(task))
    if spec.get("needs_approval") and (item is None or item.decision != "approved"):
        # A repeat delivery asks nobody again.
        ask = kind.on_approval if item is None or item.status != "waiting_approval" else None
        _await_approval(task, spec, msg, ask)
        return
    if item is not None and item.decision == "approved" and item.edited_output is not None:
        _approved_as_edited(task, spec, item, msg)
        return
    if kind.models is not None and not _may_call_models(task, kind.models(spec.get("input") or {})):
        return
    was_waiting = item is not None and item.status in {"waiting_schedule", "waiting_approval"}
    resume = item.resume_at if item is not None else None
    move(task, "running", only_from=frozenset({"queued", *([item.status] if was_waiting and item else [])}))
    item = repository.start_step(
        msg.user_id,
        msg.task_id,
        msg.step_id,
        kind=spec["kind"],
        run=msg.run,
        attempt=msg.attempt,
        step_input=spec.get("input") or {},
    )
    progress.step(item, msg.user_id)
    _run(task, spec, item, kind, resume, msg, final_attempt)


def _may_call_models(task: Task, models: list[str]) -> bool:
    """The task's cost ceiling, then the plan's quota, before a model call the platform pays for."""
    from webox.billing import quota
    from webox.billing.errors import PaymentRequired, RateLimited

    if task.budget_micro_usd is not None and task.cost_micro_usd >= task.budget_micro_usd:
        end(
            task,
            "budget_exceeded",
            "tasks.budget_exceeded",
            f"The task has cost {int(task.cost_micro_usd)} of its {int(task.budget_micro_usd)} micro-USD",
        )
        return False
    from webox.providers import service as providers

    try:
        # Only what the platform's keys answer is held to the plan (and needs a verified e-mail): a
        # simulator or the user's own key costs the platform nothing.
        sources = {model: providers.key_source(model, task.user_id) for model in models}
    except WeboxError as exc:
        end(task, "failed", exc.code, exc.message)
        return False
    try:
        quota.check_models(task.user_id, _QUOTA_FEATURE, sources, prompt_chars=0, max_tokens=None)
    except PaymentRequired as exc:
        end(task, "budget_exceeded", exc.code, exc.message)
        return False
    except RateLimited:
        raise  # the plan's rate for this minute: the step is delivered again later
    except WeboxError as exc:  # the plan refuses this call for good (an unverified e-mail…)
        end(task, "failed", exc.code, exc.message)
        return False
    return True


def _run(
    task: Task,
    spec: dict[str, Any],
    item: TaskStep,
    kind: kinds.StepKind,
    resume: datetime | None,
    msg: Advance,
    final_attempt: bool,
) -> None:
    upstream = _upstream(task, spec)
    ctx = Context(task.user_id, task.task_id, spec["id"], dict(spec.get("input") or {}), upstream, resume)
    started = time.monotonic()
    try:
        result = kind.run(ctx)
    except StepFailed as exc:
        _fail(task, item, exc.code, exc.message)
        return
    except Exception as exc:  # a crash (EffectInProgress too): SQS delivers the step again
        _crashed(task, item, exc, final_attempt)
        if final_attempt and kind.on_fail is not None:
            code, text = _reason(item, exc)
            kind.on_fail(ctx, code, text)
        raise
    if isinstance(result, kinds.Wait):
        if not _on_default_queue(task):
            # Scheduler resumes a task on the default queue only (its role sends nowhere else).
            _fail(task, item, "tasks.cannot_wait", "A task with a worker of its own cannot wait for a date")
            return
        _wait(task, item, msg, result.until)
        return
    try:
        skip = _skipped(task, spec, result.skip)
        if isinstance(result, kinds.Expand) and result.steps:
            task = _expand(task, spec["id"], result.steps)
    except StepFailed as exc:
        _fail(task, item, exc.code, exc.message)
        return
    _succeed(task, spec, item, result, int((time.monotonic() - started) * 1000), msg.run, skip)


def _succeed(
    task: Task,
    spec: dict[str, Any],
    item: TaskStep,
    result: kinds.StepResult,
    latency_ms: int,
    run: int,
    skip: list[str],
) -> None:
    output, key = repository.store_output(task.user_id, task.task_id, spec["id"], run, result.output)
    repository.update_step(
        item,
        status="succeeded",
        output=output,
        output_key=key,
        cost_micro_usd=result.cost_micro_usd,
        tokens_in=result.tokens_in,
        tokens_out=result.tokens_out,
        latency_ms=latency_ms,
        resume_at=None,
        skip_next=skip or None,
        edited_output=None,
        finished_at=utcnow(),
    )
    repository.add_cost(task.user_id, task.task_id, result.cost_micro_usd)
    if skip or not _chained(task, spec["id"]):
        # What follows may skip steps or end the task (their frames come after this one), or starts
        # in a FIFO group of its own, at once.
        progress.step(item, task.user_id)
        follow(task, spec, skip)
        return
    with progress.step_beside(item, task.user_id):
        follow(task, spec)  # only enqueues the next step of the chain


def _approved_as_edited(task: Task, spec: dict[str, Any], item: TaskStep, msg: Advance) -> None:
    """An approval that wrote the step's output: the step succeeds with it, its kind does not run."""
    move(task, "running", only_from=frozenset({"queued"}))
    edited = item.edited_output
    item = repository.start_step(
        msg.user_id,
        msg.task_id,
        msg.step_id,
        kind=spec["kind"],
        run=msg.run,
        attempt=msg.attempt,
        step_input=spec.get("input") or {},
    )
    _succeed(task, spec, item, kinds.StepResult(output=edited["value"]), 0, msg.run, [])


def _followers(task: Task, step_id: str) -> list[dict[str, Any]]:
    return [step for step in task.plan if step_id in (step.get("after") or [])]


def _chained(task: Task, step_id: str) -> bool:
    """Whether what follows `step_id` is the next step of its chain (its lane, so its FIFO group):
    that step is received only once this delivery ends."""
    lane = lanes(task.plan)
    followers = _followers(task, step_id)
    return len(followers) == 1 and lane[followers[0]["id"]] == lane[step_id]


def _skipped(task: Task, spec: dict[str, Any], skip: list[str]) -> list[str]:
    followers = {step["id"] for step in _followers(task, spec["id"])}
    strangers = [step_id for step_id in skip if step_id not in followers]
    if strangers:
        raise StepFailed(
            "tasks.skip_not_successor",
            f"Step {strangers[0]!r} does not follow {spec['id']!r}: it cannot be skipped",
        )
    return sorted(set(skip))


def _expand(task: Task, step_id: str, steps: list[Any]) -> Task:
    """Add `steps` to the plan (once: a replay finds them there), then record the arrivals the new
    steps missed: their predecessors already done."""
    current: Task | None = task
    for _ in range(20):
        if current is None:
            raise StepFailed("tasks.not_found", "The task was deleted")
        if step_id in (current.expansions or {}):
            break
        finished = {
            item.step_id
            for item in repository.steps(current.user_id, current.task_id).values()
            if item.status in {"succeeded", "skipped"}
        }
        plan, added = expansion.expand(current.plan, step_id, steps, finished, load=_on_default_queue(task))
        try:
            current = repository.change(
                current,
                Task.plan.set(plan),
                Task.expansions.set({**(current.expansions or {}), step_id: added}),
            )
        except repository.StaleTask:
            current = repository.find(task.user_id, task.task_id)
            continue
        break
    else:
        raise repository.StaleTask(task.task_id)
    added_ids = set((current.expansions or {})[step_id])
    items = repository.steps(current.user_id, current.task_id)
    for step in current.plan:
        if step["id"] not in added_ids or len(step["after"]) < 2:
            continue
        for before in step["after"]:
            done = items.get(before)
            if before != step_id and done is not None and done.status in {"succeeded", "skipped"}:
                repository.arrive(
                    current.user_id,
                    current.task_id,
                    step["id"],
                    before,
                    skipped=lifecycle.skips(done, step["id"]),
                )
    return current


def _upstream(task: Task, spec: dict[str, Any]) -> dict[str, Any]:
    after: list[str] = spec.get("after") or []
    if not after:
        return {}
    items = repository.steps(task.user_id, task.task_id) if len(after) > 1 else {}
    found: dict[str, Any] = {}
    for step_id in after:
        item = items.get(step_id) or repository.find_step(task.user_id, task.task_id, step_id)
        found[step_id] = repository.load_output(item) if item else None
    return found


def _fail(task: Task, item: TaskStep, code: str, text: str) -> None:
    repository.update_step(
        item, status="failed", error_code=code, error_message=text[:500], finished_at=utcnow()
    )
    progress.step(item, task.user_id)
    end(task, "failed", code, f"Step {item.step_id!r} failed: {text}")


def _reason(item: TaskStep, exc: BaseException) -> tuple[str, str]:
    """A crash's code and message: a `WeboxError`'s own (a vendor's timeout…), or the exception's
    type (never its text, which may hold anything)."""
    if isinstance(exc, WeboxError):
        return exc.code, exc.message
    return "tasks.step_crashed", f"{type(exc).__name__} on delivery {int(item.attempt)}"


def _crashed(task: Task, item: TaskStep, exc: BaseException, final_attempt: bool) -> None:
    """A crash: retried by SQS unless this was the last delivery, which fails the task with a reason
    (the message then moves to the DLQ)."""
    code, reason = _reason(item, exc)
    get_logger().warning("task step crashed", extra={"task_id": task.task_id, "step_id": item.step_id})
    if final_attempt:
        _fail(task, item, code, f"{reason} (delivery {int(item.attempt)}, the last of {MAX_RECEIVES})")
    else:
        repository.update_step(item, error_code=code, error_message=reason)


def _wait(task: Task, item: TaskStep, msg: Advance, until: datetime) -> None:
    resume, group = message(task, msg.step_id, msg.attempt + 1)
    schedules.resume_at(task.kind, resume, group, until)
    repository.update_step(item, status="waiting_schedule", resume_at=until)
    progress.step(item, task.user_id)
    move(task, "waiting_schedule", only_from=frozenset({"running", "queued"}))


def _await_approval(
    task: Task,
    spec: dict[str, Any],
    msg: Advance,
    ask: Callable[[str, str, str, dict[str, Any]], None] | None,
) -> None:
    item = repository.start_step(
        msg.user_id,
        msg.task_id,
        spec["id"],
        kind=spec["kind"],
        run=msg.run,
        attempt=msg.attempt,
        step_input=spec.get("input") or {},
    )
    repository.update_step(item, status="waiting_approval")
    progress.step(item, msg.user_id)
    move(task, "waiting_approval", only_from=frozenset({"queued", "running"}))
    if ask is not None:
        try:
            ask(task.user_id, task.task_id, spec["id"], spec.get("input") or {})
        except Exception:  # asking is a courtesy: the step waits in the app whatever happens
            get_logger().exception(
                "approval request failed", extra={"task_id": task.task_id, "step_id": spec["id"]}
            )


# --- what follows ------------------------------------------------------------------------------------


def follow(task: Task, spec: dict[str, Any], skip: Collection[str] = ()) -> None:
    """Enqueue the steps `spec` lets run (a join once all its predecessors arrived, if one of them
    took it), skip those it did not take; a last step finishes the task when every step is done."""
    _pass_on(task, spec["id"], set(skip), skipped=False)


def _pass_on(task: Task, step_id: str, skip: set[str], *, skipped: bool) -> None:
    followers = _followers(task, step_id)
    for step in followers:
        not_taken = skipped or step["id"] in skip
        after = step["after"]
        if len(after) == 1:
            arrived, passed_by = 1, int(not_taken)
        else:
            arrived, passed_by = repository.arrive(
                task.user_id, task.task_id, step["id"], step_id, skipped=not_taken
            )
        if arrived < len(after):
            continue
        if len(after) > 1:
            # A join's predecessors may have grown since this delivery read the plan (another
            # branch expanded): the count that lets it run is the one in the plan as it now is.
            fresh = repository.find(task.user_id, task.task_id)
            now = _spec(fresh, step["id"]) if fresh is not None else None
            if now is None or arrived < len(now["after"]):
                continue
        if passed_by < arrived:
            enqueue(task, step["id"])
        else:
            _skip(task, step)
    if not followers:
        _finish_if_done(task)


def _skip(task: Task, spec: dict[str, Any]) -> None:
    """A step none of whose predecessors took it: `skipped`, and so on down the graph."""
    item = repository.skip_step(task.user_id, task.task_id, spec["id"], kind=spec["kind"], run=int(task.run))
    progress.step(item, task.user_id)
    _pass_on(task, spec["id"], set(), skipped=True)


def _finish_if_done(task: Task) -> None:
    items = repository.steps(task.user_id, task.task_id)
    if all(
        items.get(step["id"]) is not None and items[step["id"]].status in {"succeeded", "skipped"}
        for step in task.plan
    ):
        move(task, "succeeded", only_from=frozenset({"running", "queued"}))
