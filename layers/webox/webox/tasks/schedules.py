"""Resuming a task at a date through EventBridge Scheduler: a one-time schedule in WeBox's `tasks`
schedule group whose target sends the resume message to the FIFO queue of the task's kind (the
group's role sends to the tasks queue only: the engine lets no task of another queue wait), then
deletes itself.

Rules would be capped at 300 per bus; Scheduler holds millions. Locally moto stores the schedule and
`webox.local.scheduler` fires it.
"""

from __future__ import annotations

import contextlib
import hashlib
import math
import os
from datetime import UTC, datetime
from functools import cache

from webox.aws import client
from webox.config import resource_env, resource_name
from webox.queue import queue_url
from webox.tasks.jobs import QUEUE, SCHEDULE_GROUP, SCHEDULED_TIME, Advance, Start, queue_for

GROUP = SCHEDULE_GROUP


def group_name() -> str:
    return resource_name(GROUP)


@cache
def _queue_arn(logical: str, url: str) -> str:
    """The ARN of the queue `logical` at `url` (CDK passes it; otherwise asked once)."""
    configured = os.environ.get(resource_env("queue_arn", logical))
    if configured:
        return configured
    attributes = client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]
    return str(attributes["QueueArn"])


def _role_arn() -> str:
    """The role Scheduler assumes to send to the queue (CDK passes it; locally nothing checks it)."""
    return os.environ.get(resource_env("scheduler_role", GROUP)) or "arn:aws:iam::000000000000:role/local"


def schedule_name(message: Advance) -> str:
    digest = hashlib.sha256(message.deduplication_id.encode()).hexdigest()[:20]
    return f"t{message.task_id}-{digest}"


def at_expression(when: datetime) -> str:
    """`at(...)` in UTC, rounded up to the second (a schedule never fires before `when`)."""
    seconds = math.ceil(when.astimezone(UTC).timestamp())
    return f"at({datetime.fromtimestamp(seconds, UTC):%Y-%m-%dT%H:%M:%S})"


def _create(name: str, expression: str, timezone: str, body: str, group_id: str, queue_arn: str) -> None:
    scheduler = client("scheduler")
    # A replayed step finds the same schedule made already.
    with contextlib.suppress(scheduler.exceptions.ConflictException):
        scheduler.create_schedule(
            Name=name,
            GroupName=group_name(),
            ScheduleExpression=expression,
            ScheduleExpressionTimezone=timezone,
            FlexibleTimeWindow={"Mode": "OFF"},
            # A one-time schedule goes once fired; a cron one stays.
            ActionAfterCompletion="DELETE" if expression.startswith("at(") else "NONE",
            Target={
                "Arn": queue_arn,
                "RoleArn": _role_arn(),
                "Input": body,
                "SqsParameters": {"MessageGroupId": group_id},
            },
        )


def resume_at(kind: str, message: Advance, group_id: str, when: datetime) -> str:
    """Send `message` to the queue of a task of `kind` at `when`; returns the schedule's name."""
    name = schedule_name(message)
    # The queue named where its URL is asked for: `infra.grants` reads a send's queue at that call.
    target = _queue_arn(queue_for(kind), queue_url(queue_for(kind), fifo=True))
    _create(name, at_expression(when), "UTC", message.model_dump_json(), group_id, target)
    return name


def user_schedule_name(schedule_id: str) -> str:
    return f"u{schedule_id}"


def start_on(user_id: str, schedule_id: str, expression: str, timezone: str) -> None:
    """A user's schedule: each fire sends a `Start` for that fire's time."""
    body = Start(user_id=user_id, schedule_id=schedule_id, fire=SCHEDULED_TIME).model_dump_json()
    target = _queue_arn(QUEUE, queue_url(QUEUE, fifo=True))  # the tasks worker starts the task
    _create(user_schedule_name(schedule_id), expression, timezone, body, f"s{schedule_id}", target)


def remove(schedule_id: str) -> None:
    scheduler = client("scheduler")
    with contextlib.suppress(scheduler.exceptions.ResourceNotFoundException):
        scheduler.delete_schedule(GroupName=group_name(), Name=user_schedule_name(schedule_id))
