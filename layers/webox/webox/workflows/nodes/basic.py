"""Structural nodes: Input (the run form's values), Merge (joins parallel branches), Output (the
result, from a template) and Human approval (the run stops until its owner approves)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import StringConstraints

from webox.tasks.kinds import StepContext, StepResult
from webox.workflows.nodes.base import NodeConfig, NodeType, RunInfo, register, register_kind, step
from webox.workflows.nodes.runtime import render, text_of

Template = Annotated[str, StringConstraints(max_length=20_000)]


class InputConfig(NodeConfig):
    pass


class MergeConfig(NodeConfig):
    separator: Annotated[str, StringConstraints(max_length=20)] = "\n\n"


class OutputConfig(NodeConfig):
    template: Template = ""
    format: Annotated[str, StringConstraints(pattern=r"^(text|markdown)$")] = "markdown"

    def templates(self) -> list[str]:
        return [self.template]


class ApprovalConfig(NodeConfig):
    instructions: Annotated[str, StringConstraints(max_length=2_000)] = ""


def _upstream_text(ctx: StepContext, separator: str = "\n\n") -> str:
    return separator.join(text_of(output) for output in ctx.upstream.values() if output is not None)


def run_input(ctx: StepContext) -> StepResult:
    values = ctx.input.get("values") or {}
    return StepResult(output={"values": values, "text": "\n".join(f"{k}: {v}" for k, v in values.items())})


def run_merge(ctx: StepContext) -> StepResult:
    return StepResult(output={"text": _upstream_text(ctx, str(ctx.input.get("separator", "\n\n")))})


def run_output(ctx: StepContext) -> StepResult:
    template = str(ctx.input.get("template") or "")
    text = render(template, ctx) if template.strip() else _upstream_text(ctx)
    return StepResult(output={"text": text, "format": ctx.input.get("format", "markdown")})


def run_approval(ctx: StepContext) -> StepResult:
    return StepResult(output={"text": _upstream_text(ctx), "approved": True})


def _compile(kind: str, **extra: Any) -> Any:
    def compile_node(
        node_id: str, config: NodeConfig, after: list[str], run: RunInfo
    ) -> list[dict[str, Any]]:
        step_input = {**config.model_dump(), "values": run.values}
        return [step(node_id, kind, step_input, after, **extra)]

    return compile_node


register(NodeType("input", InputConfig, _compile("workflow.input"), max_inputs=0))
register(NodeType("merge", MergeConfig, _compile("workflow.merge"), min_inputs=2))
register(NodeType("output", OutputConfig, _compile("workflow.output"), min_inputs=1))
register(
    NodeType("approval", ApprovalConfig, _compile("workflow.approval", needs_approval=True), min_inputs=1)
)
register_kind("workflow.input", run_input)
register_kind("workflow.merge", run_merge)
register_kind("workflow.output", run_output)
register_kind("workflow.approval", run_approval)
