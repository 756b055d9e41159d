"""What both sides of the engine do to a task: enqueue a step, and change the task's status under
its optimistic lock (each change pushed as a `task.status` frame)."""

from __future__ import annotations

from typing import Any

from webox import events, queue
from webox.db import utcnow
from webox.tasks import progress, repository
from webox.tasks.jobs import Advance, queue_for
from webox.tasks.lanes import group_id, lanes
from webox.tasks.models import Task, TaskStep
from webox.tasks.schemas import FINISHED

ACTIVE = frozenset({"queued", "running", "waiting_approval", "waiting_schedule"})


def message(task: Task, step_id: str, attempt: int = 1) -> tuple[Advance, str]:
    """The message that advances `task` at `step_id`, and its FIFO group."""
    advance = Advance(
        user_id=task.user_id, task_id=task.task_id, step_id=step_id, run=int(task.run), attempt=attempt
    )
    return advance, group_id(task.task_id, lanes(task.plan)[step_id])


def enqueue(task: Task, step_id: str, attempt: int = 1) -> None:
    """Send the message that advances `task` at `step_id` to the queue of the task's kind."""
    advance, group = message(task, step_id, attempt)
    queue.send_ordered(
        queue_for(task.kind), advance, group_id=group, deduplication_id=advance.deduplication_id
    )


def roots(plan: list[dict[str, Any]]) -> list[str]:
    return [step["id"] for step in plan if not step.get("after")]


def move(
    task: Task, status: str, *, only_from: frozenset[str], error: tuple[str, str] | None = None
) -> Task | None:
    """Change the task's status if it is in `only_from`, under its optimistic lock (re-read and
    re-decided on a conflict); pushes `task.status`. None when the task was not in `only_from`."""
    current: Task | None = task
    for _ in range(20):
        if current is None or current.status not in only_from:
            return None
        # The status frame's number moves with the status itself: a reader who sees the new status
        # also sees the `seq` its frame carries (no frame numbered after a read it is part of).
        actions = [Task.status.set(status), Task.seq.add(1)]
        if error:
            actions += [Task.error_code.set(error[0]), Task.error_message.set(error[1][:500])]
        if status in FINISHED:
            actions.append(Task.finished_at.set(utcnow()))
        try:
            repository.change(current, *actions)
        except repository.StaleTask:
            current = repository.find(task.user_id, task.task_id)
            continue
        progress.status(current)
        if status in ("succeeded", "failed"):
            events.publish(
                task.user_id,
                f"task.{status}",
                {
                    "task_id": task.task_id,
                    "kind": task.kind,
                    "title": task.title,
                    "error": error and error[0],
                },
            )
        return current
    raise repository.StaleTask(task.task_id)


def end(task: Task, status: str, code: str, text: str) -> Task | None:
    """Finish an active task as `status` with a reason."""
    return move(task, status, only_from=ACTIVE, error=(code, text))


def skips(item: TaskStep, step_id: str) -> bool:
    """Whether the finished step `item` did not take its successor `step_id`."""
    return item.status == "skipped" or step_id in (item.skip_next or [])
