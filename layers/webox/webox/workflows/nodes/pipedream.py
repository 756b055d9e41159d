"""Pipedream action node: runs a Connect action (`component_key`) with one of the owner's accounts.
Its props may read the run's values and earlier nodes (`{{summary}}`, also inside lists); they are
checked against the component's definition when the graph is saved or validated, and the account
against its owner when the node runs (the `pipedream.action` step kind of automations)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, StringConstraints, model_validator

from webox.placeholders import map_strings, strings_in
from webox.tasks.kinds import StepContext, StepResult
from webox.workflows.nodes.base import NodeConfig, NodeType, RunInfo, register, register_kind, step
from webox.workflows.nodes.runtime import render

ComponentKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(-[a-z0-9_]+)+$", max_length=128)]
AccountId = Annotated[str, StringConstraints(pattern=r"^apn_[A-Za-z0-9]{1,64}$")]


class PipedreamConfig(NodeConfig):
    component_key: ComponentKey
    account_id: AccountId
    props: dict[str, Any] = Field(default_factory=dict, max_length=50)

    @model_validator(mode="after")
    def _fits_component(self) -> PipedreamConfig:
        from webox.automations import components
        from webox.errors import WeboxError

        try:
            component = components.get_component(self.component_key)
            if component.component_type not in (None, "action"):
                raise ValueError(f"{self.component_key!r} is not an action")
            if components.app_of(component) is None:
                raise ValueError(f"{self.component_key!r} uses no connected account")
            components.check_props(component, self.props, templated=True)
        except WeboxError as exc:
            raise ValueError(exc.message) from None
        return self

    def templates(self) -> list[str]:
        return strings_in(self.props)


def run_pipedream(ctx: StepContext) -> StepResult:
    from webox.automations.kinds import run_connect_action

    props = map_strings(dict(ctx.input.get("props") or {}), lambda text: render(text, ctx))
    result = run_connect_action(ctx, str(ctx.input["component_key"]), str(ctx.input["account_id"]), props)
    output = result.output if isinstance(result.output, dict) else {}
    summary = output.get("summary")
    result.output = {**output, "text": str(summary) if summary else ""}
    return result


def compile_pipedream(
    node_id: str, config: PipedreamConfig, after: list[str], run: RunInfo
) -> list[dict[str, Any]]:
    return [step(node_id, "workflow.pipedream", {**config.model_dump(), "values": run.values}, after)]


register(NodeType("pipedream", PipedreamConfig, compile_pipedream))
register_kind("workflow.pipedream", run_pipedream)
