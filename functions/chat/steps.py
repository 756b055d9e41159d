"""Step Functions tasks of the chat fan-out: `branch` (one model) and `merge` (verdict, end of turn)."""

from __future__ import annotations

from typing import Any

from webox import aio
from webox.chat import branch, merge
from webox.chat.jobs import Fanout


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Run one step; the state machine's payload says which."""
    if event["step"] == "branch":
        return aio.run(branch.run_branch(Fanout.from_payload(event), event["model"]))
    if event["step"] == "merge":
        verdict = aio.run(merge.finish_turn(Fanout.from_payload(event)))
        return {"verdict": verdict is not None}
    raise ValueError(f"unknown step {event['step']!r}")
