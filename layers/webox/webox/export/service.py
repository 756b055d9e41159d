"""Conversation exports: one document (`ConversationExport`) rendered as JSON, Markdown, HTML, text or PDF.

Every format prints the same document, built from `webox.chat.conversations.get_conversation` (what the user
saw): each turn's message, every model's answer with its name, status, usage, cost and timings, and
the verdict. Model output is untrusted: the HTML renders Markdown with raw HTML escaped (markdown-it,
`html=False`, no `javascript:` links), escapes everything else, and forbids scripts and remote
content with its own Content-Security-Policy; the PDF prints plain text.

PDF fonts: the PDF embeds DejaVu Sans (`WEBOX_EXPORT_FONT`, by default Debian's fonts-dejavu-core
path) so any Latin, Greek or Cyrillic text prints. Where that file is missing (the Lambda runtime
ships no fonts) it falls back to the PDF core font Helvetica, which covers Latin-1 only: French is
complete, typographic quotes and dashes are mapped to their ASCII forms and other characters print
as `?`. Ship the font in a layer and point `WEBOX_EXPORT_FONT` at it to get full Unicode there.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
import uuid
from collections.abc import Callable
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from pydantic_settings import BaseSettings, SettingsConfigDict

from webox import storage
from webox.chat import conversations as chat_conversations
from webox.chat.schemas import AnswerOut, ConversationDetail, TurnOut
from webox.db import utcnow
from webox.errors import WeboxError
from webox.export.schemas import (
    ConversationExport,
    Exported,
    ExportedAnswer,
    ExportedContradiction,
    ExportedConversation,
    ExportedError,
    ExportedParams,
    ExportedTotals,
    ExportedTurn,
    ExportedUsage,
    ExportedVerdict,
    Format,
)
from webox.logging import get_logger
from webox.providers import registry
from webox.verification.schemas import Verdict

MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
}
# Lambda answers at most 6 MB, and binary bodies grow by a third in base64: larger exports go
# through S3 (`exports/` prefix; a bucket lifecycle rule should expire it within a day).
INLINE_LIMIT = 4_000_000
BUCKET = "files"
# What a browser may do with an exported page: show it, with its inline style and inline images.
HTML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)


class ExportSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEBOX_EXPORT_", extra="ignore")

    font: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    font_bold: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@cache
def get_export_settings() -> ExportSettings:
    return ExportSettings()


LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "conversation": "Conversation",
        "created": "Créée le",
        "updated": "Mise à jour le",
        "exported": "Exportée le",
        "turns": "Tours",
        "turn": "Tour",
        "you": "Vous",
        "tokens": "jetons",
        "cost": "coût",
        "ttft": "premier jeton",
        "duration": "durée",
        "total": "Total",
        "verdict": "Vérification croisée",
        "judge": "juge",
        "agreement": "accord",
        "shared_points": "Points communs",
        "contradictions": "Contradictions",
        "fused": "Réponse fusionnée",
        "chosen": "réponse retenue",
        "simulated": "simulée",
        "error": "Erreur",
        "empty": "(aucun texte)",
        "done": "terminée",
        "streaming": "en cours",
        "pending": "en attente",
        "stopped": "arrêtée",
        "failed": "en erreur",
        "system": "Consigne système",
    },
    "en": {
        "conversation": "Conversation",
        "created": "Created",
        "updated": "Updated",
        "exported": "Exported",
        "turns": "Turns",
        "turn": "Turn",
        "you": "You",
        "tokens": "tokens",
        "cost": "cost",
        "ttft": "first token",
        "duration": "duration",
        "total": "Total",
        "verdict": "Cross-verification",
        "judge": "judge",
        "agreement": "agreement",
        "shared_points": "Shared points",
        "contradictions": "Contradictions",
        "fused": "Fused answer",
        "chosen": "chosen answer",
        "simulated": "simulated",
        "error": "Error",
        "empty": "(no text)",
        "done": "done",
        "streaming": "streaming",
        "pending": "pending",
        "stopped": "stopped",
        "failed": "failed",
        "system": "System prompt",
    },
}


# -- the document ------------------------------------------------------------------------------


def _model_label(model_id: str) -> tuple[str, str | None]:
    try:
        info = registry.get_model(model_id)
    except WeboxError:
        return model_id, None
    return info.display_name, info.vendor


def _answer(answer: AnswerOut) -> ExportedAnswer:
    name, vendor = _model_label(answer.model)
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


def _turn(turn: TurnOut) -> ExportedTurn:
    return ExportedTurn(
        turn=turn.turn,
        created_at=turn.created_at,
        content=turn.content,
        models=list(turn.models),
        chosen_model=turn.chosen_model,
        params=ExportedParams(**turn.params.model_dump()),
        answers=[_answer(a) for a in turn.answers],
        verdict=_verdict(turn.verdict) if turn.verdict else None,
    )


def document(detail: ConversationDetail, *, exported_at: datetime | None = None) -> ConversationExport:
    """The export document of a stored conversation."""
    turns = [_turn(t) for t in detail.turns]
    answers = [a for t in turns for a in t.answers]
    return ConversationExport(
        exported_at=exported_at or utcnow(),
        conversation=ExportedConversation(
            id=detail.id,
            title=detail.title,
            created_at=detail.created_at,
            updated_at=detail.updated_at,
            turn_count=detail.turn_count,
        ),
        totals=ExportedTotals(
            input_tokens=sum(a.usage.input_tokens for a in answers),
            output_tokens=sum(a.usage.output_tokens for a in answers),
            cost=round(sum(a.cost for a in answers), 6),
        ),
        turns=turns,
    )


def export_conversation(user_id: str, conversation_id: str, fmt: Format, *, lang: str = "fr") -> Exported:
    """The user's conversation rendered in `fmt` (404 for anyone else's)."""
    detail = chat_conversations.get_conversation(user_id, conversation_id)
    return render(document(detail), fmt, lang=lang)


def offload(user_id: str, exported: Exported) -> str | None:
    """A short-lived download URL for an export too large for a Lambda response (else None)."""
    if len(exported.body) <= INLINE_LIMIT:
        return None
    key = f"exports/{user_id}/{uuid.uuid4().hex}/{exported.filename}"
    storage.put(BUCKET, key, exported.body, exported.media_type)
    return storage.download_url(BUCKET, key, expires=300, filename=exported.filename)


def render(doc: ConversationExport, fmt: Format, *, lang: str = "fr") -> Exported:
    """Render a document in one format, with the file name to save it under."""
    labels = LABELS.get(lang, LABELS["fr"])
    body: bytes
    if fmt == "json":
        body = to_json(doc)
    elif fmt == "md":
        body = to_markdown(doc, labels).encode()
    elif fmt == "html":
        body = to_html(doc, labels, lang=lang).encode()
    elif fmt == "txt":
        body = to_text(doc, labels).encode()
    else:
        body = to_pdf(doc, labels)
    return Exported(body=body, media_type=MEDIA_TYPES[fmt], filename=filename(doc, fmt))


def filename(doc: ConversationExport, ext: str) -> str:
    """`webox-<title as ASCII slug>-<export time>.<ext>`: safe in any file system and header."""
    ascii_title = unicodedata.normalize("NFKD", doc.conversation.title).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-")[:50].rstrip("-") or "conversation"
    return f"webox-{slug}-{doc.exported_at:%Y%m%d-%H%M}.{ext}"


# -- shared formatting -------------------------------------------------------------------------


def _when(moment: datetime) -> str:
    return f"{moment:%Y-%m-%d %H:%M} UTC"


def _cost(cost: float) -> str:
    return f"{cost:.6f} $"


def _status(answer: ExportedAnswer, labels: dict[str, str]) -> str:
    return labels["failed"] if answer.status == "error" else labels[answer.status]


def _metrics(answer: ExportedAnswer, labels: dict[str, str]) -> str:
    parts = [
        f"{answer.usage.input_tokens} → {answer.usage.output_tokens} {labels['tokens']}",
        f"{labels['cost']} {_cost(answer.cost)}",
    ]
    if answer.ttft_ms is not None:
        parts.append(f"{labels['ttft']} {answer.ttft_ms} ms")
    if answer.duration_ms is not None:
        parts.append(f"{labels['duration']} {answer.duration_ms} ms")
    return " · ".join(parts)


def _heading(answer: ExportedAnswer, turn: ExportedTurn, labels: dict[str, str]) -> str:
    notes = [_status(answer, labels)]
    if turn.chosen_model == answer.model:
        notes.append(labels["chosen"])
    if answer.simulated:
        notes.append(labels["simulated"])
    return f"{answer.model_name} ({answer.model}) — {', '.join(notes)}"


def _error(error: ExportedError | None, labels: dict[str, str]) -> str | None:
    return f"{labels['error']} : {error.code} — {error.message}" if error else None


def _verdict_heading(verdict: ExportedVerdict, labels: dict[str, str]) -> str:
    judge, _ = _model_label(verdict.judge_model)
    return f"{labels['verdict']} — {labels['agreement']} {verdict.agreement} % ({labels['judge']} : {judge})"


def _claims(contradiction: ExportedContradiction) -> list[tuple[str, str]]:
    return [(_model_label(model)[0], claim) for model, claim in contradiction.claims.items()]


def _header_lines(doc: ConversationExport, labels: dict[str, str]) -> list[tuple[str, str]]:
    c = doc.conversation
    return [
        (labels["created"], _when(c.created_at)),
        (labels["updated"], _when(c.updated_at)),
        (labels["exported"], _when(doc.exported_at)),
        (labels["turns"], str(len(doc.turns))),
        (
            labels["total"],
            f"{doc.totals.input_tokens} → {doc.totals.output_tokens} {labels['tokens']} · "
            f"{labels['cost']} {_cost(doc.totals.cost)}",
        ),
    ]


# -- JSON, Markdown, text ----------------------------------------------------------------------


def to_json(doc: ConversationExport) -> bytes:
    """The document itself (schema `webox.conversation-export` v1), pretty-printed UTF-8."""
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2).encode()


def _quote(text: str) -> str:
    return "\n".join(f"> {line}" if line else ">" for line in text.splitlines() or [""])


def _closed(markdown: str) -> str:
    """A model's Markdown with any code fence it left open closed, so it cannot swallow what follows."""
    fences = sum(1 for line in markdown.splitlines() if line.lstrip().startswith("```"))
    return f"{markdown}\n```" if fences % 2 else markdown


def to_markdown(doc: ConversationExport, labels: dict[str, str]) -> str:
    """Markdown: answers and the fused answer as the models wrote them (they are Markdown)."""
    out = [f"# {doc.conversation.title}", ""]
    out += [f"- **{name}** : {value}" for name, value in _header_lines(doc, labels)]
    for turn in doc.turns:
        out += ["", "---", "", f"## {labels['turn']} {turn.turn} — {_when(turn.created_at)}", ""]
        if turn.params.system:
            out += [f"**{labels['system']}** :", "", _quote(turn.params.system), ""]
        out += [f"**{labels['you']}** :", "", _quote(turn.content)]
        for answer in turn.answers:
            out += ["", f"### {_heading(answer, turn, labels)}", "", f"*{_metrics(answer, labels)}*", ""]
            error = _error(answer.error, labels)
            if error:
                out += [f"> {error}", ""]
            out.append(_closed(answer.text) if answer.text else f"*{labels['empty']}*")
        if turn.verdict:
            verdict = turn.verdict
            out += ["", f"### {_verdict_heading(verdict, labels)}", ""]
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
                    out += [f"  - {name} : {claim}" for name, claim in _claims(contradiction)]
                out.append("")
            if verdict.fused_answer:
                out += [f"**{labels['fused']}** :", "", _closed(verdict.fused_answer)]
    return "\n".join(out).rstrip() + "\n"


def to_text(doc: ConversationExport, labels: dict[str, str]) -> str:
    """Plain text, for reading anywhere."""
    rule = "=" * 72
    out = [doc.conversation.title, rule]
    out += [f"{name} : {value}" for name, value in _header_lines(doc, labels)]
    for turn in doc.turns:
        out += ["", rule, f"{labels['turn']} {turn.turn} — {_when(turn.created_at)}", rule, ""]
        if turn.params.system:
            out += [f"{labels['system']} :", turn.params.system, ""]
        out += [f"{labels['you']} :", turn.content]
        for answer in turn.answers:
            title = _heading(answer, turn, labels)
            out += ["", title, "-" * min(len(title), 72), _metrics(answer, labels)]
            error = _error(answer.error, labels)
            if error:
                out.append(error)
            out += ["", answer.text or labels["empty"]]
        if turn.verdict:
            verdict = turn.verdict
            title = _verdict_heading(verdict, labels)
            out += ["", title, "-" * min(len(title), 72)]
            if verdict.shared_points:
                out += [f"{labels['shared_points']} :", *(f"  - {p}" for p in verdict.shared_points)]
            if verdict.contradictions:
                out.append(f"{labels['contradictions']} :")
                for contradiction in verdict.contradictions:
                    out.append(f"  - {contradiction.topic}")
                    out += [f"      {name} : {claim}" for name, claim in _claims(contradiction)]
            if verdict.fused_answer:
                out += ["", f"{labels['fused']} :", verdict.fused_answer]
    return "\n".join(out).rstrip() + "\n"


# -- HTML --------------------------------------------------------------------------------------


@cache
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    # `html=False`: raw HTML in a model's answer is printed as text, never interpreted.
    renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable(["table", "strikethrough"])

    def link_open(self: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
        tokens[idx].attrSet("rel", "nofollow noopener noreferrer")
        return str(self.renderToken(tokens, idx, options, env))

    renderer.add_render_rule("link_open", link_open)
    return renderer


def markdown_html(text: str) -> str:
    """Safe HTML of untrusted Markdown: raw HTML escaped, dangerous link schemes dropped."""
    return str(_markdown().render(text))


_CSS = """
*{box-sizing:border-box}body{margin:0;font:15px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1f2430;background:#f5f6fa}main{max-width:80rem;margin:0 auto;padding:2rem 1.25rem}
h1{font-size:1.7rem;margin:0 0 .5rem}dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem;
color:#555;margin:0 0 2rem}dl.meta dt{font-weight:600}dl.meta dd{margin:0}
section.turn{margin:0 0 2.5rem}h2{font-size:1.15rem;border-bottom:1px solid #dde;padding-bottom:.3rem}
.user{background:#e8edff;border-radius:12px;padding:.75rem 1rem;margin:0 0 1rem;white-space:pre-wrap;
overflow-wrap:anywhere}.system{background:#fff7e0}.label{font-weight:600;display:block;white-space:normal}
.answers{display:grid;grid-template-columns:repeat(auto-fit,minmax(18rem,1fr));gap:1rem;align-items:start}
article.answer{background:#fff;border:1px solid #dde;border-radius:12px;padding:.9rem 1rem;overflow-wrap:anywhere;
min-width:0}article.chosen{border-color:#3b5bdb;box-shadow:0 0 0 2px #3b5bdb33}
article h3{font-size:1rem;margin:0}.model-id{color:#777;font-weight:400;font-size:.85em}
.badges{margin:.25rem 0}.badge{display:inline-block;font-size:.75rem;padding:.05rem .45rem;border-radius:99px;
background:#eef;margin-right:.25rem}.badge.error{background:#fde2e2}.badge.done{background:#e3f6e8}
.metrics{color:#666;font-size:.8rem;margin:0 0 .5rem}.error-text{color:#b42318;font-size:.9rem}
.body pre{background:#f3f4f7;padding:.6rem;border-radius:8px;overflow:auto;white-space:pre-wrap}
.body code{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.9em}
.body table{border-collapse:collapse}.body td,.body th{border:1px solid #dde;padding:.2rem .5rem}
.body blockquote{margin:.5rem 0;padding-left:.8rem;border-left:3px solid #ccd;color:#555}
.verdict{background:#fff;border:1px solid #cfd8ff;border-radius:12px;padding:1rem;margin-top:1rem}
.verdict h3{margin:0 0 .5rem;font-size:1rem}.bar{height:8px;background:#eee;border-radius:99px;overflow:hidden;
margin:.25rem 0 .75rem}.bar span{display:block;height:100%;background:#3b5bdb}
table.claims{border-collapse:collapse;width:100%;font-size:.9rem}table.claims td,table.claims th{border:1px solid #e3e5ee;
padding:.3rem .5rem;text-align:left;vertical-align:top}table.claims th{width:25%}
footer{color:#888;font-size:.8rem;margin-top:3rem}
@media print{body{background:#fff}.answers{display:block}article.answer{margin-bottom:1rem;break-inside:avoid}}
""".strip()


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _answer_html(answer: ExportedAnswer, turn: ExportedTurn, labels: dict[str, str]) -> str:
    chosen = turn.chosen_model == answer.model
    badges = [f'<span class="badge {_e(answer.status)}">{_e(_status(answer, labels))}</span>']
    if chosen:
        badges.append(f'<span class="badge">{_e(labels["chosen"])}</span>')
    if answer.simulated:
        badges.append(f'<span class="badge">{_e(labels["simulated"])}</span>')
    error = _error(answer.error, labels)
    body = markdown_html(answer.text) if answer.text else f"<p><em>{_e(labels['empty'])}</em></p>"
    return (
        f'<article class="answer{" chosen" if chosen else ""}">'
        f'<h3>{_e(answer.model_name)} <span class="model-id">{_e(answer.model)}</span></h3>'
        f'<div class="badges">{"".join(badges)}</div>'
        f'<p class="metrics">{_e(_metrics(answer, labels))}</p>'
        + (f'<p class="error-text">{_e(error)}</p>' if error else "")
        + f'<div class="body">{body}</div></article>'
    )


def _verdict_html(verdict: ExportedVerdict, labels: dict[str, str]) -> str:
    parts = [
        f'<aside class="verdict"><h3>{_e(_verdict_heading(verdict, labels))}</h3>',
        f'<div class="bar"><span style="width:{int(verdict.agreement)}%"></span></div>',
    ]
    error = _error(verdict.error, labels)
    if error:
        parts.append(f'<p class="error-text">{_e(error)}</p>')
    if verdict.shared_points:
        items = "".join(f"<li>{_e(p)}</li>" for p in verdict.shared_points)
        parts.append(f"<h4>{_e(labels['shared_points'])}</h4><ul>{items}</ul>")
    if verdict.contradictions:
        rows = "".join(
            f"<tr><th>{_e(c.topic)}</th><td>"
            + "<br>".join(f"<strong>{_e(name)}</strong> : {_e(claim)}" for name, claim in _claims(c))
            + "</td></tr>"
            for c in verdict.contradictions
        )
        parts.append(f'<h4>{_e(labels["contradictions"])}</h4><table class="claims">{rows}</table>')
    if verdict.fused_answer:
        parts.append(
            f'<h4>{_e(labels["fused"])}</h4><div class="body">{markdown_html(verdict.fused_answer)}</div>'
        )
    parts.append("</aside>")
    return "".join(parts)


def to_html(doc: ConversationExport, labels: dict[str, str], *, lang: str = "fr") -> str:
    """One self-contained page: a column per model in each turn, then the verdict."""
    meta = "".join(f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>" for name, value in _header_lines(doc, labels))
    sections = []
    for turn in doc.turns:
        system = (
            f'<div class="user system"><span class="label">{_e(labels["system"])}</span>'
            f"{_e(turn.params.system)}</div>"
            if turn.params.system
            else ""
        )
        answers = "".join(_answer_html(a, turn, labels) for a in turn.answers)
        verdict = _verdict_html(turn.verdict, labels) if turn.verdict else ""
        sections.append(
            f'<section class="turn" id="turn-{turn.turn}">'
            f"<h2>{_e(labels['turn'])} {turn.turn} <small>{_e(_when(turn.created_at))}</small></h2>{system}"
            f'<div class="user"><span class="label">{_e(labels["you"])}</span>{_e(turn.content)}</div>'
            f'<div class="answers">{answers}</div>{verdict}</section>'
        )
    title = _e(doc.conversation.title)
    return (
        f'<!doctype html><html lang="{_e(lang)}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width,initial-scale=1">'
        f'<meta http-equiv="Content-Security-Policy" content="{HTML_POLICY}">'
        f'<meta name="referrer" content="no-referrer"><meta name="generator" content="WeBox">'
        f"<title>{title} · WeBox</title><style>{_CSS}</style></head><body><main>"
        f'<h1>{title}</h1><dl class="meta">{meta}</dl>{"".join(sections)}'
        f"<footer>WeBox · {_e(doc.format)} v{doc.version}</footer></main></body></html>\n"
    )


# -- PDF ---------------------------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u2028\u2029\ufeff]")
_ASCII_FORMS = str.maketrans(
    {
        "‘": "'",
        "’": "'",
        "‚": ",",
        "“": '"',
        "”": '"',
        "„": '"',
        "–": "-",
        "—": "-",
        "−": "-",
        "…": "...",
        "•": "-",
        "→": "->",
        "\u202f": " ",
        "\u2009": " ",
    }
)


def _plain(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    "))


def _latin1(text: str) -> str:
    return _plain(text).translate(_ASCII_FORMS).encode("latin-1", "replace").decode("latin-1")


def _pdf_fonts(pdf: Any) -> tuple[str, Callable[[str], str]]:
    """(font family, text cleaner): DejaVu Sans when its file is there, else Helvetica in Latin-1."""
    settings = get_export_settings()
    regular, bold = Path(settings.font), Path(settings.font_bold)
    if regular.is_file():
        pdf.add_font("body", "", str(regular))
        pdf.add_font("body", "B", str(bold if bold.is_file() else regular))
        return "body", _plain
    get_logger().warning("export font missing, PDF limited to Latin-1", extra={"font": str(regular)})
    return "helvetica", _latin1


def to_pdf(doc: ConversationExport, labels: dict[str, str]) -> bytes:
    """An A4 PDF with the same content, answers as plain text (never interpreted)."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    family, clean = _pdf_fonts(pdf)
    pdf.set_title(clean(doc.conversation.title))
    pdf.set_creator("WeBox")
    pdf.set_creation_date(doc.exported_at)
    pdf.add_page()

    def write(
        text: str, *, size: float = 10, bold: bool = False, fill: bool = False, grey: bool = False
    ) -> None:
        pdf.set_font(family, "B" if bold else "", size)
        if grey:
            pdf.set_text_color(110, 110, 110)
        else:
            pdf.set_text_color(20, 24, 32)
        pdf.multi_cell(0, size * 0.5, clean(text), fill=fill, align="L", new_x="LMARGIN", new_y="NEXT")

    write(doc.conversation.title, size=16, bold=True)
    pdf.ln(2)
    for name, value in _header_lines(doc, labels):
        write(f"{name} : {value}", size=9, grey=True)
    for turn in doc.turns:
        pdf.ln(4)
        write(f"{labels['turn']} {turn.turn} — {_when(turn.created_at)}", size=13, bold=True)
        pdf.ln(1)
        pdf.set_fill_color(232, 237, 255)
        if turn.params.system:
            write(f"{labels['system']} :", bold=True)
            write(turn.params.system, fill=True)
        write(f"{labels['you']} :", bold=True)
        write(turn.content, fill=True)
        for answer in turn.answers:
            pdf.ln(3)
            write(_heading(answer, turn, labels), size=11, bold=True)
            write(_metrics(answer, labels), size=8, grey=True)
            error = _error(answer.error, labels)
            if error:
                write(error, size=9)
            pdf.ln(1)
            write(answer.text or labels["empty"])
        if turn.verdict:
            verdict = turn.verdict
            pdf.ln(3)
            write(_verdict_heading(verdict, labels), size=11, bold=True)
            if verdict.shared_points:
                write(f"{labels['shared_points']} :", bold=True)
                for point in verdict.shared_points:
                    write(f"  • {point}")
            if verdict.contradictions:
                write(f"{labels['contradictions']} :", bold=True)
                for contradiction in verdict.contradictions:
                    write(f"  • {contradiction.topic}")
                    for name, claim in _claims(contradiction):
                        write(f"      {name} : {claim}")
            if verdict.fused_answer:
                write(f"{labels['fused']} :", bold=True)
                write(verdict.fused_answer)
    return bytes(pdf.output())
