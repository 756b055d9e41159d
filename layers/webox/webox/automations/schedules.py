"""Schedules of automations, on the task engine's user schedules (one EventBridge Scheduler schedule
each, Europe/Paris by default): listed with their next fire time, paused and resumed (the Scheduler
schedule DISABLED / ENABLED), deleted; a plan limits how many a user keeps."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import TypeAdapter

from webox.automations import repository, targets
from webox.automations.errors import ScheduleLimit, ScheduleNotFound
from webox.automations.models import AutomationSchedule
from webox.automations.schemas import (
    AutomationScheduleCreate,
    AutomationScheduleList,
    AutomationScheduleOut,
    Target,
)
from webox.aws import client
from webox.db import utcnow
from webox.tasks import repository as tasks_repository
from webox.tasks import schedules as engine_schedules
from webox.tasks import schemas as task_schemas
from webox.tasks import user_schedules
from webox.tasks.expressions import due_time
from webox.tasks.models import TaskSchedule

# Schedules a user may keep, by plan (plans.json has no field for it yet; a plan not named: the most).
LIMITS = {"free": 3, "pro": 25, "team": 100}
_TARGET: TypeAdapter[object] = TypeAdapter(Target)


def limit_of(user_id: str) -> int:
    from webox.billing import quota

    return LIMITS.get(str(quota.plan_of(user_id).id), max(LIMITS.values()))


def next_fire(expression: str, timezone: str, after: datetime) -> datetime | None:
    """When the schedule fires next (None: a one-time schedule in the past)."""
    try:
        return due_time(expression, timezone, after)
    except ValueError:
        return None


def _out(item: AutomationSchedule, engine: TaskSchedule) -> AutomationScheduleOut:
    return AutomationScheduleOut(
        schedule_id=item.schedule_id,
        label=item.label,
        expression=engine.expression,
        timezone=engine.timezone,
        paused=bool(item.paused),
        next_fire_at=None
        if item.paused
        else next_fire(engine.expression, engine.timezone, datetime.now(UTC)),
        target=_TARGET.validate_python(item.target),  # type: ignore[arg-type]
        created_at=item.created_at,
    )


def create(user_id: str, body: AutomationScheduleCreate) -> AutomationScheduleOut:
    limit = limit_of(user_id)
    if len(repository.schedules_of(user_id)) >= limit:
        raise ScheduleLimit(f"Your plan keeps {limit} schedules at most")
    targets.check(user_id, body.target)
    made = user_schedules.create_schedule(
        user_id,
        task_schemas.ScheduleCreate(
            cron=body.cron_expression(),
            run_at=body.run_at,
            timezone=body.timezone,
            task=targets.task_for(body.target, body.label),
        ),
    )
    item = AutomationSchedule(
        user_id,
        made.schedule_id,
        label=body.label,
        target=body.target.model_dump(mode="json"),
        paused=False,
        created_at=utcnow(),
    )
    repository.save_schedule(item)
    engine = tasks_repository.find_schedule(user_id, made.schedule_id)
    assert engine is not None
    return _out(item, engine)


def list_schedules(user_id: str) -> AutomationScheduleList:
    items = []
    for item in repository.schedules_of(user_id):
        engine = tasks_repository.find_schedule(user_id, item.schedule_id)
        if engine is not None:
            items.append(_out(item, engine))
    return AutomationScheduleList(items=items, limit=limit_of(user_id))


def _owned(user_id: str, schedule_id: str) -> tuple[AutomationSchedule, TaskSchedule]:
    item = repository.find_schedule(user_id, schedule_id)
    engine = tasks_repository.find_schedule(user_id, schedule_id) if item else None
    if item is None or engine is None:
        raise ScheduleNotFound()
    return item, engine


def set_paused(user_id: str, schedule_id: str, paused: bool) -> AutomationScheduleOut:
    """Pause (no fire until resumed) or resume: the Scheduler schedule's state follows."""
    item, engine = _owned(user_id, schedule_id)
    scheduler = client("scheduler")
    name, group = engine_schedules.user_schedule_name(schedule_id), engine_schedules.group_name()
    current = scheduler.get_schedule(GroupName=group, Name=name)
    update = {
        key: current[key]
        for key in ("ScheduleExpression", "ScheduleExpressionTimezone", "FlexibleTimeWindow", "Target")
        if key in current
    }
    if current.get("ActionAfterCompletion"):
        update["ActionAfterCompletion"] = current["ActionAfterCompletion"]
    scheduler.update_schedule(GroupName=group, Name=name, State="DISABLED" if paused else "ENABLED", **update)
    repository.set_paused(item, paused)
    return _out(item, engine)


def delete(user_id: str, schedule_id: str) -> None:
    item, _ = _owned(user_id, schedule_id)
    user_schedules.delete_schedule(user_id, schedule_id)
    repository.delete_schedule(item)
