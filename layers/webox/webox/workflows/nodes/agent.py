"""Agent node: one of the owner's agents (or a built-in) works on a task written from a template, as
the agents feature runs it (`agent.run`: its model, instructions, tools and knowledge bases); the
node's output is the agent's final answer, its cost counts in the run's budget. The agent is frozen
into the plan when the run starts (editing it later changes no run)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Any

from pydantic import StringConstraints

from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult
from webox.workflows.nodes.base import Call, NodeConfig, NodeType, RunInfo, register, register_kind, step
from webox.workflows.nodes.runtime import render

AgentId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]


def _agent(user_id: str, agent_id: str, lang: str) -> dict[str, Any]:
    from webox.agents import catalogue, runs

    return runs.snapshot(catalogue.get_agent(user_id, agent_id, "en" if lang == "en" else "fr"))


class AgentConfig(NodeConfig):
    agent_id: AgentId
    template: Annotated[str, StringConstraints(min_length=1, max_length=4_000)]

    def templates(self) -> list[str]:
        return [self.template]

    def calls_in(self, run: RunInfo) -> list[Call]:
        if not run.user_id:
            return []
        agent = _agent(run.user_id, self.agent_id, run.lang)
        return [Call(str(agent["model"]), self.template + str(agent.get("instructions") or ""))]

    def owner_problems(self, user_id: str) -> list[tuple[str, str]]:
        from webox.agents.errors import AgentNotFound

        try:
            _agent(user_id, self.agent_id, "fr")
        except AgentNotFound:
            return [("agent_not_found", f"the agent {self.agent_id} is not one of yours")]
        return []


class _AgentStep:
    """The workflow step's context as `agent.run` reads it: the frozen agent and the rendered task,
    and no upstream outputs (the template already quotes what the agent should read)."""

    def __init__(self, outer: StepContext, step_input: dict[str, Any]) -> None:
        self.outer = outer
        self.input = step_input
        self.upstream: dict[str, Any] = {}
        self.user_id = outer.user_id
        self.task_id = outer.task_id
        self.step_id = outer.step_id
        self.resume_at: datetime | None = outer.resume_at

    def once(self, call: str, effect: Callable[[], Any]) -> Any:
        return self.outer.once(call, effect)

    def delta(self, text: str) -> None:
        self.outer.delta(text)


def run_agent_node(ctx: StepContext) -> StepResult:
    from webox.agents import steps as agent_steps

    task = render(str(ctx.input["template"]), ctx)
    if not task.strip():
        raise StepFailed("workflows.empty_task", "The agent's task is empty")
    return agent_steps.run_agent(_AgentStep(ctx, {"agent": ctx.input["agent"], "task": task}))


def compile_agent(node_id: str, config: AgentConfig, after: list[str], run: RunInfo) -> list[dict[str, Any]]:
    step_input = {
        **config.model_dump(),
        "agent": _agent(run.user_id, config.agent_id, run.lang),
        "values": run.values,
    }
    return [step(node_id, "workflow.agent", step_input, after)]


register(NodeType("agent", AgentConfig, compile_agent))
register_kind(
    "workflow.agent",
    run_agent_node,
    models=lambda i: [str((i.get("agent") or {}).get("model", ""))] if i.get("agent") else [],
)
