"""The knowledge-search tool, as every feature with knowledge bases calls it (agents' steps, voice
personas during calls): search the bases with a query, keep each call with its input and result (or
error) and number the passages found, so the model can cite them from its prompt."""

from __future__ import annotations

from typing import Any

from webox.errors import WeboxError
from webox.knowledge import search as knowledge_search

TOOL = "knowledge_search"
MAX_QUERY_CHARS = 2000


def search(
    user_id: str, base_ids: list[str], query: str, top_k: int = 4
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Search each base: (tool calls with input and result or error code, numbered citations)."""
    calls: list[dict[str, Any]] = []
    citations: list[dict[str, Any]] = []
    for base_id in base_ids:
        call: dict[str, Any] = {"tool": TOOL, "input": {"base_id": base_id, "query": query[:MAX_QUERY_CHARS]}}
        try:
            found, _tokens = knowledge_search.search(user_id, base_id, query[:MAX_QUERY_CHARS], top_k)
        except WeboxError as exc:
            call["error"] = exc.code
        else:
            hits = [hit.model_dump() for hit in found.hits]
            call["result"] = hits
            for hit in hits:
                citations.append({"n": len(citations) + 1, **hit["citation"], "text": hit["text"]})
        calls.append(call)
    return calls, citations


def sources_context(citations: list[dict[str, Any]]) -> str:
    """The passages found, as the model reads them (numbered for citation); empty when none."""
    if not citations:
        return ""
    lines = ["Sources :"]
    lines.extend(f"[{c['n']}] {c['filename']} (p. {c['page']}) : {c['text']}" for c in citations)
    return "\n".join(lines)
