"""Knowledge-base search node: searches the owner's knowledge bases with a query template; its output
is the passages found, numbered with their source and position (text later nodes can quote), and the
structured citations."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult
from webox.workflows.nodes.base import NodeConfig, NodeType, RunInfo, register, register_kind, step
from webox.workflows.nodes.runtime import render

BaseId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]


class KnowledgeConfig(NodeConfig):
    bases: list[BaseId] = Field(min_length=1, max_length=5)
    query: Annotated[str, StringConstraints(min_length=1, max_length=2_000)]
    top_k: int = Field(default=4, ge=1, le=10)

    def templates(self) -> list[str]:
        return [self.query]

    def owner_problems(self, user_id: str) -> list[tuple[str, str]]:
        from webox.knowledge import repository

        return [
            ("knowledge_base_not_found", f"the knowledge base {base_id} is not one of yours")
            for base_id in dict.fromkeys(self.bases)
            if repository.find_base(user_id, base_id) is None
        ]


def run_knowledge(ctx: StepContext) -> StepResult:
    from webox.knowledge import tool

    query = render(str(ctx.input["query"]), ctx).strip()
    if not query:
        raise StepFailed("workflows.empty_query", "The search query is empty")
    searched = tool.search(ctx.user_id, list(ctx.input["bases"]), query, int(ctx.input.get("top_k", 4)))
    failed = [call for call in searched.calls if "error" in call]
    if failed:
        first = failed[0]
        raise StepFailed(str(first["error"]), f"The search in {first['input']['base_id']} failed")
    return StepResult(
        output={
            "text": tool.sources_context(searched.citations),
            "query": query,
            "citations": searched.citations,
        },
        cost_micro_usd=searched.cost_micro_usd,
        tokens_in=searched.tokens,
    )


def compile_knowledge(
    node_id: str, config: KnowledgeConfig, after: list[str], run: RunInfo
) -> list[dict[str, Any]]:
    return [step(node_id, "workflow.knowledge", {**config.model_dump(), "values": run.values}, after)]


register(NodeType("knowledge", KnowledgeConfig, compile_knowledge))
register_kind("workflow.knowledge", run_knowledge)
