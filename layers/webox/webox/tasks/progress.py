"""Progress frames of a task, pushed to its owner's sockets, each numbered by the task's `seq`.

Within one delivery (`one_delivery`), step and delta frames share one lookup of the owner's
connections, at most `DELIVERY_AUDIENCE_S` old: a step's `running` and last frames cost one query,
not two, on the path from one step to the next. A socket opened meanwhile may miss such a frame,
never a `task.status` frame (always looked up afresh) nor the next delivery's first frame: the
client sees the gap in `seq` and reads the task again, so nothing is lost.
"""

from __future__ import annotations

from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar, copy_context
from typing import TYPE_CHECKING

from webox.realtime import service as realtime
from webox.tasks import repository
from webox.tasks.models import Task
from webox.tasks.models import TaskStep as StepItem
from webox.tasks.schemas import TaskError

if TYPE_CHECKING:
    from webox.realtime.protocol import Frame

DELIVERY_AUDIENCE_S = 1.0
_audience: ContextVar[realtime.Audience | None] = ContextVar("task_delivery_audience", default=None)
_PUSHES = ThreadPoolExecutor(max_workers=4, thread_name_prefix="task-frames")


@contextmanager
def one_delivery(user_id: str) -> Iterator[None]:
    """Step and delta frames pushed inside share one lookup of `user_id`'s connections."""
    token = _audience.set(realtime.Audience(user_id, refresh_s=DELIVERY_AUDIENCE_S))
    try:
        yield
    finally:
        _audience.reset(token)


def _send(user_id: str, frame: Frame) -> None:
    audience = _audience.get()
    if audience is not None and audience.user_id == user_id:
        audience.send(frame)
    else:
        realtime.send_to_user(user_id, frame)


def _error(code: str | None, message: str | None) -> TaskError | None:
    return TaskError(code=code, message=message or code) if code else None


def step(item: StepItem, user_id: str) -> None:
    """A step's status as it now is."""
    # imported here (and below): the socket protocol's schemas are large, and of the APIs importing
    # this module only the requests that change a task push a frame
    from webox.realtime.protocol import TaskStep

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
    _send(user_id, frame)


@contextmanager
def step_beside(item: StepItem, user_id: str) -> Iterator[None]:
    """`step(item, user_id)` while the block runs, done when it ends. In a chain, a step's last frame
    goes out while the next step is enqueued: that step's message shares the delivery's FIFO group, so
    it is received only once the delivery ends, and would otherwise also wait for the frame's number
    and push. The frame's number still comes before any of the next step's."""
    pushed = _PUSHES.submit(copy_context().run, step, item, user_id)
    try:
        yield
    finally:
        pushed.result()


def status(task: Task) -> None:
    """The task's status as it now is, numbered by the `seq` its status change took (the same
    update as the status, so a read never shows a status without its frame's number)."""
    from webox.realtime.protocol import TaskStatusChanged

    frame = TaskStatusChanged(
        task_id=task.task_id,
        seq=int(task.seq),
        status=task.status,  # type: ignore[arg-type]
        cost_micro_usd=int(task.cost_micro_usd),
        error=_error(task.error_code, task.error_message),
    )
    realtime.send_to_user(task.user_id, frame)


def delta(user_id: str, task_id: str, step_id: str, text: str) -> None:
    from webox.realtime.protocol import TaskDelta

    seq = repository.next_seq(user_id, task_id)
    _send(user_id, TaskDelta(task_id=task_id, seq=seq, step_id=step_id, text=text))
