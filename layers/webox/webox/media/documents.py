"""Markdown documents in the user's library (kind `document`): written by an agent's tool, listed,
downloaded, shared and deleted like any other library item."""

from __future__ import annotations

from webox.db import utcnow
from webox.media import repository
from webox.media.library import item_out
from webox.media.models import MediaItem, new_id
from webox.media.schemas import MediaItemOut
from webox.text import fold

CONTENT_TYPE = "text/markdown; charset=utf-8"
MAX_DOCUMENT_BYTES = 1_000_000


def create_document(user_id: str, title: str, markdown: str, *, author: str) -> MediaItemOut:
    """Store `markdown` as a new library document titled `title` (`author`: who wrote it, a model or agent)."""
    body = markdown.encode("utf-8")[:MAX_DOCUMENT_BYTES]
    job_id = new_id()  # items list newest first, by id
    key = f"{repository.job_folder(user_id, job_id)}document.md"
    repository.put_file(key, body, CONTENT_TYPE)
    item = MediaItem(
        user_id,
        f"{job_id}00",
        kind="document",
        model=author[:100],
        prompt=title[:300],
        search_key=fold(f"{title} {markdown[:2000]}"),
        content_type=CONTENT_TYPE,
        size=len(body),
        key=key,
        job_id=job_id,
        created_at=utcnow(),
    )
    repository.put_item(item)
    return item_out(item)
