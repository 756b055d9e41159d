"""A run form's file variables: a file of the owner's library, read as text (bounded). The value names
either a media library item (a transcript: its id) or a knowledge-base document (`<base>/<document>`,
read by the knowledge bases' readers: PDF, DOCX, HTML, Markdown, text)."""

from __future__ import annotations

import re

from webox.prompts.rendering import FileReader

MAX_FILE_BYTES = 5 * 1024 * 1024
# The text is copied into the plan of the steps that read it: it stays well under a plan's size.
MAX_FILE_CHARS = 20_000
MEDIA_ID = re.compile(r"^[0-9a-f]{34}$")
DOCUMENT = re.compile(r"^([0-9a-f]{32})/([0-9a-f]{32})$")


def _media_text(user_id: str, media_id: str) -> tuple[str | None, str | None]:
    from webox.media import library
    from webox.media.errors import MediaNotFound

    try:
        item = library.owned_item(user_id, media_id)
    except MediaNotFound:
        return None, "not_found"
    if int(item.size) > MAX_FILE_BYTES:
        return None, "too_large"
    return library.item_text(item), None


def _document_text(user_id: str, base_id: str, document_id: str) -> tuple[str | None, str | None]:
    from webox.errors import WeboxError
    from webox.knowledge import service as knowledge
    from webox.knowledge.errors import DocumentNotFound, DocumentTooLarge

    try:
        return knowledge.document_text(user_id, base_id, document_id, MAX_FILE_BYTES), None
    except DocumentNotFound:
        return None, "not_found"
    except DocumentTooLarge:
        return None, "too_large"
    except WeboxError:
        return None, "no_text"


def reader(user_id: str) -> FileReader:
    """Reads one of `user_id`'s library files: (its text, None) or ("", why it cannot be used)."""

    def read(value: str) -> tuple[str, str | None]:
        document = DOCUMENT.fullmatch(value)
        if document:
            text, problem = _document_text(user_id, document.group(1), document.group(2))
        elif MEDIA_ID.fullmatch(value):
            text, problem = _media_text(user_id, value)
        else:
            return "", "not_found"
        if problem:
            return "", problem
        if not text or not text.strip():
            return "", "no_text"
        if len(text) > MAX_FILE_CHARS:
            return "", "too_long"
        return text, None

    return read
