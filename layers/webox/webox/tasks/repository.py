"""Every DynamoDB and S3 call of the task engine."""

from __future__ import annotations

import json
import time
from datetime import datetime
from typing import Any, cast

from pynamodb.exceptions import DeleteError, PutError, UpdateError
from pynamodb.expressions.update import Action

from webox import storage
from webox.db import filtered_page, get_together, utcnow
from webox.tasks.models import Task, TaskEffect, TaskSchedule, TaskStep

BUCKET = "tasks"
# Outputs larger than this (as JSON) go to S3: an item stays far below DynamoDB's 400 KB.
OUTPUT_INLINE_BYTES = 100_000
EFFECT_RETENTION_S = 30 * 86400


class StaleTask(Exception):
    """The task changed since it was read (its version moved on): read it again and re-decide."""


def _conditional(exc: Exception) -> bool:
    cause = getattr(exc, "cause_response_code", None)
    return cause == "ConditionalCheckFailedException"


# --- tasks -------------------------------------------------------------------------------------------


def create(task: Task) -> None:
    task.save(condition=Task.task_id.does_not_exist())


def find(user_id: str, task_id: str) -> Task | None:
    try:
        return Task.get(user_id, task_id, consistent_read=True)
    except Task.DoesNotExist:
        return None


def page(
    user_id: str, *, kind: str | None, status: str | None, cursor: str | None, limit: int
) -> tuple[list[Task], str | None]:
    condition = None
    if kind:
        condition = Task.kind == kind
    if status:
        condition = (Task.status == status) if condition is None else condition & (Task.status == status)
    return filtered_page(
        Task.query, user_id, owner_attribute="user_id", cursor=cursor, limit=limit, condition=condition
    )


def change(task: Task, *actions: Action) -> Task:
    """Apply `actions` if nobody changed the task since `task` was read (optimistic lock), bumping its
    version; raises `StaleTask` otherwise. Returns the task as it now is."""
    try:
        task.update(
            actions=[*actions, Task.version.set(task.version + 1), Task.updated_at.set(utcnow())],
            condition=Task.version == task.version,
        )
    except UpdateError as exc:
        if _conditional(exc):
            raise StaleTask(task.task_id) from exc
        raise
    return task


def next_seq(user_id: str, task_id: str) -> int:
    """The next progress frame's number (an atomic counter beside the version)."""
    task = Task(user_id, task_id)
    task.update(actions=[Task.seq.add(1)], condition=Task.task_id.exists())
    return int(task.seq)


def add_cost(user_id: str, task_id: str, cost_micro_usd: int) -> None:
    if cost_micro_usd:
        Task(user_id, task_id).update(
            actions=[Task.cost_micro_usd.add(cost_micro_usd)], condition=Task.task_id.exists()
        )


# --- steps -------------------------------------------------------------------------------------------


def step_key(task_id: str, step_id: str) -> str:
    return f"{task_id}#{step_id}"


def find_step(user_id: str, task_id: str, step_id: str) -> TaskStep | None:
    try:
        return TaskStep.get(user_id, step_key(task_id, step_id), consistent_read=True)
    except TaskStep.DoesNotExist:
        return None


def find_with_step(user_id: str, task_id: str, step_id: str) -> tuple[Task | None, TaskStep | None]:
    """The task and one of its step items in one round trip (a delivery's first read, on the path
    from one step to the next)."""
    task, step = get_together(
        (Task, {"user_id": user_id, "task_id": task_id}),
        (TaskStep, {"user_id": user_id, "step_key": step_key(task_id, step_id)}),
    )
    return cast(Task | None, task), cast(TaskStep | None, step)


def steps(user_id: str, task_id: str) -> dict[str, TaskStep]:
    """A task's step items by step id."""
    found = TaskStep.query(user_id, TaskStep.step_key.startswith(f"{task_id}#"), consistent_read=True)
    return {item.step_id: item for item in found}


def start_step(
    user_id: str, task_id: str, step_id: str, *, kind: str, run: int, attempt: int, step_input: dict[str, Any]
) -> TaskStep:
    """Mark a step running (creating its item, or updating a join's, which arrivals created)."""
    item = TaskStep(user_id, step_key(task_id, step_id))
    item.update(
        actions=[
            TaskStep.task_id.set(task_id),
            TaskStep.step_id.set(step_id),
            TaskStep.kind.set(kind),
            TaskStep.status.set("running"),
            TaskStep.run.set(run),
            TaskStep.attempt.set(attempt),
            TaskStep.input.set(step_input),
            TaskStep.started_at.set(TaskStep.started_at | utcnow()),
            TaskStep.error_code.remove(),
            TaskStep.error_message.remove(),
        ]
    )
    return item


def update_step(item: TaskStep, **fields: Any) -> TaskStep:
    """Set fields of a step (a `None` removes the attribute)."""
    attributes = TaskStep.get_attributes()
    actions: list[Action] = [
        attributes[name].remove() if value is None else attributes[name].set(value)
        for name, value in fields.items()
    ]
    item.update(actions=actions)
    return item


def arrive(
    user_id: str, task_id: str, join_id: str, predecessor: str, *, skipped: bool = False
) -> tuple[int, int]:
    """Record that `predecessor` of the join finished (`skipped`: without taking the join); returns
    how many have, and how many of them did not take it (ADDs to sets, so a replay counts once)."""
    item = TaskStep(user_id, step_key(task_id, join_id))
    actions: list[Action] = [
        TaskStep.arrived.add({predecessor}),
        TaskStep.task_id.set(task_id),
        TaskStep.step_id.set(join_id),
        TaskStep.kind.set(TaskStep.kind | "join"),
        TaskStep.status.set(TaskStep.status | "pending"),
    ]
    if skipped:
        actions.append(TaskStep.skipped_from.add({predecessor}))
    item.update(actions=actions)
    return len(item.arrived or ()), len(item.skipped_from or ())


def skip_step(user_id: str, task_id: str, step_id: str, *, kind: str, run: int) -> TaskStep:
    """Mark a step `skipped` (none of its predecessors took it)."""
    item = TaskStep(user_id, step_key(task_id, step_id))
    item.update(
        actions=[
            TaskStep.task_id.set(task_id),
            TaskStep.step_id.set(step_id),
            TaskStep.kind.set(kind),
            TaskStep.status.set("skipped"),
            TaskStep.run.set(run),
            TaskStep.finished_at.set(utcnow()),
        ]
    )
    return item


def delete_steps(user_id: str, task_id: str, step_ids: list[str]) -> None:
    with TaskStep.batch_write() as batch:
        for step_id in step_ids:
            batch.delete(TaskStep(user_id, step_key(task_id, step_id)))


def use_approval_nonce(user_id: str, task_id: str, step_id: str, nonce: str) -> bool:
    """Clear the step's approval nonce if it is `nonce` (single use); False when it was not."""
    try:
        TaskStep(user_id, step_key(task_id, step_id)).update(
            actions=[TaskStep.approval_nonce.remove()], condition=TaskStep.approval_nonce == nonce
        )
    except UpdateError as exc:
        if _conditional(exc):
            return False
        raise
    return True


# --- outputs -----------------------------------------------------------------------------------------


def store_output(user_id: str, task_id: str, step_id: str, run: int, output: Any) -> tuple[Any, str | None]:
    """(inline output, None) or (None, S3 key) for an output over `OUTPUT_INLINE_BYTES`."""
    encoded = json.dumps(output, separators=(",", ":"), ensure_ascii=False).encode()
    if len(encoded) <= OUTPUT_INLINE_BYTES:
        return output, None
    key = f"{user_id}/{task_id}/{step_id}.{run}.json"
    storage.put(BUCKET, key, encoded, "application/json")
    return None, key


def load_output(item: TaskStep) -> Any:
    if item.output_key:
        return json.loads(storage.get(BUCKET, item.output_key))
    return item.output


def delete_outputs(user_id: str, task_id: str) -> None:
    keys = storage.list_keys(BUCKET, f"{user_id}/{task_id}/")
    if keys:
        storage.delete(BUCKET, keys)


# --- side effects ------------------------------------------------------------------------------------


def claim_effect(user_id: str, key: str, claim_s: int) -> TaskEffect | None:
    """Claim the effect `key` for `claim_s` seconds. Returns None when claimed now (do it), else the
    existing record (done: its result; in progress: someone else's live claim)."""
    now = int(time.time())
    effect = TaskEffect(user_id, key, status="in_progress", claimed_until=now + claim_s, expires_at=_expiry())
    try:
        effect.save(
            condition=TaskEffect.key.does_not_exist()
            | ((TaskEffect.status == "in_progress") & (TaskEffect.claimed_until < now))
        )
    except PutError as exc:
        if not _conditional(exc):
            raise
        return TaskEffect.get(user_id, key, consistent_read=True)
    return None


def finish_effect(user_id: str, key: str, result: Any) -> None:
    TaskEffect(user_id, key).update(actions=[TaskEffect.status.set("done"), TaskEffect.result.set(result)])


def release_effect(user_id: str, key: str) -> None:
    """Forget a claim whose effect raised (it did not happen: a retry may do it)."""
    try:
        TaskEffect(user_id, key).delete(condition=TaskEffect.status == "in_progress")
    except DeleteError as exc:
        if not _conditional(exc):
            raise


def _expiry() -> datetime:
    from datetime import UTC

    return datetime.fromtimestamp(time.time() + EFFECT_RETENTION_S, UTC)


# --- user schedules ----------------------------------------------------------------------------------


def create_task_if_new(task: Task) -> bool:
    """Store a task unless one with its id exists (a repeated scheduled fire); True when stored."""
    try:
        create(task)
    except PutError as exc:
        if _conditional(exc):
            return False
        raise
    return True


def save_schedule(schedule: TaskSchedule) -> None:
    schedule.save()


def find_schedule(user_id: str, schedule_id: str) -> TaskSchedule | None:
    try:
        return TaskSchedule.get(user_id, schedule_id)
    except TaskSchedule.DoesNotExist:
        return None


def schedules_of(user_id: str) -> list[TaskSchedule]:
    return list(TaskSchedule.query(user_id, scan_index_forward=False, limit=200))


def delete_schedule(schedule: TaskSchedule) -> None:
    schedule.delete()
