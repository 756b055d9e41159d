"""Knowledge base bodies: bases, documents, uploads, search hits with their citation."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
DocumentStatus = Literal["uploading", "processing", "ready", "failed"]

_BASE_EXAMPLE: dict[str, Any] = {
    "base_id": "8c1e4f2a9b3d4c5e6f7a8b9c0d1e2f3a",
    "name": "Contrats clients",
    "description": "Conditions générales et avenants signés",
    "documents": 12,
    "chunks": 486,
    "created_at": "2025-01-31T09:30:00Z",
    "updated_at": "2025-02-03T14:12:45Z",
}
_DOCUMENT_EXAMPLE: dict[str, Any] = {
    "document_id": "b4d2e6f80a1c4e3b9d7f5a2c8e0b6d41",
    "filename": "conditions.pdf",
    "content_type": "application/pdf",
    "size": 183_204,
    "status": "ready",
    "chunks": 37,
    "task_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0",
    "error": None,
    "created_at": "2025-01-31T09:30:00Z",
    "updated_at": "2025-01-31T09:30:42Z",
}
_HIT_EXAMPLE: dict[str, Any] = {
    "text": "Le contrat peut être résilié par chacune des parties moyennant un préavis de trois mois.",
    "score": 0.874,
    "citation": {
        "document_id": "b4d2e6f80a1c4e3b9d7f5a2c8e0b6d41",
        "filename": "conditions.pdf",
        "page": 4,
        "position": 12,
    },
}


class BaseCreate(BaseModel):
    """A new knowledge base."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "Contrats clients", "description": ""}]}
    )

    name: Name
    description: str = Field(default="", max_length=1000)


class BaseOut(BaseModel):
    """A knowledge base and what it holds."""

    model_config = ConfigDict(json_schema_extra={"examples": [_BASE_EXAMPLE]})

    base_id: str
    name: str
    description: str
    documents: int
    chunks: int
    created_at: datetime
    updated_at: datetime


class DocumentCreate(BaseModel):
    """A document about to be uploaded: its name (its extension says its format) and size."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"filename": "conditions.pdf", "size": 183_204}]}
    )

    filename: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    size: int = Field(ge=1, description="Bytes (25 MB at most)")


class DocumentOut(BaseModel):
    """A document of a base and how far its ingestion went."""

    model_config = ConfigDict(json_schema_extra={"examples": [_DOCUMENT_EXAMPLE]})

    document_id: str
    filename: str
    content_type: str
    size: int
    status: DocumentStatus
    chunks: int
    task_id: str | None
    error: str | None
    created_at: datetime
    updated_at: datetime


class DocumentUpload(BaseModel):
    """Where to send the file (a presigned POST: `url` and `fields`), then call `ingest`."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "document": {
                        **_DOCUMENT_EXAMPLE,
                        "status": "uploading",
                        "chunks": 0,
                        "task_id": None,
                        "updated_at": "2025-01-31T09:30:00Z",
                    },
                    "url": "https://webox-knowledge.s3.eu-west-3.amazonaws.com/",
                    "fields": {
                        "key": "uploads/8c1e4f2a9b3d4c5e6f7a8b9c0d1e2f3a/b4d2e6f80a1c4e3b9d7f5a2c8e0b6d41",
                        "Content-Type": "application/pdf",
                        "policy": "eyJleHBpcmF0aW9uIjoiMjAyNS0wMS0zMVQwOTo0NTowMFoi…",
                        "x-amz-signature": "4f0e1c2b…",
                    },
                }
            ]
        }
    )

    document: DocumentOut
    url: str
    fields: dict[str, Any]


class SearchIn(BaseModel):
    """A question to look up in a base."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"query": "Quel est le délai de préavis ?", "top_k": 5}]},
    )

    query: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=2000)]
    top_k: int = Field(default=5, ge=1, le=20)


class Citation(BaseModel):
    """Where a chunk comes from: its document, page and position among the document's chunks."""

    model_config = ConfigDict(json_schema_extra={"examples": [_HIT_EXAMPLE["citation"]]})

    document_id: str
    filename: str
    page: int
    position: int


class Hit(BaseModel):
    """A chunk found by a search, nearest first (`score`: cosine similarity)."""

    model_config = ConfigDict(json_schema_extra={"examples": [_HIT_EXAMPLE]})

    text: str
    score: float
    citation: Citation


class SearchOut(BaseModel):
    """What a search found."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"query": "Quel est le délai de préavis ?", "hits": [_HIT_EXAMPLE]}]}
    )

    query: str
    hits: list[Hit]
