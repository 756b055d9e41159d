"""The export document (`ConversationExport`) of a stored conversation: what the user saw — each
turn's message, every model's answer with its name, status, usage, cost and timings, and the
verdict. Every format prints this same document."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from webox.db import utcnow
from webox.errors import WeboxError
from webox.export.schemas import (
    ConversationExport,
    ExportedAnswer,
    ExportedContradiction,
    ExportedConversation,
    ExportedError,
    ExportedParams,
    ExportedTotals,
    ExportedTurn,
    ExportedUsage,
    ExportedVerdict,
)

if TYPE_CHECKING:
    from webox.chat.schemas import AnswerOut, ConversationDetail, TurnOut
    from webox.verification.schemas import Verdict

UTC_ZONE = ZoneInfo("UTC")


def model_label(model_id: str) -> tuple[str, str | None]:
    """(display name, vendor) of a model; a model gone from the registry shows its id."""
    # imported here: the share API builds documents only for a conversation's link or export, not
    # for its other routes
    from webox.providers import registry

    try:
        info = registry.get_model(model_id)
    except WeboxError:
        return model_id, None
    return info.display_name, info.vendor


def _answer(answer: AnswerOut) -> ExportedAnswer:
    name, vendor = model_label(answer.model)
    return ExportedAnswer(
        model=answer.model,
        model_name=name,
        vendor=vendor,
        status=answer.status,
        text=answer.text,
        usage=ExportedUsage(**answer.usage.model_dump()),
        cost=answer.cost,
        ttft_ms=answer.ttft_ms,
        duration_ms=answer.duration_ms,
        error=ExportedError(**answer.error.model_dump()) if answer.error else None,
        simulated=answer.simulated,
    )


def _verdict(verdict: Verdict) -> ExportedVerdict:
    return ExportedVerdict(
        judge_model=verdict.judge_model,
        agreement=verdict.agreement,
        shared_points=list(verdict.shared_points),
        contradictions=[
            ExportedContradiction(topic=c.topic, claims=dict(c.claims)) for c in verdict.contradictions
        ],
        fused_answer=verdict.fused_answer,
        error=ExportedError(**verdict.error.model_dump()) if verdict.error else None,
        simulated=verdict.simulated,
    )


def _in(moment: datetime, zone: ZoneInfo) -> datetime:
    """`moment` (stored in UTC) as the reader's clock shows it."""
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(zone)


def _turn(turn: TurnOut, zone: ZoneInfo) -> ExportedTurn:
    return ExportedTurn(
        turn=turn.turn,
        created_at=_in(turn.created_at, zone),
        content=turn.content,
        models=list(turn.models),
        chosen_model=turn.chosen_model,
        params=ExportedParams(**turn.params.model_dump()),
        answers=[_answer(a) for a in turn.answers],
        verdict=_verdict(turn.verdict) if turn.verdict else None,
    )


def document(
    detail: ConversationDetail, *, exported_at: datetime | None = None, zone: ZoneInfo = UTC_ZONE
) -> ConversationExport:
    """The export document of a stored conversation, its dates in the reader's time zone `zone`."""
    turns = [_turn(t, zone) for t in detail.turns]
    answers = [a for t in turns for a in t.answers]
    return ConversationExport(
        exported_at=_in(exported_at or utcnow(), zone),
        conversation=ExportedConversation(
            id=detail.id,
            title=detail.title,
            created_at=_in(detail.created_at, zone),
            updated_at=_in(detail.updated_at, zone),
            turn_count=detail.turn_count,
        ),
        totals=ExportedTotals(
            input_tokens=sum(a.usage.input_tokens for a in answers),
            output_tokens=sum(a.usage.output_tokens for a in answers),
            cost=round(sum(a.cost for a in answers), 6),
        ),
        turns=turns,
    )
