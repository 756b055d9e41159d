"""The engine's FIFO queues and their message: "advance task T at step S" (everything else is in the
items); which queue carries a task's steps depends on its kind (`queue_for`)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

QUEUE = "tasks"
SCHEDULE_GROUP = "tasks"  # EventBridge Scheduler group of the schedules that resume tasks
# Deliveries of a message before SQS moves it to its queue's DLQ; the worker fails the task on the last.
MAX_RECEIVES = 3
# Task kinds whose steps a worker of their own runs, on its own queue, and that queue. Account export
# and deletion (`webox.account.jobs`) reach every feature's tables and buckets: the tasks worker, which
# runs users' workflows and agents, must not hold those grants. Such tasks are started and driven by
# their feature only (`service.drivable`), never wait for a date (Scheduler sends to `QUEUE` only),
# and every other kind runs on `QUEUE`.
KIND_QUEUES: dict[str, str] = {"account_export": "account", "account_deletion": "account"}


def queue_for(kind: str) -> str:
    """The queue whose worker runs the steps of a task of `kind`."""
    return KIND_QUEUES.get(kind, QUEUE)


class Advance(BaseModel):
    """Run step `step_id` of run `run` of a task; `attempt` tells a resume or retry from the first
    delivery (it is part of the deduplication id, so SQS drops only true repeats)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    user_id: str = Field(min_length=1, max_length=64)
    task_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    step_id: str = Field(min_length=1, max_length=40)
    run: int = Field(ge=1)
    attempt: int = Field(ge=1)

    @property
    def deduplication_id(self) -> str:
        """`task:step:attempt` (with the run: a re-run's messages are new)."""
        return f"{self.task_id}:{self.step_id}:{self.run}.{self.attempt}"


class Start(BaseModel):
    """Start the task of a user's schedule, for the fire at `fire` (EventBridge Scheduler fills it in
    with the scheduled time: each fire's message differs, and a repeat of one fire starts nothing)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    user_id: str = Field(min_length=1, max_length=64)
    schedule_id: str = Field(pattern=r"^[0-9a-f]{32}$")
    fire: str = Field(min_length=1, max_length=64)


# The scheduled time, as EventBridge Scheduler substitutes it in a target's input.
SCHEDULED_TIME = "<aws.scheduler.scheduled-time>"
