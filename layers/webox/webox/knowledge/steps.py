"""Task-engine step kinds of knowledge bases (workflows may place them in their plans).

- `knowledge.ingest` — input `{base_id, document_id}`: extracts the uploaded file, chunks, embeds and
  stores its vectors; output `{document_id, chunks}`. The document ends `ready` (or `failed`, with
  the reason, when the file cannot be read).
- `knowledge.search` — input `{base_id, query, top_k?}` (top_k 1–20, default 5): output
  `{query, hits: [{text, score, citation: {document_id, filename, page, position}}]}`.
"""

from __future__ import annotations

from typing import Any

from webox.errors import WeboxError
from webox.knowledge import embeddings, repository, service
from webox.knowledge import search as knowledge_search
from webox.knowledge.errors import DocumentNotFound
from webox.knowledge.schemas import SearchIn
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult, register


def _text(value: Any, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise StepFailed("knowledge.invalid_input", f"{name} is required")
    return value


def ingest(ctx: StepContext) -> StepResult:
    """Extract, chunk, embed and store one document."""
    base_id = _text(ctx.input.get("base_id"), "base_id")
    document_id = _text(ctx.input.get("document_id"), "document_id")
    try:
        base = knowledge_search.load_base(ctx.user_id, base_id)
    except WeboxError as exc:
        raise StepFailed(exc.code, exc.message) from exc
    document = repository.find_document(ctx.user_id, base_id, document_id)
    if document is None:
        raise StepFailed(DocumentNotFound.code, DocumentNotFound.title)
    data = repository.read_file(repository.document_key(ctx.user_id, base_id, document_id))
    if data is None:
        raise StepFailed("knowledge_document_not_uploaded", "The document's file is missing")
    try:
        chunks = service.read_and_chunk(document.filename, data)
    except WeboxError as exc:
        repository.update_document(document, status="failed", error_code=exc.code, error_message=exc.message)
        raise StepFailed(exc.code, exc.message) from exc
    ctx.delta(f"{len(chunks)} chunks\n")
    vectors, tokens = embeddings.embed([c.text for c in chunks], ctx.user_id)
    repository.put_vectors(base_id, service.vectors_for(document, chunks, vectors))

    def ready() -> int:
        repository.update_document(document, status="ready", chunks=len(chunks))
        repository.add_counts(base, 1, len(chunks))
        return len(chunks)

    count = ctx.once("ready", ready)
    return StepResult(
        output={"document_id": document_id, "chunks": count},
        cost_micro_usd=embeddings.cost_micro_usd(tokens),
        tokens_in=tokens,
    )


def search(ctx: StepContext) -> StepResult:
    """The nearest chunks of a base to a query, with citations."""
    base_id = _text(ctx.input.get("base_id"), "base_id")
    try:
        body = SearchIn(query=_text(ctx.input.get("query"), "query"), top_k=ctx.input.get("top_k", 5))
        found, tokens = knowledge_search.search(ctx.user_id, base_id, body.query, body.top_k)
    except WeboxError as exc:
        raise StepFailed(exc.code, exc.message) from exc
    except ValueError as exc:
        raise StepFailed("knowledge.invalid_input", str(exc)[:300]) from exc
    return StepResult(
        output=found.model_dump(), cost_micro_usd=embeddings.cost_micro_usd(tokens), tokens_in=tokens
    )


register("knowledge.ingest", ingest)
register("knowledge.search", search)
