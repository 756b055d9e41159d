"""One export document, five formats: JSON, Markdown, HTML, plain text and PDF."""

from __future__ import annotations

import json
import re
import unicodedata

from webox.export import wording
from webox.export.html_page import to_html
from webox.export.markdown import to_markdown
from webox.export.pdf import to_pdf
from webox.export.plain_text import to_text
from webox.export.schemas import ConversationExport, Exported, Format

MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "html": "text/html; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "pdf": "application/pdf",
}


def to_json(doc: ConversationExport) -> bytes:
    """The document itself (schema `webox.conversation-export` v1), pretty-printed UTF-8."""
    return json.dumps(doc.model_dump(mode="json"), ensure_ascii=False, indent=2).encode()


def render(doc: ConversationExport, fmt: Format, *, lang: str = "fr") -> Exported:
    """Render a document in one format, with the file name to save it under."""
    labels = wording.labels_for(lang)
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
