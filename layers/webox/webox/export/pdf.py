"""The PDF export: an A4 document with the same content, answers formatted from their Markdown
(headings, emphasis, lists, code, tables, links) as the chat shows them.

Fonts: the PDF embeds DejaVu Sans (`WEBOX_EXPORT_FONT`, by default Debian's fonts-dejavu-core
path) so any Latin, Greek or Cyrillic text prints. Where that file is missing (the Lambda runtime
ships no fonts) it falls back to the PDF core font Helvetica, which covers Latin-1 only: French is
complete, typographic quotes and dashes are mapped to their ASCII forms and other characters print
as `?`. Ship the font in a layer and point `WEBOX_EXPORT_FONT` at it to get full Unicode there.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

from webox.env_settings import EnvSettings
from webox.export import wording
from webox.export.html_page import markdown_html
from webox.export.schemas import ConversationExport, ExportedTurn, ExportedVerdict
from webox.logging import get_logger


class ExportSettings(EnvSettings):
    env_prefix = "WEBOX_EXPORT_"

    font: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    font_bold: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"
    # Optional faces: where a file is missing, italics print upright and code in the body font.
    font_italic: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf"
    font_bold_italic: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-BoldOblique.ttf"
    font_mono: str = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
    font_mono_bold: str = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"


@cache
def get_export_settings() -> ExportSettings:
    return ExportSettings.from_env()


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


def _first_file(*paths: str) -> str | None:
    return next((path for path in paths if Path(path).is_file()), None)


def _pdf_fonts(pdf: Any) -> tuple[str, str, Callable[[str], str]]:
    """(body font family, code font family, text cleaner): DejaVu when its files are there, else the
    core fonts Helvetica and Courier in Latin-1."""
    settings = get_export_settings()
    regular = _first_file(settings.font)
    if regular is None:
        get_logger().warning("export font missing, PDF limited to Latin-1", extra={"font": settings.font})
        return "helvetica", "courier", _latin1
    bold = _first_file(settings.font_bold, regular) or regular
    faces = {
        "": regular,
        "B": bold,
        "I": _first_file(settings.font_italic, regular) or regular,
        "BI": _first_file(settings.font_bold_italic, bold) or bold,
    }
    for style, path in faces.items():
        pdf.add_font("body", style, path)
    mono = _first_file(settings.font_mono)
    if mono is None:
        return "body", "body", _plain
    mono_bold = _first_file(settings.font_mono_bold, mono) or mono
    for style, path in {"": mono, "B": mono_bold, "I": mono, "BI": mono_bold}.items():
        pdf.add_font("mono", style, path)
    return "body", "mono", _plain


# An image in an answer prints as its alt text: the PDF never fetches a URL a model wrote.
_IMAGE = re.compile(r"<img\b[^>]*>")
_ALT = re.compile(r'\balt="([^"]*)"')


def _alt_text(image: re.Match[str]) -> str:
    alt = _ALT.search(image.group(0))
    return alt.group(1) if alt else ""


class _Writer:
    """Paragraphs in one font family, cleaned for that font."""

    def __init__(self, pdf: Any, family: str, mono: str, clean: Callable[[str], str]) -> None:
        self.pdf, self.family, self.mono, self.clean = pdf, family, mono, clean

    def write(
        self, text: str, *, size: float = 10, bold: bool = False, fill: bool = False, grey: bool = False
    ) -> None:
        self.pdf.set_font(self.family, "B" if bold else "", size)
        if grey:
            self.pdf.set_text_color(110, 110, 110)
        else:
            self.pdf.set_text_color(20, 24, 32)
        self.pdf.multi_cell(
            0, size * 0.5, self.clean(text), fill=fill, align="L", new_x="LMARGIN", new_y="NEXT"
        )

    def markdown(self, text: str) -> None:
        """A model's Markdown as formatted text: rendered by the exports' safe renderer (raw HTML
        escaped, unsafe links dropped), then laid out by fpdf2; plain text should that fail."""
        from fpdf.fonts import TextStyle

        html = _IMAGE.sub(_alt_text, markdown_html(self.clean(text)))
        code = TextStyle(font_family=self.mono)
        self.pdf.set_font(self.family, "", 10)
        self.pdf.set_text_color(20, 24, 32)
        try:
            self.pdf.write_html(html, font_family=self.family, tag_styles={"code": code, "pre": code})
        except Exception:  # fpdf2's HTML subset: an answer it cannot lay out still prints
            get_logger().warning("markdown layout failed, printed as text")
            self.write(text)

    def gap(self, height: float) -> None:
        self.pdf.ln(height)


def to_pdf(doc: ConversationExport, labels: dict[str, str]) -> bytes:
    """An A4 PDF with the same content, answers and the fused answer formatted from their Markdown."""
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_margins(15, 15, 15)
    pdf.set_auto_page_break(True, margin=15)
    family, mono, clean = _pdf_fonts(pdf)
    pdf.set_title(clean(doc.conversation.title))
    pdf.set_creator("WeBox")
    pdf.set_creation_date(doc.exported_at)
    pdf.add_page()
    out = _Writer(pdf, family, mono, clean)
    out.write(doc.conversation.title, size=16, bold=True)
    out.gap(2)
    for name, value in wording.header_lines(doc, labels):
        out.write(f"{name} : {value}", size=9, grey=True)
    for turn in doc.turns:
        _turn(out, turn, labels)
    return bytes(pdf.output())


def _turn(out: _Writer, turn: ExportedTurn, labels: dict[str, str]) -> None:
    out.gap(4)
    out.write(f"{labels['turn']} {turn.turn} — {wording.when(turn.created_at)}", size=13, bold=True)
    out.gap(1)
    out.pdf.set_fill_color(232, 237, 255)
    if turn.params.system:
        out.write(f"{labels['system']} :", bold=True)
        out.write(turn.params.system, fill=True)
    out.write(f"{labels['you']} :", bold=True)
    out.write(turn.content, fill=True)
    for answer in turn.answers:
        out.gap(3)
        out.write(wording.answer_heading(answer, turn, labels), size=11, bold=True)
        out.write(wording.metrics(answer, labels), size=8, grey=True)
        error = wording.error_line(answer.error, labels)
        if error:
            out.write(error, size=9)
        out.gap(1)
        if answer.text:
            out.markdown(answer.text)
        else:
            out.write(labels["empty"])
    if turn.verdict:
        _verdict(out, turn.verdict, labels)


def _verdict(out: _Writer, verdict: ExportedVerdict, labels: dict[str, str]) -> None:
    out.gap(3)
    out.write(wording.verdict_heading(verdict, labels), size=11, bold=True)
    if verdict.shared_points:
        out.write(f"{labels['shared_points']} :", bold=True)
        for point in verdict.shared_points:
            out.write(f"  • {point}")
    if verdict.contradictions:
        out.write(f"{labels['contradictions']} :", bold=True)
        for contradiction in verdict.contradictions:
            out.write(f"  • {contradiction.topic}")
            for name, claim in wording.claims(contradiction):
                out.write(f"      {name} : {claim}")
    if verdict.fused_answer:
        out.write(f"{labels['fused']} :", bold=True)
        out.markdown(verdict.fused_answer)
