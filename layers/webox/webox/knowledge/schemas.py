"""Knowledge base bodies: bases, documents, uploads, search hits with their citation."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
DocumentStatus = Literal["uploading", "processing", "ready", "failed"]


class BaseCreate(BaseModel):
    """A new knowledge base."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"name": "Contrats clients", "description": ""}]}
    )

    name: Name
    description: str = Field(default="", max_length=1000)


class BaseOut(BaseModel):
    """A knowledge base and what it holds."""

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

    document_id: str
    filename: str
    page: int
    position: int


class Hit(BaseModel):
    """A chunk found by a search, nearest first (`score`: cosine similarity)."""

    text: str
    score: float
    citation: Citation


class SearchOut(BaseModel):
    """What a search found."""

    query: str
    hits: list[Hit]
