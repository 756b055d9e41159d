"""Knowledge base errors (stable codes the SPA translates)."""

from __future__ import annotations

from webox.errors import Conflict, Invalid, NotFound, PayloadTooLarge


class BaseNotFound(NotFound):
    code, title = "knowledge_base_not_found", "Knowledge base not found"


class DocumentNotFound(NotFound):
    code, title = "knowledge_document_not_found", "Document not found"


class UnsupportedFormat(Invalid):
    code, title = "knowledge_unsupported_format", "This document format is not supported"


class UnreadableDocument(Invalid):
    code, title = "knowledge_unreadable_document", "This document cannot be read"


class DocumentTooLarge(PayloadTooLarge):
    code, title = "knowledge_document_too_large", "A document may hold 25 MB at most"


class DocumentNotUploaded(Conflict):
    code, title = "knowledge_document_not_uploaded", "The document's file has not been uploaded"


class BaseLimitReached(Conflict):
    code, title = "knowledge_base_limit", "You have reached the number of knowledge bases you may have"
