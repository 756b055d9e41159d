"""The PDF export: an A4 document with the same content, answers printed as plain text.

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

from pydantic_settings import BaseSettings, SettingsConfigDict

from webox.export import wording
from webox.export.schemas import ConversationExport, ExportedTurn, ExportedVerdict
from webox.logging import get_logger


class ExportSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEBOX_EXPORT_", extra="ignore")

    font: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    font_bold: str = "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"


@cache
def get_export_settings() -> ExportSettings:
    return ExportSettings()


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


class _Writer:
    """Paragraphs in one font family, cleaned for that font."""

    def __init__(self, pdf: Any, family: str, clean: Callable[[str], str]) -> None:
        self.pdf, self.family, self.clean = pdf, family, clean

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

    def gap(self, height: float) -> None:
        self.pdf.ln(height)


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
    out = _Writer(pdf, family, clean)
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
        out.write(answer.text or labels["empty"])
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
        out.write(verdict.fused_answer)
