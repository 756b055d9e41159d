"""Condition node: if/else on a value (or on a model's yes/no classification of it). The edges out
of it carry `branch: "true"` or `"false"`; the branch not taken is skipped by the engine (and so is
everything that only it leads to)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import StringConstraints

from webox.tasks.kinds import StepContext, StepResult
from webox.workflows.nodes.base import Call, NodeConfig, NodeType, RunInfo, register, register_kind, step
from webox.workflows.nodes.runtime import call_model, render

Operator = Literal["contains", "equals", "not_empty", "greater_than", "less_than", "model_yes"]


class ConditionConfig(NodeConfig):
    value: Annotated[str, StringConstraints(min_length=1, max_length=5_000)]
    operator: Operator = "contains"
    operand: Annotated[str, StringConstraints(max_length=1_000)] = ""
    # For `model_yes`: the model answers `operand` (a yes/no question) about the value.
    model: Annotated[str, StringConstraints(max_length=100)] | None = None

    def templates(self) -> list[str]:
        return [self.value]

    def calls(self) -> list[Call]:
        if self.operator == "model_yes" and self.model:
            return [Call(self.model, self.value + self.operand, 5)]
        return []


def _number(text: str) -> float | None:
    try:
        return float(text.strip().replace(",", "."))
    except ValueError:
        return None


def decide(operator: str, value: str, operand: str) -> bool:
    """Whether the condition holds (comparisons ignore case and surrounding spaces)."""
    if operator == "contains":
        return operand.strip().lower() in value.lower()
    if operator == "equals":
        return value.strip().lower() == operand.strip().lower()
    if operator == "not_empty":
        return bool(value.strip())
    left, right = _number(value), _number(operand)
    if left is None or right is None:
        return False
    return left > right if operator == "greater_than" else left < right


def run_condition(ctx: StepContext) -> StepResult:
    value = render(str(ctx.input["value"]), ctx)
    operator, operand = str(ctx.input["operator"]), str(ctx.input.get("operand") or "")
    result = StepResult()
    if operator == "model_yes":
        question = f"{operand}\nAnswer only yes or no.\n\n{value}"
        answer, result = call_model(
            ctx, str(ctx.input["model"]), question, temperature=0, max_tokens=5, stream=False
        )
        holds = answer.strip().lower().startswith(("yes", "oui"))
    else:
        holds = decide(operator, value, operand)
    routes: dict[str, list[str]] = ctx.input.get("routes") or {}
    result.output = {"text": value, "branch": "true" if holds else "false"}
    result.skip = list(routes.get("false" if holds else "true", []))
    return result


def compile_condition(
    node_id: str, config: ConditionConfig, after: list[str], run: RunInfo
) -> list[dict[str, Any]]:
    # `routes` (branch -> successor step ids) is filled in once the whole plan is known.
    return [
        step(
            node_id, "workflow.condition", {**config.model_dump(), "values": run.values, "routes": {}}, after
        )
    ]


register(NodeType("condition", ConditionConfig, compile_condition, min_inputs=1))
register_kind(
    "workflow.condition",
    run_condition,
    models=lambda i: [str(i["model"])] if i.get("operator") == "model_yes" and i.get("model") else [],
)
