"""A conversation's stored items read back as the turns the user sees (what a reconnect rebuilds)."""

from __future__ import annotations

from webox.chat import attachments, repository, versions
from webox.chat.models import ChatItem
from webox.chat.schemas import AnswerOut, ChatParams, TurnOut, UsageOut
from webox.verification.schemas import ErrorOut, Verdict


def tree_of(items: list[ChatItem]) -> dict[int, int]:
    """`{turn: parent}` of the turn items among `items`."""
    return {int(i.turn): versions.parent_of(int(i.turn), i.parent) for i in items if i.kind == "turn"}


def turns_from(items: list[ChatItem], tree: versions.Tree | None = None) -> list[TurnOut]:
    """The turns of `items` in order, each with one answer per model it asked (pending until that
    model's branch stores its own), its verdict, and its versions in `tree` (default: the turns of
    `items`)."""
    tree = tree if tree is not None else tree_of(items)
    turns: dict[int, TurnOut] = {}
    answers: dict[int, dict[str, AnswerOut]] = {}
    key_sources: dict[int, dict[str, str]] = {}
    for item in items:
        n = int(item.turn)
        if item.kind == "turn":
            key_sources[n] = dict(item.key_sources or {})
            turns[n] = _turn_out(item)
        elif item.kind == "answer" and item.model:
            answers.setdefault(n, {})[item.model] = _answer_out(item)
        elif item.kind == "verdict" and item.verdict and n in turns:
            turns[n].verdict = Verdict(**item.verdict)
    for n, turn in turns.items():
        by_model = answers.get(n, {})
        sources = key_sources.get(n, {})
        turn.answers = [by_model.get(m) or _pending(m, sources.get(m)) for m in turn.models]
        turn.versions = versions.versions(tree, n) or [n]
    return [turns[n] for n in sorted(turns)]


def _turn_out(item: ChatItem) -> TurnOut:
    params = {k: v for k, v in (item.params or {}).items() if k in ChatParams.model_fields}
    parent = versions.parent_of(int(item.turn), item.parent)
    return TurnOut(
        turn=int(item.turn),
        parent=parent or None,
        request_id=item.request_id,
        content=item.content or "",
        models=list(item.models or []),
        params=ChatParams(**params),
        chosen_model=item.chosen_model,
        verify=item.verify != "off",
        judge=item.judge,
        assistant_id=item.assistant_id,
        assistant_name=item.assistant_name,
        attachments=[a.out() for a in attachments.of_item(item)],
        created_at=item.created_at,
        answers=[],
    )


def _answer_out(item: ChatItem) -> AnswerOut:
    error = ErrorOut(code=item.error_code, message=item.error_message or "") if item.error_code else None
    return AnswerOut(
        model=item.model or "",
        status=item.status or "pending",  # type: ignore[arg-type]
        text=repository.answer_text(item),
        usage=UsageOut(input_tokens=int(item.input_tokens or 0), output_tokens=int(item.output_tokens or 0)),
        cost=float(item.cost or 0),
        ttft_ms=int(item.ttft_ms) if item.ttft_ms is not None else None,
        duration_ms=int(item.duration_ms) if item.duration_ms is not None else None,
        error=error,
        simulated=bool(item.simulated),
    )


def _pending(model: str, key_source: str | None) -> AnswerOut:
    """A model of a turn whose branch has not stored its answer yet."""
    return AnswerOut(
        model=model,
        status="pending",
        text="",
        usage=UsageOut(input_tokens=0, output_tokens=0),
        cost=0.0,
        ttft_ms=None,
        duration_ms=None,
        error=None,
        simulated=key_source == "simulated",
    )
