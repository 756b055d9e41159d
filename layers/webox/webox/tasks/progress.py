"""Progress frames of a task, pushed to its owner's sockets, each numbered by the task's `seq`."""

from __future__ import annotations

from webox.realtime import service as realtime
from webox.realtime.protocol import TaskDelta, TaskStatusChanged, TaskStep
from webox.tasks import repository
from webox.tasks.models import Task
from webox.tasks.models import TaskStep as StepItem
from webox.tasks.schemas import TaskError


def _error(code: str | None, message: str | None) -> TaskError | None:
    return TaskError(code=code, message=message or code) if code else None


def step(item: StepItem, user_id: str) -> None:
    """A step's status as it now is."""
    seq = repository.next_seq(user_id, item.task_id)
    frame = TaskStep(
        task_id=item.task_id,
        seq=seq,
        step_id=item.step_id,
        kind=item.kind,
        status=item.status,  # type: ignore[arg-type]
        attempt=int(item.attempt),
        error=_error(item.error_code, item.error_message),
    )
    realtime.send_to_user(user_id, frame)


def status(task: Task) -> None:
    """The task's status as it now is, numbered by the `seq` its status change took (the same
    update as the status, so a read never shows a status without its frame's number)."""
    frame = TaskStatusChanged(
        task_id=task.task_id,
        seq=int(task.seq),
        status=task.status,  # type: ignore[arg-type]
        cost_micro_usd=int(task.cost_micro_usd),
        error=_error(task.error_code, task.error_message),
    )
    realtime.send_to_user(task.user_id, frame)


def delta(user_id: str, task_id: str, step_id: str, text: str) -> None:
    seq = repository.next_seq(user_id, task_id)
    realtime.send_to_user(user_id, TaskDelta(task_id=task_id, seq=seq, step_id=step_id, text=text))
