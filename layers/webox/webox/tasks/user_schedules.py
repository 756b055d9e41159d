"""Users' schedules: a task started at a date or on a cron, through EventBridge Scheduler (one
schedule per user schedule in WeBox's `tasks` group, its target the tasks FIFO queue)."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from webox.tasks import lifecycle, repository, schedules
from webox.tasks.errors import ScheduleNotFound
from webox.tasks.jobs import Start
from webox.tasks.models import TaskSchedule, new_task_id
from webox.tasks.schemas import ScheduleCreate, ScheduleList, ScheduleOut, TaskCreate
from webox.tasks.service import check_startable, new_task


def _out(schedule: TaskSchedule) -> ScheduleOut:
    return ScheduleOut(
        schedule_id=schedule.schedule_id,
        expression=schedule.expression,
        timezone=schedule.timezone,
        task=TaskCreate.model_validate(schedule.task),
        created_at=schedule.created_at,
    )


def create_schedule(user_id: str, body: ScheduleCreate) -> ScheduleOut:
    """Store the schedule and make its Scheduler schedule."""
    check_startable(body.task)
    schedule = TaskSchedule(
        user_id,
        new_task_id(),
        expression=body.expression(),
        timezone=body.timezone,
        task=body.task.model_dump(mode="json"),
        created_at=datetime.now(UTC),
    )
    repository.save_schedule(schedule)
    schedules.start_on(user_id, schedule.schedule_id, schedule.expression, schedule.timezone)
    return _out(schedule)


def list_schedules(user_id: str) -> ScheduleList:
    return ScheduleList(items=[_out(s) for s in repository.schedules_of(user_id)])


def delete_schedule(user_id: str, schedule_id: str) -> None:
    """Stop a schedule (tasks it started go on)."""
    schedule = repository.find_schedule(user_id, schedule_id)
    if schedule is None:
        raise ScheduleNotFound()
    schedules.remove(schedule_id)
    repository.delete_schedule(schedule)


def fire_task_id(schedule_id: str, fire: str) -> str:
    """The task of one fire: sorted by the fire's time, and the same for a repeated delivery."""
    try:
        millis = int(datetime.fromisoformat(fire.replace("Z", "+00:00")).timestamp() * 1000)
    except ValueError:
        millis = 0
    digest = hashlib.sha256(f"{schedule_id}:{fire}".encode()).hexdigest()[:20]
    return f"{millis:012x}{digest}"


def start_scheduled(message: Start) -> None:
    """One fire of a schedule: start its task once (a repeat finds it started)."""
    schedule = repository.find_schedule(message.user_id, message.schedule_id)
    if schedule is None:
        # Its item went without it (the account's deletion sweeps items, not Scheduler): it goes now.
        schedules.remove(message.schedule_id)
        return
    task = new_task(
        message.user_id,
        fire_task_id(schedule.schedule_id, message.fire),
        TaskCreate.model_validate(schedule.task),
    )
    if repository.create_task_if_new(task):
        for step_id in lifecycle.roots(task.plan):
            lifecycle.enqueue(task, step_id)
