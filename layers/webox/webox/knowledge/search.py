"""Searching a knowledge base: the chunks nearest to a query, with their citations. Apart from the
service so that what only searches (a call's relay, the MCP server) does not import document readers."""

from __future__ import annotations

from webox.knowledge import repository
from webox.knowledge.errors import BaseNotFound
from webox.knowledge.models import KnowledgeBase
from webox.knowledge.schemas import Citation, Hit, SearchOut


def load_base(user_id: str, base_id: str) -> KnowledgeBase:
    """The caller's base, or 404 (another user's too)."""
    base = repository.find_base(user_id, base_id)
    if base is None:
        raise BaseNotFound()
    return base


def search(user_id: str, base_id: str, query: str, top_k: int = 5) -> tuple[SearchOut, int]:
    """The chunks nearest to `query`, with their citations; and the embedding tokens used."""
    # Imported here: the knowledge service loads bases (uploads, lists) without the providers' clients.
    from webox.knowledge import embeddings

    load_base(user_id, base_id)
    [vector], tokens = embeddings.embed([query], user_id)
    hits = []
    for found in repository.query(base_id, vector, top_k):
        meta = found.get("metadata") or {}
        hits.append(
            Hit(
                text=str(meta.get("text", "")),
                score=round(1.0 - float(found.get("distance", 1.0)), 6),
                citation=Citation(
                    document_id=str(meta.get("document_id", "")),
                    filename=str(meta.get("filename", "")),
                    page=int(meta.get("page", 1)),
                    position=int(meta.get("position", 0)),
                ),
            )
        )
    return SearchOut(query=query, hits=hits), tokens
