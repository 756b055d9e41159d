"""Knowledge bases: create and delete bases, upload documents (ingested on the task engine); searching
them is `webox.knowledge.search`.

A document goes `uploading` (the browser posts the file to S3 with a presigned form) → `processing`
(a `knowledge.ingest` task extracts, chunks, embeds and stores its vectors) → `ready` or `failed`.
"""

from __future__ import annotations

import uuid
from typing import Any

from webox import documents as extraction
from webox.db import utcnow
from webox.knowledge import chunking, repository
from webox.knowledge.errors import (
    BaseLimitReached,
    DocumentNotFound,
    DocumentNotUploaded,
    DocumentTooLarge,
)
from webox.knowledge.models import KnowledgeBase, KnowledgeDocument
from webox.knowledge.schemas import (
    BaseCreate,
    BaseOut,
    DocumentCreate,
    DocumentOut,
    DocumentUpload,
)
from webox.knowledge.search import load_base

MAX_BASES = 20
MAX_DOCUMENTS = 200


def _new_id() -> str:
    return uuid.uuid4().hex


def base_out(base: KnowledgeBase) -> BaseOut:
    return BaseOut(
        base_id=base.base_id,
        name=base.name,
        description=base.description,
        documents=int(base.documents),
        chunks=int(base.chunks),
        created_at=base.created_at,
        updated_at=base.updated_at,
    )


def document_out(document: KnowledgeDocument) -> DocumentOut:
    return DocumentOut(
        document_id=document.document_id,
        filename=document.filename,
        content_type=document.content_type,
        size=int(document.size),
        status=document.status,  # type: ignore[arg-type]
        chunks=int(document.chunks),
        task_id=document.task_id,
        error=document.error_message,
        created_at=document.created_at,
        updated_at=document.updated_at,
    )


def _load_document(user_id: str, base_id: str, document_id: str) -> KnowledgeDocument:
    document = repository.find_document(user_id, base_id, document_id)
    if document is None:
        raise DocumentNotFound()
    return document


# --- bases ----------------------------------------------------------------------------------------


def create_base(user_id: str, body: BaseCreate) -> BaseOut:
    """A new empty base with its own vector index."""
    if repository.count_bases(user_id) >= MAX_BASES:
        raise BaseLimitReached(f"A user may have {MAX_BASES} knowledge bases")
    now = utcnow()
    base = KnowledgeBase(
        user_id, _new_id(), name=body.name, description=body.description, created_at=now, updated_at=now
    )
    repository.create_index(base.base_id)
    repository.create_base(base)
    return base_out(base)


def list_bases(user_id: str) -> list[BaseOut]:
    """The caller's bases."""
    return [base_out(base) for base in repository.bases_of(user_id, MAX_BASES)]


def get_base(user_id: str, base_id: str) -> BaseOut:
    """One of the caller's bases."""
    return base_out(load_base(user_id, base_id))


def delete_base(user_id: str, base_id: str) -> None:
    """A base, its documents, their files and its vector index."""
    base = load_base(user_id, base_id)
    documents = list(repository.documents_of(user_id, base_id))
    repository.delete_files([repository.document_key(user_id, base_id, d.document_id) for d in documents])
    for document in documents:
        repository.delete_document(document)
    repository.delete_index(base_id)
    repository.delete_base(base)


# --- documents ------------------------------------------------------------------------------------


def list_documents(user_id: str, base_id: str) -> list[DocumentOut]:
    """A base's documents."""
    load_base(user_id, base_id)
    return [document_out(d) for d in repository.documents_of(user_id, base_id)]


def get_document(user_id: str, base_id: str, document_id: str) -> DocumentOut:
    """One document of one of the caller's bases."""
    return document_out(_load_document(user_id, base_id, document_id))


def add_document(user_id: str, base_id: str, body: DocumentCreate) -> DocumentUpload:
    """A document waiting for its file: where to post it."""
    load_base(user_id, base_id)
    extension = extraction.format_of(body.filename)
    if body.size > extraction.MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge()
    if sum(1 for _ in repository.documents_of(user_id, base_id)) >= MAX_DOCUMENTS:
        raise BaseLimitReached(f"A base may hold {MAX_DOCUMENTS} documents")
    now = utcnow()
    content_type = extraction.FORMATS[extension]
    document = KnowledgeDocument(
        f"{user_id}#{base_id}",
        _new_id(),
        user_id=user_id,
        base_id=base_id,
        filename=body.filename,
        content_type=content_type,
        size=body.size,
        status="uploading",
        created_at=now,
        updated_at=now,
    )
    repository.save_document(document)
    form = repository.upload_form(
        repository.document_key(user_id, base_id, document.document_id),
        content_type=content_type,
        max_bytes=extraction.MAX_DOCUMENT_BYTES,
    )
    return DocumentUpload(document=document_out(document), url=form["url"], fields=form["fields"])


def ingest(user_id: str, base_id: str, document_id: str) -> DocumentOut:
    """Start extracting, chunking and embedding an uploaded document (a task; its progress is live)."""
    from webox.tasks import service as tasks_service
    from webox.tasks.schemas import StepSpec, TaskCreate

    document = _load_document(user_id, base_id, document_id)
    if document.status not in {"uploading", "failed"}:
        return document_out(document)
    size = repository.file_size(repository.document_key(user_id, base_id, document_id))
    if size is None:
        raise DocumentNotUploaded()
    if size > extraction.MAX_DOCUMENT_BYTES:
        raise DocumentTooLarge()
    step = StepSpec(
        id="ingest", kind="knowledge.ingest", input={"base_id": base_id, "document_id": document_id}
    )
    task = tasks_service.create_task(
        user_id, TaskCreate(kind="knowledge", title=document.filename[:100], plan=[step])
    )
    repository.update_document(
        document, status="processing", size=size, task_id=task.task_id, error_code=None, error_message=None
    )
    return document_out(_load_document(user_id, base_id, document_id))


def delete_document(user_id: str, base_id: str, document_id: str) -> None:
    """A document, its file and its chunks."""
    base = load_base(user_id, base_id)
    document = _load_document(user_id, base_id, document_id)
    repository.delete_vectors(base_id, [f"{document_id}:{n}" for n in range(int(document.chunks))])
    repository.delete_files([repository.document_key(user_id, base_id, document_id)])
    repository.delete_document(document)
    if document.status == "ready":
        repository.add_counts(base, -1, -int(document.chunks))


def document_text(user_id: str, base_id: str, document_id: str, max_bytes: int) -> str:
    """A document's text as the knowledge base reads it (404 for another user's; `DocumentTooLarge`
    over `max_bytes`; `UnreadableDocument` when it has none)."""
    document = _load_document(user_id, base_id, document_id)
    if int(document.size) > max_bytes:
        raise DocumentTooLarge(f"This document is over {max_bytes} bytes")
    data = repository.read_file(repository.document_key(user_id, base_id, document_id))
    if data is None:
        raise DocumentNotUploaded()
    return "\n\n".join(section.text for section in extraction.extract(document.filename, data))


def read_and_chunk(filename: str, data: bytes) -> list[chunking.Chunk]:
    """A document's chunks (`UnsupportedFormat`/`UnreadableDocument` when it has none)."""
    return chunking.chunk(extraction.extract(filename, data))


def vectors_for(
    document: KnowledgeDocument, chunks: list[chunking.Chunk], vectors: list[list[float]]
) -> list[dict[str, Any]]:
    """S3 Vectors items for a document's chunks."""
    return [
        {
            "key": f"{document.document_id}:{c.position}",
            "data": {"float32": vector},
            "metadata": {
                "document_id": document.document_id,
                "filename": document.filename,
                "page": c.page,
                "position": c.position,
                "text": c.text,
            },
        }
        for c, vector in zip(chunks, vectors, strict=True)
    ]
