"""Task tables: the task, one item per step run, and the side effects already done, all keyed by owner.

A step's item is keyed `<task_id>#<step_id>`, so a Query on the owner's partition with the task id
as prefix reads a task's steps; ids start with the creation time (`new_id`), so the owner's tasks
list newest first without an index.
"""

from __future__ import annotations

import secrets
import time

from pynamodb.attributes import (
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from webox.db import TableMeta, table_name


def new_task_id() -> str:
    """32 hex characters: milliseconds since the epoch, then 80 random bits (sorts by creation)."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(10)}"


class Task(Model):
    """One task: its plan (a graph of steps), where it stands, what it cost and may cost.

    `version` is the optimistic lock of every status change; `seq` numbers the progress frames
    (incremented on its own, so pushing never conflicts with a status change); `run` grows when the
    task is re-run, so messages of an earlier run are recognised and dropped."""

    class Meta(TableMeta):
        table_name = table_name("tasks")

    user_id = UnicodeAttribute(hash_key=True)
    task_id = UnicodeAttribute(range_key=True)
    kind = UnicodeAttribute()
    title = UnicodeAttribute(null=True)
    status = UnicodeAttribute()
    plan = JSONAttribute()  # type: ignore[no-untyped-call]
    run = NumberAttribute(default=1)
    version = NumberAttribute(default=0)
    seq = NumberAttribute(default=0)
    cost_micro_usd = NumberAttribute(default=0)
    budget_micro_usd = NumberAttribute(null=True)
    error_code = UnicodeAttribute(null=True)
    error_message = UnicodeAttribute(null=True)
    # Step id → the ids of the steps it added to the plan (`Expand`): a replay adds nothing twice,
    # and a re-run of the step takes its additions back before it runs again.
    expansions = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    finished_at = UTCDateTimeAttribute(null=True)


class TaskStep(Model):
    """The run of one step of a task (the latest: a retry or a re-run replaces it)."""

    class Meta(TableMeta):
        table_name = table_name("task_steps")

    user_id = UnicodeAttribute(hash_key=True)
    step_key = UnicodeAttribute(range_key=True)  # <task_id>#<step_id>
    task_id = UnicodeAttribute()
    step_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    status = (
        UnicodeAttribute()
    )  # pending | running | waiting_approval | waiting_schedule | succeeded | failed | cancelled | skipped
    run = NumberAttribute(default=1)
    attempt = NumberAttribute(default=0)
    input = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    output = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    output_key = UnicodeAttribute(null=True)  # an output over OUTPUT_INLINE_BYTES, in the `tasks` bucket
    tokens_in = NumberAttribute(default=0)
    tokens_out = NumberAttribute(default=0)
    cost_micro_usd = NumberAttribute(default=0)
    latency_ms = NumberAttribute(null=True)
    error_code = UnicodeAttribute(null=True)
    error_message = UnicodeAttribute(null=True)
    # A join's predecessors that have finished (an ADD to a set: a replayed branch counts once).
    arrived = UnicodeSetAttribute(null=True)
    # Those of `arrived` that did not take this step (skipped, or naming it in their `skip_next`).
    skipped_from = UnicodeSetAttribute(null=True)
    # The successors this step's result did not take (`StepResult.skip`), kept for a replay.
    skip_next = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    # The output the approver wrote, which the step succeeds with instead of running its kind.
    edited_output = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    decision = UnicodeAttribute(null=True)  # approved | rejected, for a step that needs approval
    # The nonce of the one approval link that may still be used (cleared by its use: single use).
    approval_nonce = UnicodeAttribute(null=True)
    resume_at = UTCDateTimeAttribute(null=True)  # a waiting step's due time
    started_at = UTCDateTimeAttribute(null=True)
    finished_at = UTCDateTimeAttribute(null=True)


class TaskEffect(Model):
    """A side effect a step started or finished, under its idempotency key `task:step:call`: a replayed
    step finds it and returns the recorded result instead of doing it again."""

    class Meta(TableMeta):
        table_name = table_name("task_effects")

    user_id = UnicodeAttribute(hash_key=True)
    key = UnicodeAttribute(range_key=True)  # <task_id>:<step_id>:<call>
    status = UnicodeAttribute()  # in_progress | done
    result = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    claimed_until = NumberAttribute()  # epoch seconds: an in-progress claim older than this is void
    expires_at = TTLAttribute()


class TaskSchedule(Model):
    """A user's schedule: the task it starts, when (`at(...)` or `cron(...)` in `timezone`). Its
    EventBridge Scheduler schedule is named after it (`u<schedule_id>`)."""

    class Meta(TableMeta):
        table_name = table_name("task_schedules")

    user_id = UnicodeAttribute(hash_key=True)
    schedule_id = UnicodeAttribute(range_key=True)
    expression = UnicodeAttribute()
    timezone = UnicodeAttribute()
    task = JSONAttribute()  # type: ignore[no-untyped-call]  # a TaskCreate
    created_at = UTCDateTimeAttribute()
