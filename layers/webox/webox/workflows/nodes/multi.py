"""Multi-model + judge node: N models answer the same prompt in parallel (one step each), then the
chat's cross-verification (`webox.verification`) compares them and its fused answer is the node's
output."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints, field_validator

from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult
from webox.workflows.nodes.base import Call, NodeConfig, NodeType, RunInfo, register, register_kind, step
from webox.workflows.nodes.runtime import render, text_of

ModelId = Annotated[str, StringConstraints(min_length=1, max_length=100)]
Template = Annotated[str, StringConstraints(min_length=1, max_length=20_000)]


class MultiConfig(NodeConfig):
    models: list[ModelId] = Field(min_length=2, max_length=6)
    template: Template
    system: Annotated[str, StringConstraints(max_length=5_000)] | None = None
    max_tokens: int | None = Field(default=None, ge=1, le=8_000)
    judge: ModelId | None = None

    @field_validator("models")
    @classmethod
    def _distinct(cls, models: list[str]) -> list[str]:
        if len(set(models)) != len(models):
            raise ValueError("each model is named once")
        return models

    def templates(self) -> list[str]:
        return [self.template]

    def calls(self) -> list[Call]:
        answers = [Call(m, self.template + (self.system or ""), self.max_tokens) for m in self.models]
        judge = Call(self.judge or "", self.template, None, judge_of=tuple(self.models))
        return [*answers, judge]


def branch_id(node_id: str, index: int) -> str:
    return f"{node_id}-m{index + 1}"


def run_judge(ctx: StepContext) -> StepResult:
    from webox import aio
    from webox.verification import panel

    branches: dict[str, str] = ctx.input["branches"]
    answers = {model: text_of(ctx.upstream.get(step_id)) for step_id, model in branches.items()}
    if len(answers) < 2:
        raise StepFailed("workflows.too_few_answers", "The judge needs at least two answers")
    question = render(str(ctx.input["template"]), ctx)
    wanted = ctx.input.get("judge")
    judged = aio.run(
        panel.judged(
            ctx.user_id,
            question,
            answers,
            request_id=f"{ctx.task_id}:{ctx.step_id}",
            judge=str(wanted) if wanted else None,
        )
    )
    return StepResult(
        output={"text": judged.best, "verdict": judged.verdict.model_dump(mode="json"), "answers": answers},
        cost_micro_usd=judged.cost_micro_usd,
        tokens_in=judged.tokens_in,
        tokens_out=judged.tokens_out,
    )


def compile_multi(node_id: str, config: MultiConfig, after: list[str], run: RunInfo) -> list[dict[str, Any]]:
    common = {
        "template": config.template,
        "system": config.system,
        "max_tokens": config.max_tokens,
        "values": run.values,
    }
    branches = [
        step(branch_id(node_id, i), "workflow.prompt", {**common, "model": m}, after)
        for i, m in enumerate(config.models)
    ]
    judge_input = {
        "branches": {b["id"]: m for b, m in zip(branches, config.models, strict=True)},
        "judge": config.judge,
        "template": config.template,
        "values": run.values,
    }
    return [*branches, step(node_id, "workflow.judge", judge_input, [*after, *(b["id"] for b in branches)])]


register(NodeType("multi", MultiConfig, compile_multi))
register_kind("workflow.judge", run_judge)
