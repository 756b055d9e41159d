"""The plain-text export, for reading anywhere."""

from __future__ import annotations

from webox.export import wording
from webox.export.schemas import ConversationExport, ExportedTurn, ExportedVerdict

RULE = "=" * 72


def _underlined(title: str) -> list[str]:
    return [title, "-" * min(len(title), 72)]


def to_text(doc: ConversationExport, labels: dict[str, str]) -> str:
    """Plain text, for reading anywhere."""
    out = [doc.conversation.title, RULE]
    out += [f"{name} : {value}" for name, value in wording.header_lines(doc, labels)]
    for turn in doc.turns:
        out += _turn(turn, labels)
    return "\n".join(out).rstrip() + "\n"


def _turn(turn: ExportedTurn, labels: dict[str, str]) -> list[str]:
    out = ["", RULE, f"{labels['turn']} {turn.turn} — {wording.when(turn.created_at)}", RULE, ""]
    if turn.params.system:
        out += [f"{labels['system']} :", turn.params.system, ""]
    out += [f"{labels['you']} :", turn.content]
    for answer in turn.answers:
        out += [
            "",
            *_underlined(wording.answer_heading(answer, turn, labels)),
            wording.metrics(answer, labels),
        ]
        error = wording.error_line(answer.error, labels)
        if error:
            out.append(error)
        out += ["", answer.text or labels["empty"]]
    if turn.verdict:
        out += _verdict(turn.verdict, labels)
    return out


def _verdict(verdict: ExportedVerdict, labels: dict[str, str]) -> list[str]:
    out = ["", *_underlined(wording.verdict_heading(verdict, labels))]
    if verdict.shared_points:
        out += [f"{labels['shared_points']} :", *(f"  - {p}" for p in verdict.shared_points)]
    if verdict.contradictions:
        out.append(f"{labels['contradictions']} :")
        for contradiction in verdict.contradictions:
            out.append(f"  - {contradiction.topic}")
            out += [f"      {name} : {claim}" for name, claim in wording.claims(contradiction)]
    if verdict.fused_answer:
        out += ["", f"{labels['fused']} :", verdict.fused_answer]
    return out
