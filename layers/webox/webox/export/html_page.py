"""The HTML export: one self-contained page, a column per model in each turn, then the verdict.

Model output is untrusted: the page renders Markdown with raw HTML escaped (markdown-it,
`html=False`, no `javascript:` links), escapes everything else, and forbids scripts and remote
content with its own Content-Security-Policy.
"""

from __future__ import annotations

import html
from functools import cache
from typing import Any

from webox.export import wording
from webox.export.schemas import ConversationExport, ExportedAnswer, ExportedTurn, ExportedVerdict

# What a browser may do with an exported page: show it, with its inline style and inline images.
HTML_POLICY = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
)


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
    badges = [f'<span class="badge {_e(answer.status)}">{_e(wording.status_label(answer, labels))}</span>']
    if chosen:
        badges.append(f'<span class="badge">{_e(labels["chosen"])}</span>')
    if answer.simulated:
        badges.append(f'<span class="badge">{_e(labels["simulated"])}</span>')
    error = wording.error_line(answer.error, labels)
    body = markdown_html(answer.text) if answer.text else f"<p><em>{_e(labels['empty'])}</em></p>"
    return (
        f'<article class="answer{" chosen" if chosen else ""}">'
        f'<h3>{_e(answer.model_name)} <span class="model-id">{_e(answer.model)}</span></h3>'
        f'<div class="badges">{"".join(badges)}</div>'
        f'<p class="metrics">{_e(wording.metrics(answer, labels))}</p>'
        + (f'<p class="error-text">{_e(error)}</p>' if error else "")
        + f'<div class="body">{body}</div></article>'
    )


def _verdict_html(verdict: ExportedVerdict, labels: dict[str, str]) -> str:
    parts = [
        f'<aside class="verdict"><h3>{_e(wording.verdict_heading(verdict, labels))}</h3>',
        f'<div class="bar"><span style="width:{int(verdict.agreement)}%"></span></div>',
    ]
    error = wording.error_line(verdict.error, labels)
    if error:
        parts.append(f'<p class="error-text">{_e(error)}</p>')
    if verdict.shared_points:
        items = "".join(f"<li>{_e(p)}</li>" for p in verdict.shared_points)
        parts.append(f"<h4>{_e(labels['shared_points'])}</h4><ul>{items}</ul>")
    if verdict.contradictions:
        rows = "".join(
            f"<tr><th>{_e(c.topic)}</th><td>"
            + "<br>".join(f"<strong>{_e(name)}</strong> : {_e(claim)}" for name, claim in wording.claims(c))
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
    meta = "".join(
        f"<dt>{_e(name)}</dt><dd>{_e(value)}</dd>" for name, value in wording.header_lines(doc, labels)
    )
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
            f"<h2>{_e(labels['turn'])} {turn.turn} <small>{_e(wording.when(turn.created_at))}</small></h2>{system}"
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
