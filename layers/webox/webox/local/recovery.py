"""What a restart of `webox dev` must put right in the data it restored.

On AWS a turn's fan-out outlives any one function: Step Functions retries a branch and catches its
failure, so every answer ends. The embedded AWS keeps its items but not the work in flight: after
Ctrl-C, an answer that was streaming (or not started) would stay pending for ever. At start-up each
such answer becomes an error, `interrupted`, which the page shows with its Retry button; every answer
already finished is left exactly as it was.
"""

from __future__ import annotations

from collections import defaultdict

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
