"""Growing a task's plan while it runs (`Expand`), and taking the growth back when the expanding step
runs again (a re-run).

The plan stays in an order where every step follows its predecessors (what `schemas.check_plan`
asks of a new plan, and what a re-run's walk over descendants relies on): the new plan is sorted
again, keeping the old order where it can, with the new steps right after the step that added them.
"""

from __future__ import annotations

import heapq
import json
from typing import Any

from pydantic import ValidationError

from webox.errors import WeboxError
from webox.tasks import kinds
from webox.tasks.errors import StepFailed
from webox.tasks.schemas import MAX_PLAN_BYTES, MAX_STEPS, StepSpec

INVALID = "tasks.expand_invalid"
TOO_MANY = "tasks.too_many_steps"


def _specs(steps: list[Any]) -> list[dict[str, Any]]:
    try:
        return [
            (step if isinstance(step, StepSpec) else StepSpec.model_validate(step)).model_dump()
            for step in steps
        ]
    except ValidationError as exc:
        raise StepFailed(
            INVALID, f"A step to add is not a valid plan step: {exc.errors()[0]['msg']}"
        ) from exc


def _sorted(plan: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """`plan` in an order where each step follows its predecessors, as close to the given order as
    that allows; a cycle is refused."""
    rank = {step["id"]: index for index, step in enumerate(plan)}
    waiting = {step["id"]: len(step.get("after") or []) for step in plan}
    followers: dict[str, list[str]] = {step["id"]: [] for step in plan}
    for step in plan:
        for before in step.get("after") or []:
            followers[before].append(step["id"])
    ready = [rank[step_id] for step_id, count in waiting.items() if count == 0]
    heapq.heapify(ready)
    order: list[dict[str, Any]] = []
    while ready:
        step = plan[heapq.heappop(ready)]
        order.append(step)
        for follower in followers[step["id"]]:
            waiting[follower] -= 1
            if waiting[follower] == 0:
                heapq.heappush(ready, rank[follower])
    if len(order) != len(plan):
        raise StepFailed(INVALID, "The steps to add would make a cycle")
    return order


def expand(
    plan: list[dict[str, Any]], step_id: str, steps: list[Any], finished: set[str], *, load: bool = True
) -> tuple[list[dict[str, Any]], list[str]]:
    """The plan with `steps` added by step `step_id`, and the ids added; `StepFailed` when they do not
    make a valid plan (`load`: as `kinds.get`'s).

    A new step may follow new steps, the expanding step, and steps of the task that have finished
    (`finished`): nothing still running elsewhere, whose end would not know of it. A new step that
    follows no new step follows the expanding one, so everything added runs after it."""
    added = _specs(steps)
    if len(plan) + len(added) > MAX_STEPS:
        raise StepFailed(
            TOO_MANY, f"A task holds at most {MAX_STEPS} steps ({len(plan)} + {len(added)} asked)"
        )
    known = {step["id"] for step in plan}
    new_ids = [step["id"] for step in added]
    taken = sorted((known & set(new_ids)) | {i for i in new_ids if new_ids.count(i) > 1})
    if taken:
        raise StepFailed(INVALID, f"Step id {taken[0]!r} is already used")
    everything = known | set(new_ids)
    for step in added:
        missing = [before for before in step["after"] if before not in everything]
        if missing:
            raise StepFailed(INVALID, f"Step {step['id']!r} follows {missing[0]!r}, which is not in the task")
        if len(set(step["after"])) != len(step["after"]):
            raise StepFailed(INVALID, f"Step {step['id']!r} names a predecessor twice")
        running = [b for b in step["after"] if b in known and b != step_id and b not in finished]
        if running:
            raise StepFailed(INVALID, f"Step {step['id']!r} follows {running[0]!r}, which has not finished")
        if not set(step["after"]) & set(new_ids) and step_id not in step["after"]:
            step["after"] = [step_id, *step["after"]]
    try:
        kinds.check({step["kind"] for step in added}, load=load)
    except WeboxError as exc:
        raise StepFailed(exc.code, exc.message) from exc
    followed = {before for step in added for before in step["after"]}
    sinks = [i for i in new_ids if i not in followed]
    grown: list[dict[str, Any]] = []
    for step in plan:
        if step_id in (step.get("after") or []):
            step = {**step, "after": [*step["after"], *sinks]}
        grown.append(step)
        if step["id"] == step_id:
            grown.extend(added)
    if any(len(step["after"]) > 50 for step in grown):
        raise StepFailed(INVALID, "A step would wait for more than 50 others")
    ordered = _sorted(grown)
    size = sum(len(json.dumps(step, separators=(",", ":"))) for step in ordered)
    if size > MAX_PLAN_BYTES:
        raise StepFailed(TOO_MANY, f"The plan would take {size} bytes, over {MAX_PLAN_BYTES}")
    return ordered, new_ids


def undo(
    plan: list[dict[str, Any]], expansions: dict[str, list[str]], steps: list[str]
) -> tuple[list[dict[str, Any]], dict[str, list[str]]]:
    """The plan without what `steps` (about to run again) added, nor what those additions added, and
    the expansions left."""
    left = dict(expansions)
    removed: set[str] = set()
    pending = [step_id for step_id in steps if step_id in left]
    while pending:
        for added in left.pop(pending.pop(), []):
            removed.add(added)
            if added in left:
                pending.append(added)
    if not removed:
        return plan, left
    kept = [
        {**step, "after": [before for before in step.get("after") or [] if before not in removed]}
        for step in plan
        if step["id"] not in removed
    ]
    return kept, left
