"""The Markdown export: answers and the fused answer as the models wrote them (they are Markdown)."""

from __future__ import annotations

from webox.export import wording
from webox.export.schemas import ConversationExport, ExportedTurn, ExportedVerdict


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines() or [""])


def _closed(markdown: str) -> str:
    """A model's Markdown with any code fence it left open closed, so it cannot swallow what follows."""
    fences = sum(1 for line in markdown.splitlines() if line.lstrip().startswith("```"))
    return f"{markdown}\n```" if fences % 2 else markdown


def to_markdown(doc: ConversationExport, labels: dict[str, str]) -> str:
    """Markdown: answers and the fused answer as the models wrote them (they are Markdown)."""
    out = [f"# {doc.conversation.title}", ""]
    out += [f"- **{name}** : {value}" for name, value in wording.header_lines(doc, labels)]
    for turn in doc.turns:
        out += _turn(turn, labels)
    return "\n".join(out).rstrip() + "\n"


def _turn(turn: ExportedTurn, labels: dict[str, str]) -> list[str]:
    out = ["", "---", "", f"## {labels['turn']} {turn.turn} — {wording.when(turn.created_at)}", ""]
    if turn.params.system:
        out += [f"**{labels['system']}** :", "", _quote(turn.params.system), ""]
    out += [f"**{labels['you']}** :", "", _quote(turn.content)]
    for answer in turn.answers:
        heading = wording.answer_heading(answer, turn, labels)
        out += ["", f"### {heading}", "", f"*{wording.metrics(answer, labels)}*", ""]
        error = wording.error_line(answer.error, labels)
        if error:
            out += [f"> {error}", ""]
        out.append(_closed(answer.text) if answer.text else f"*{labels['empty']}*")
    if turn.verdict:
        out += _verdict(turn.verdict, labels)
    return out


def _verdict(verdict: ExportedVerdict, labels: dict[str, str]) -> list[str]:
    out = ["", f"### {wording.verdict_heading(verdict, labels)}", ""]
    if verdict.shared_points:
        out += [
            f"**{labels['shared_points']}** :",
            "",
            *(f"- {p}" for p in verdict.shared_points),
            "",
        ]
    if verdict.contradictions:
        out += [f"**{labels['contradictions']}** :", ""]
        for contradiction in verdict.contradictions:
            out.append(f"- **{contradiction.topic}**")
            out += [f"  - {name} : {claim}" for name, claim in wording.claims(contradiction)]
        out.append("")
    if verdict.fused_answer:
        out += [f"**{labels['fused']}** :", "", _closed(verdict.fused_answer)]
    return out
