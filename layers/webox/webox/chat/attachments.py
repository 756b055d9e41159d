"""Files attached to a message, taken from the media studio's uploads when the turn is stored:
an image is copied beside the conversation's texts and shown to the models that read images (the
registry's `vision` capability), the others' columns say they cannot; a document's text is read
once (`webox.documents`) and goes with the message to every model, each time the branch is sent."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Literal

from pydantic import BaseModel

from webox import documents
from webox.chat import repository
from webox.chat.errors import AttachmentUnreadable
from webox.chat.models import ChatItem
from webox.chat.schemas import AttachmentOut
from webox.errors import WeboxError
from webox.providers.model_schemas import ModelInfo
from webox.providers.schemas import ChatMessage, ImageInput

# A document's text beyond this is left out (the model is told so): twelve columns of 4 documents
# stay well inside every model's context and the turn inside one DynamoDB item.
MAX_DOCUMENT_CHARS = 20_000
VISION = "vision"


class StoredAttachment(BaseModel):
    """An attachment as the turn item keeps it: an image by its S3 key, a document by its text."""

    upload_id: str
    kind: Literal["image", "document"]
    filename: str
    content_type: str
    size: int
    key: str | None = None
    text: str | None = None
    truncated: bool = False

    def out(self) -> AttachmentOut:
        """What the user sees of it (never the key nor the text)."""
        return AttachmentOut(**self.model_dump(include=set(AttachmentOut.model_fields)))


def take(user_id: str, upload_ids: Iterable[str]) -> list[StoredAttachment]:
    """The uploads named, of this user, made attachments: images copied, documents read for text."""
    return [_take_one(user_id, upload_id) for upload_id in upload_ids]


def _take_one(user_id: str, upload_id: str) -> StoredAttachment:
    # imported here: the media studio (quotas, jobs, its schemas) is only needed to attach an upload,
    # not to read a transcript (shares, exports, the dashboard)
    from webox.media import service as media_service

    upload, data = media_service.attachable_upload(user_id, upload_id)
    fields: dict[str, Any] = {
        "upload_id": upload_id,
        "kind": upload.kind,
        "filename": upload.filename,
        "content_type": upload.content_type or "",
        "size": len(data),
    }
    if upload.kind == "image":
        key = repository.attachment_key(user_id)
        repository.put_attachment(key, data, upload.content_type or "application/octet-stream")
        return StoredAttachment(**fields, key=key)
    try:
        sections = documents.extract(upload.filename, data)
    except WeboxError as exc:
        raise AttachmentUnreadable(f"{upload.filename[:100]}: {exc.message}") from exc
    text = "\n\n".join(s.text for s in sections if s.text)
    return StoredAttachment(
        **fields, text=text[:MAX_DOCUMENT_CHARS], truncated=len(text) > MAX_DOCUMENT_CHARS
    )


def of_item(item: ChatItem) -> list[StoredAttachment]:
    """A turn item's attachments."""
    return [StoredAttachment.model_validate(a) for a in item.attachments or []]


def document_chars(attached: Iterable[StoredAttachment]) -> int:
    """How many characters of documents go with the message (the quota's estimate counts them)."""
    return sum(len(a.text or "") for a in attached)


def user_message(content: str, attached: list[StoredAttachment], *, with_images: bool) -> ChatMessage:
    """The message a model is sent: the text, then each document's text in a `<document>` block;
    with `with_images` (the turn being answered) the images themselves, else their names."""
    parts = [content]
    for a in attached:
        if a.kind == "document":
            cut = "\n[…]" if a.truncated else ""
            parts.append(f'<document name="{a.filename}">\n{a.text}{cut}\n</document>')
        elif not with_images:
            parts.append(f"[image: {a.filename}]")
    images = tuple(
        ImageInput(media_type=a.content_type, data=repository.read_attachment(a.key))
        for a in attached
        if with_images and a.kind == "image" and a.key
    )
    return ChatMessage(role="user", content="\n\n".join(parts), images=images)


def refusal(model: ModelInfo, message: ChatMessage) -> str | None:
    """Why `model` cannot answer `message` (it shows images to a model that reads none), else None."""
    if message.images and VISION not in model.capabilities:
        return f"{model.display_name} does not read images"
    return None


def by_turn(items: Iterable[ChatItem]) -> Mapping[int, list[StoredAttachment]]:
    """Each turn's attachments, for the turns that have some."""
    return {int(i.turn): of_item(i) for i in items if i.kind == "turn" and i.attachments}
