"""Step Functions tasks of the chat fan-out: `branch` (one model) and `merge` (verdict, end of turn)."""

from __future__ import annotations

from typing import Any

from webox import aio
from webox.chat import service as chat_service


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """Run one step; the state machine's payload says which."""
    if event["step"] == "branch":
        job = chat_service.BranchJob(
            user_id=event["user_id"],
            conversation_id=event["conversation_id"],
            turn=int(event["turn"]),
            request_id=event["request_id"],
            model=event["model"],
            opening=event.get("opening"),
            connections=event.get("connections"),
        )
        return aio.run(chat_service.run_branch(job))
    if event["step"] == "merge":
        verdict = aio.run(
            chat_service.finish_turn(
                event["user_id"],
                event["conversation_id"],
                int(event["turn"]),
                event["request_id"],
                event.get("models"),
            )
        )
        return {"verdict": verdict is not None}
    raise ValueError(f"unknown step {event['step']!r}")
