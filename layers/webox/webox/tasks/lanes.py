"""Message groups of a plan: one per chain of steps, so a task's parallel branches run at once.

SQS FIFO delivers one message of a group at a time. A task whose steps form one chain uses the task
id as its group (no two workers advance it at once); a fork gives each branch a group of its own
(`<task id>.<first step of the branch>`) and the join returns to a group named after itself. Steps
of one chain are enqueued one after the other anyway (a step is enqueued only once its predecessors
are done), so a group never holds two steps that could run together.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def lanes(plan: Sequence[dict[str, Any]]) -> dict[str, str]:
    """Step id → lane name (`""` for the task's main chain)."""
    successors: dict[str, int] = {step["id"]: 0 for step in plan}
    for step in plan:
        for before in step.get("after", []):
            successors[before] += 1
    roots = [s for s in plan if not s.get("after")]
    found: dict[str, str] = {}
    for step in plan:
        after = step.get("after", [])
        if not after:
            found[step["id"]] = "" if len(roots) == 1 else step["id"]
        elif len(after) == 1 and successors[after[0]] == 1:
            found[step["id"]] = found[after[0]]
        else:
            found[step["id"]] = step["id"]  # a branch of a fork, or a join
    return found


def group_id(task_id: str, lane: str) -> str:
    """The FIFO message group of a lane of a task."""
    return f"{task_id}.{lane}" if lane else task_id
