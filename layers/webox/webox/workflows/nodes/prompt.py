"""Prompt node: one model answers a template filled with the run's values and earlier outputs."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints

from webox.tasks.kinds import StepContext, StepResult
from webox.workflows.nodes.base import Call, NodeConfig, NodeType, RunInfo, register, register_kind, step
from webox.workflows.nodes.runtime import call_model, render

ModelId = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Template = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class PromptConfig(NodeConfig):
    model: ModelId
    template: Template
    system: Annotated[str, StringConstraints(max_length=5_000)] | None = None
    temperature: float | None = Field(default=None, ge=0, le=2)
    max_tokens: int | None = Field(default=None, ge=1, le=8_000)

    def templates(self) -> list[str]:
        return [self.template]

    def calls(self) -> list[Call]:
        return [Call(self.model, self.template + (self.system or ""), self.max_tokens)]


def run_prompt(ctx: StepContext) -> StepResult:
    text, result = call_model(
        ctx,
        str(ctx.input["model"]),
        render(str(ctx.input["template"]), ctx),
        system=ctx.input.get("system"),
        temperature=ctx.input.get("temperature"),
        max_tokens=ctx.input.get("max_tokens"),
    )
    result.output = {"text": text, "model": ctx.input["model"]}
    return result


def compile_prompt(
    node_id: str, config: PromptConfig, after: list[str], run: RunInfo
) -> list[dict[str, Any]]:
    return [step(node_id, "workflow.prompt", {**config.model_dump(), "values": run.values}, after)]


register(NodeType("prompt", PromptConfig, compile_prompt))
register_kind("workflow.prompt", run_prompt, models=lambda i: [str(i["model"])] if "model" in i else [])
