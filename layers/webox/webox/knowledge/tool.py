"""The knowledge-search tool, as every feature with knowledge bases calls it (agents' steps, voice
personas during calls): search the bases with a query, keep each call with its input and result (or
error) and number the passages found, so the model can cite them from its prompt."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from webox.errors import WeboxError
from webox.knowledge import embeddings
from webox.knowledge import search as knowledge_search

TOOL = "knowledge_search"
MAX_QUERY_CHARS = 2000


@dataclass
class Searched:
    """What searching some bases gave: each call with its input and result (or error code), the
    passages numbered for citation, and the embedding tokens the queries used (a cost to count)."""

    calls: list[dict[str, Any]]
    citations: list[dict[str, Any]]
    tokens: int = 0

    @property
    def cost_micro_usd(self) -> int:
        return embeddings.cost_micro_usd(self.tokens)


def search(user_id: str, base_ids: list[str], query: str, top_k: int = 4) -> Searched:
    """Search each base with `query`."""
    searched = Searched([], [])
    for base_id in base_ids:
        call: dict[str, Any] = {"tool": TOOL, "input": {"base_id": base_id, "query": query[:MAX_QUERY_CHARS]}}
        try:
            found, tokens = knowledge_search.search(user_id, base_id, query[:MAX_QUERY_CHARS], top_k)
        except WeboxError as exc:
            call["error"] = exc.code
        else:
            searched.tokens += tokens
            hits = [hit.model_dump() for hit in found.hits]
            call["result"] = hits
            for hit in hits:
                n = len(searched.citations) + 1
                searched.citations.append({"n": n, **hit["citation"], "text": hit["text"]})
        searched.calls.append(call)
    return searched


def sources_context(citations: list[dict[str, Any]]) -> str:
    """The passages found, as the model reads them (numbered for citation); empty when none."""
    if not citations:
        return ""
    lines = ["Sources :"]
    lines.extend(f"[{c['n']}] {c['filename']} (p. {c['page']}) : {c['text']}" for c in citations)
    return "\n".join(lines)
