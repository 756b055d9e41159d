"""Text out of the documents WeBox reads (a knowledge base's files, a chat message's attachments):
PDF, DOCX, HTML, Markdown, plain text.

Each format yields `Section`s: a piece of text and where it came from (a PDF page number; for the
others, section 1), so a search result can cite its position. DOCX is a zip of XML: the stdlib reads
it (paragraphs of `word/document.xml`); PDF goes through pypdf, imported only when a PDF arrives.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass
from html.parser import HTMLParser
from xml.etree import ElementTree

from webox.errors import Invalid

MAX_DOCUMENT_BYTES = 25 * 1024 * 1024
# A DOCX's XML may expand far beyond its zip: refuse a bomb before reading it.
MAX_XML_BYTES = 100 * 1024 * 1024
FORMATS: dict[str, str] = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".html": "text/html",
    ".htm": "text/html",
    ".md": "text/markdown",
    ".markdown": "text/markdown",
    ".txt": "text/plain",
}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class UnsupportedFormat(Invalid):
    code, title = "unsupported_document", "This document format is not supported"


class UnreadableDocument(Invalid):
    code, title = "unreadable_document", "This document cannot be read"


@dataclass(frozen=True)
class Section:
    """Text from one place of a document (`page`: 1-based PDF page, else 1)."""

    page: int
    text: str


def format_of(filename: str) -> str:
    """The extension naming a supported format, or `UnsupportedFormat`."""
    match = re.search(r"\.[A-Za-z]+$", filename)
    extension = match.group(0).lower() if match else ""
    if extension not in FORMATS:
        raise UnsupportedFormat(f"{filename!r}: accepted formats are {', '.join(sorted(FORMATS))}")
    return extension


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _pdf(data: bytes) -> list[Section]:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    try:
        reader = PdfReader(io.BytesIO(data))
        return [Section(number, page.extract_text() or "") for number, page in enumerate(reader.pages, 1)]
    except (PdfReadError, ValueError, KeyError) as exc:
        raise UnreadableDocument("This PDF cannot be read") from exc


def _docx(data: bytes) -> list[Section]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            info = archive.getinfo("word/document.xml")
            if info.file_size > MAX_XML_BYTES:
                raise UnreadableDocument("This DOCX expands beyond what WeBox reads")
            # expat (2.4.1+) refuses entity-expansion bombs and ElementTree never fetches external entities.
            root = ElementTree.fromstring(archive.read(info))  # noqa: S314
    except (zipfile.BadZipFile, KeyError, ElementTree.ParseError) as exc:
        raise UnreadableDocument("This DOCX cannot be read") from exc
    paragraphs = ["".join(node.text or "" for node in p.iter(f"{_W}t")) for p in root.iter(f"{_W}p")]
    return [Section(1, "\n".join(p for p in paragraphs if p.strip()))]


class _HtmlText(HTMLParser):
    _SKIP = frozenset({"script", "style", "noscript", "template", "head"})
    _BLOCKS = frozenset({"p", "div", "li", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self._SKIP:
            self.skipping += 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._SKIP and self.skipping:
            self.skipping -= 1
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def _html(data: bytes) -> list[Section]:
    parser = _HtmlText()
    parser.feed(_decode(data))
    parser.close()
    return [Section(1, "".join(parser.parts))]


def _markdown(data: bytes) -> list[Section]:
    text = _decode(data)
    text = re.sub(r"```.*?\n", "", text)  # fences (their code stays as text)
    text = re.sub(r"!\[([^\]]*)\]\([^)]*\)", r"\1", text)  # images: their alt text
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # links: their words
    text = re.sub(r"^\s{0,3}(#{1,6}|>|[-*+]|\d+\.)\s+", "", text, flags=re.MULTILINE)
    text = re.sub(r"(\*\*|__|\*|_|`)", "", text)
    return [Section(1, text)]


def extract(filename: str, data: bytes) -> list[Section]:
    """The text of a document, by section; `UnsupportedFormat`, `UnreadableDocument` otherwise."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UnreadableDocument("A document may hold 25 MB at most")
    extension = format_of(filename)
    if extension == ".pdf":
        sections = _pdf(data)
    elif extension == ".docx":
        sections = _docx(data)
    elif extension in {".html", ".htm"}:
        sections = _html(data)
    elif extension in {".md", ".markdown"}:
        sections = _markdown(data)
    else:
        sections = [Section(1, _decode(data))]
    sections = [Section(s.page, re.sub(r"[ \t]+", " ", s.text).strip()) for s in sections]
    if not any(s.text for s in sections):
        raise UnreadableDocument("No text could be read from this document")
    return sections
