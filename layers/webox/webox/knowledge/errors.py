"""Knowledge base errors (stable codes the SPA translates)."""

from __future__ import annotations

# A document's format and text are read by the shared reader (chat attachments use it too).
from webox.documents import UnreadableDocument as UnreadableDocument
from webox.documents import UnsupportedFormat as UnsupportedFormat
from webox.errors import Conflict, NotFound, PayloadTooLarge


class BaseNotFound(NotFound):
    code, title = "knowledge_base_not_found", "Knowledge base not found"


class DocumentNotFound(NotFound):
    code, title = "knowledge_document_not_found", "Document not found"


class DocumentTooLarge(PayloadTooLarge):
    code, title = "knowledge_document_too_large", "A document may hold 25 MB at most"


class DocumentNotUploaded(Conflict):
    code, title = "knowledge_document_not_uploaded", "The document's file has not been uploaded"


class BaseLimitReached(Conflict):
    code, title = "knowledge_base_limit", "You have reached the number of knowledge bases you may have"
