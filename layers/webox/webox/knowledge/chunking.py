"""Sections cut into chunks a search returns: paragraphs packed up to a size, with their position."""

from __future__ import annotations

import re
from dataclasses import dataclass

from webox.documents import Section

CHUNK_CHARS = 700
MAX_CHUNKS = 5_000  # per document: ~3.5 MB of text


@dataclass(frozen=True)
class Chunk:
    """A piece of a document: its text, page and 0-based position among the document's chunks."""

    position: int
    page: int
    text: str


def _pieces(text: str) -> list[str]:
    """Paragraphs, with any paragraph longer than a chunk cut at sentence (else word) boundaries."""
    pieces: list[str] = []
    for paragraph in re.split(r"\n\s*\n|\n(?=\S)", text):
        paragraph = " ".join(paragraph.split())
        while len(paragraph) > CHUNK_CHARS:
            cut = max(paragraph.rfind(". ", 0, CHUNK_CHARS), paragraph.rfind(" ", 0, CHUNK_CHARS // 2))
            cut = cut + 1 if cut > 0 else CHUNK_CHARS
            pieces.append(paragraph[:cut].strip())
            paragraph = paragraph[cut:].strip()
        if paragraph:
            pieces.append(paragraph)
    return pieces


def chunk(sections: list[Section]) -> list[Chunk]:
    """Chunks of at most `CHUNK_CHARS` characters; a chunk never spans two pages."""
    chunks: list[Chunk] = []
    for section in sections:
        current = ""
        for piece in _pieces(section.text):
            if current and len(current) + 1 + len(piece) > CHUNK_CHARS:
                chunks.append(Chunk(len(chunks), section.page, current))
                current = piece
            else:
                current = f"{current}\n{piece}" if current else piece
        if current:
            chunks.append(Chunk(len(chunks), section.page, current))
        if len(chunks) > MAX_CHUNKS:
            return chunks[:MAX_CHUNKS]
    return chunks
