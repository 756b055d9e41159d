"""The end of a turn, once every branch stored its answer: a column whose branch died is reported
as interrupted, usage is recorded, the answers are cross-verified (`chat.verifying`,
`chat.verdict`) and the turn is announced finished (`chat.finished`)."""

from __future__ import annotations

import asyncio
from typing import Any

from webox import events
from webox.chat import conversations, repository, search
from webox.chat.jobs import Fanout
from webox.chat.schemas import AnswerOut, TurnOut
from webox.logging import get_logger
from webox.providers import registry
from webox.realtime.protocol import ChatError, ChatFinished, ChatVerdict, ChatVerifying
from webox.realtime.service import Audience
from webox.usage import service as usage_service
from webox.verification.schemas import ErrorOut, Verdict


async def finish_turn(fanout: Fanout) -> Verdict | None:
    """Record the usage of the answers the fan-out's models gave, cross-verify the turn's finished
    answers (when asked and two or more exist) and announce the end.

    Usage is recorded here, once every branch has stored its answer and pushed `chat.done`: its
    counter updates would otherwise queue in front of the other branches' final writes."""
    audience = Audience(fanout.user_id)  # read afresh: a tab opened during the turn gets the verdict
    frame: dict[str, Any] = {
        "request_id": fanout.request_id,
        "conversation_id": fanout.conversation_id,
        "turn": fanout.turn,
    }
    current = await asyncio.to_thread(
        conversations.get_turn, fanout.user_id, fanout.conversation_id, fanout.turn
    )
    ran = set(fanout.models)
    for answer in current.answers:
        if answer.status in {"pending", "streaming"}:  # its branch died without storing an answer
            await _interrupted(fanout, answer, audience, frame)
    recording = asyncio.create_task(
        asyncio.to_thread(_record_usage, fanout, [a for a in current.answers if a.model in ran])
    )
    indexing = asyncio.create_task(asyncio.to_thread(_index, fanout, current))
    done = {a.model: a.text for a in current.answers if a.status == "done" and a.text}
    verdict = None
    if current.verify and len(done) >= 2:
        verdict = await _cross_verify(fanout, current.content, done, audience, frame, current.judge)
    await recording
    await indexing
    await asyncio.to_thread(audience.send, ChatFinished(**frame))
    await asyncio.to_thread(
        events.publish, fanout.user_id, "chat.finished", {**frame, "models": sorted(done)}
    )
    return verdict


async def _interrupted(fanout: Fanout, answer: AnswerOut, audience: Audience, frame: dict[str, Any]) -> None:
    """Store and announce as failed an answer whose branch never stored one."""
    answer.status, answer.error = (
        "error",
        ErrorOut(code="interrupted", message="The model stopped unexpectedly"),
    )
    await asyncio.to_thread(
        repository.finish_answer,
        fanout.user_id,
        fanout.conversation_id,
        fanout.turn,
        answer.model,
        answer.text,
        status="error",
        error_code="interrupted",
        error_message=answer.error.message,
    )
    await asyncio.to_thread(
        audience.send,
        ChatError(**frame, model=answer.model, code="interrupted", message=answer.error.message),
    )


async def _cross_verify(
    fanout: Fanout,
    question: str,
    answers: dict[str, str],
    audience: Audience,
    frame: dict[str, Any],
    judge: str | None,
) -> Verdict:
    """Have the judge (the turn's, chosen and counted when it started) compare the answers; the
    verdict is stored and pushed."""
    from webox.verification import service as verification

    await asyncio.to_thread(audience.send, ChatVerifying(**frame))
    verdict = await verification.cross_verify(
        fanout.user_id, question, answers, request_id=fanout.request_id, judge=judge
    )
    await asyncio.to_thread(
        repository.save_verdict,
        fanout.user_id,
        fanout.conversation_id,
        fanout.turn,
        verdict.model_dump(mode="json"),
    )
    await asyncio.to_thread(audience.send, ChatVerdict(**frame, verdict=verdict))
    return verdict


def _index(fanout: Fanout, turn: TurnOut) -> None:
    """Make the turn's message and the answers this fan-out gave searchable; a failure only
    leaves them out of the search."""
    try:
        search.index_turn(fanout.user_id, fanout.conversation_id, turn, fanout.models)
    except Exception:
        get_logger().warning("indexing failed", extra={"turn": fanout.turn}, exc_info=True)


def _record_usage(fanout: Fanout, answers: list[AnswerOut]) -> None:
    """One usage record per answer of the turn (what the dashboard and the quotas count); only what
    the platform's keys answered is billed to the plan."""
    usage_service.record_safely(
        *(
            usage_service.Usage(
                user_id=fanout.user_id,
                feature="chat",
                model=answer.model,
                vendor=registry.get_model(answer.model).vendor,
                request_id=fanout.request_id,
                status=answer.status,
                input_tokens=answer.usage.input_tokens,
                output_tokens=answer.usage.output_tokens,
                cost=answer.cost,
                ttft_ms=answer.ttft_ms,
                duration_ms=answer.duration_ms,
                error_code=answer.error.code if answer.error else None,
                simulated=answer.simulated,
                billed=fanout.key_sources.get(answer.model) == "platform",
            )
            for answer in answers
        )
    )
