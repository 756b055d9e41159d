"""What a restart of `webox dev` must put right in the data it restored.

On AWS the work in flight outlives any one function: Step Functions retries a branch and catches its
failure, so every answer ends; an SQS message comes back after its visibility timeout, so a task's
step runs again after a crash. The embedded AWS keeps its items but not queued messages or schedules:
after Ctrl-C, an answer that was streaming (or not started) would stay pending for ever, and an active
task would wait for a message that no longer exists. At start-up:

- each such answer becomes an error, `interrupted`, which the page shows with its Retry button;
  every answer already finished is left exactly as it was;
- each active task gets the messages it was waiting for again: a step that was running is delivered
  again (the engine's `once` keeps its side effects from repeating), a step whose predecessors are
  done is delivered, a step waiting for its date is scheduled again.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

FINAL = frozenset({"done", "error", "stopped"})
MESSAGE = "WeBox was stopped while this answer was being written: retry it."


def interrupted_answers() -> int:
    """End every answer of a stored turn that has none final yet; how many were ended. A scan: this
    runs once, locally, on the restored data."""
    from webox.chat import repository
    from webox.chat.models import ChatItem

    turns: dict[tuple[str, int], ChatItem] = {}
    final: dict[tuple[str, int], set[str]] = defaultdict(set)
    for item in ChatItem.scan(ChatItem.kind.is_in("turn", "answer")):
        key = (item.pk, int(item.turn))
        if item.kind == "turn":
            turns[key] = item
        elif item.status in FINAL and item.model:
            final[key].add(item.model)
    ended = 0
    for (pk, turn), item in turns.items():
        user_id, _, conversation_id = pk.partition("#")
        for model in [str(m) for m in item.models or []]:
            if model in final[(pk, turn)]:
                continue
            repository.finish_answer(
                user_id,
                conversation_id,
                turn,
                model,
                "",
                status="error",
                error_code="interrupted",
                error_message=MESSAGE,
                key_source=(item.key_sources or {}).get(model),
                simulated=int((item.key_sources or {}).get(model) == "simulated"),
            )
            ended += 1
    return ended


def resumed_tasks() -> int:
    """Deliver again what every active task was waiting for; how many steps were. A scan: this runs
    once, locally, on the restored data."""
    from webox.db import utcnow
    from webox.tasks import lifecycle, repository, schedules
    from webox.tasks.models import Task

    resumed = 0
    for task in Task.scan(Task.status.is_in(*lifecycle.ACTIVE)):
        items = {
            step_id: item
            for step_id, item in repository.steps(task.user_id, task.task_id).items()
            if int(item.run) == int(task.run)
        }
        for spec in task.plan:
            item = items.get(spec["id"])
            status = item.status if item is not None else None
            attempt = int(item.attempt) + 1 if item is not None else 1
            if status == "waiting_schedule" and item is not None and item.resume_at is not None:
                if item.resume_at > utcnow():
                    advance, group = lifecycle.message(task, spec["id"], attempt)
                    schedules.resume_at(task.kind, advance, group, item.resume_at)
                else:
                    lifecycle.enqueue(task, spec["id"], attempt)
            elif status == "running" or (status in (None, "pending") and _ready(spec, items)):
                lifecycle.enqueue(task, spec["id"], attempt)
            else:
                continue
            resumed += 1
        if all(item.status in {"succeeded", "skipped"} for item in items.values()) and len(items) == len(
            task.plan
        ):
            # Every step done, the task not marked so: a last step's repeat delivery finishes it.
            lifecycle.enqueue(task, task.plan[-1]["id"], int(items[task.plan[-1]["id"]].attempt) + 1)
            resumed += 1
    return resumed


def _ready(spec: dict[str, Any], items: dict[str, Any]) -> bool:
    """Whether a step not started yet was let through: a first step, or one whose predecessors have
    all finished and one of which took it."""
    from webox.tasks import lifecycle

    after = spec.get("after") or []
    finished = [
        item
        for step_id in after
        if (item := items.get(step_id)) is not None and item.status in {"succeeded", "skipped"}
    ]
    if len(finished) < len(after):
        return False
    return not after or any(not lifecycle.skips(item, spec["id"]) for item in finished)
