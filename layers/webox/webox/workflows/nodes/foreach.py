"""For-each node: one iteration per item of a list (lines of a text, or a list an Extract node
returned), at most `max_iterations`; each iteration is a model call on `{{item}}`, optionally held for
its owner's approval (who may edit its output). The iterations join the run's plan when the node runs
(the engine's `Expand`), then one step collects their outputs as the node's output."""

from __future__ import annotations

import json
from typing import Annotated, Any

from pydantic import Field, StringConstraints

from webox.tasks.errors import StepFailed
from webox.tasks.kinds import Expand, StepContext, StepResult
from webox.workflows.nodes.base import Call, NodeConfig, NodeType, RunInfo, register, register_kind, step
from webox.workflows.nodes.runtime import render, text_of

ITEM = "item"
MAX_ITERATIONS = 50


class ForEachConfig(NodeConfig):
    items: Annotated[str, StringConstraints(min_length=1, max_length=5_000)]
    model: Annotated[str, StringConstraints(min_length=1, max_length=100)]
    template: Annotated[str, StringConstraints(min_length=1, max_length=20_000)]
    max_iterations: int = Field(default=10, ge=1, le=MAX_ITERATIONS)
    approve_each: bool = False

    def templates(self) -> list[str]:
        return [self.items, self.template.replace("{{item}}", "")]

    def calls(self) -> list[Call]:
        # The estimate counts one iteration per allowed item: an upper bound of the loop.
        return [Call(self.model, self.template, None)] * min(self.max_iterations, 3)


def items_of(ctx: StepContext, source: str) -> list[str]:
    """The list to iterate on: a referenced node's list output (`data` of an Extract node, first list
    field), else the rendered text's non-empty lines."""
    for name in ctx.upstream:
        if source.strip() == "{{" + name + "}}":
            output = ctx.upstream[name]
            data = output.get("data") if isinstance(output, dict) else None
            if isinstance(data, dict):
                lists = [v for v in data.values() if isinstance(v, list)]
                if lists:
                    return [text_of(item) for item in lists[0]]
    return [line.strip(" -*\t") for line in render(source, ctx).splitlines() if line.strip(" -*\t")]


def run_foreach(ctx: StepContext) -> StepResult:
    items = items_of(ctx, str(ctx.input["items"]))
    limit = int(ctx.input.get("max_iterations", 10))
    if len(items) > limit:
        raise StepFailed(
            "workflows.too_many_items", f"{len(items)} items, over this loop's maximum of {limit}"
        )
    values = dict(ctx.input.get("values") or {})
    body = {"model": ctx.input["model"], "template": ctx.input["template"]}
    iterations = [
        step(
            f"{ctx.step_id}-i{n + 1}",
            "workflow.prompt",
            {**body, "values": {**values, ITEM: item}},
            [ctx.step_id, *ctx.upstream],
            needs_approval=bool(ctx.input.get("approve_each")),
        )
        for n, item in enumerate(items)
    ]
    collect = step(
        f"{ctx.step_id}-all", "workflow.collect", {}, [s["id"] for s in iterations] or [ctx.step_id]
    )
    return Expand(
        output={"text": json.dumps(items, ensure_ascii=False), "items": items}, steps=[*iterations, collect]
    )


def run_collect(ctx: StepContext) -> StepResult:
    texts = [text_of(output) for step_id, output in ctx.upstream.items() if "-i" in step_id]
    return StepResult(output={"text": "\n\n".join(texts), "items": texts})


def compile_foreach(
    node_id: str, config: ForEachConfig, after: list[str], run: RunInfo
) -> list[dict[str, Any]]:
    return [step(node_id, "workflow.foreach", {**config.model_dump(), "values": run.values}, after)]


register(NodeType("foreach", ForEachConfig, compile_foreach, min_inputs=1))
register_kind("workflow.foreach", run_foreach)
register_kind("workflow.collect", run_collect)
