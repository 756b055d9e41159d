"""Exporting one of the user's conversations: rendered in the format asked, and handed over
through S3 when too large for a Lambda response."""

from __future__ import annotations

import uuid
from zoneinfo import ZoneInfo

from webox import storage
from webox.export.document import UTC_ZONE, document
from webox.export.formats import render
from webox.export.schemas import Exported, Format

# Lambda answers at most 6 MB, and binary bodies grow by a third in base64: larger exports go
# through S3 (`storage.EXPORTS_PREFIX`, which a bucket lifecycle rule expires after a day).
INLINE_LIMIT = 4_000_000
BUCKET = "files"


def export_conversation(
    user_id: str, conversation_id: str, fmt: Format, *, lang: str = "fr", zone: ZoneInfo = UTC_ZONE
) -> Exported:
    """The user's conversation rendered in `fmt`, dates in `zone` (404 for anyone else's)."""
    # imported here: the chat feature's services (search, transcripts, attachments) are an export's
    # need, not that of the share API's links
    from webox.chat import conversations as chat_conversations

    detail = chat_conversations.get_conversation(user_id, conversation_id)
    return render(document(detail, zone=zone), fmt, lang=lang)


def offload(user_id: str, exported: Exported) -> str | None:
    """A short-lived download URL for an export too large for a Lambda response (else None)."""
    if len(exported.body) <= INLINE_LIMIT:
        return None
    key = f"{storage.EXPORTS_PREFIX}{user_id}/{uuid.uuid4().hex}/{exported.filename}"
    storage.put(BUCKET, key, exported.body, exported.media_type)
    return storage.download_url(BUCKET, key, expires=300, filename=exported.filename)
