"""What a node type is: its settings (a pydantic model), the plan steps it compiles to, the model calls
it will make (for the cost estimate) and the texts whose `{{references}}` must resolve.

A node compiles to one step whose id is the node's id (what later nodes refer to), possibly after
helper steps of its own (`<id>-m1`…). Its step kinds are registered on the task engine by the same
module, so adding a node type is one small module named in `nodes/__init__.py`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict

from webox.tasks import kinds
from webox.tasks.kinds import StepContext, StepResult, Wait


class NodeConfig(BaseModel):
    """Base of every node type's settings: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid")

    def templates(self) -> list[str]:
        """Texts whose `{{references}}` must name a variable or an earlier node."""
        return []

    def calls(self) -> list[Call]:
        """The model calls one run of this node makes (for the cost estimate)."""
        return []

    def calls_in(self, run: RunInfo) -> list[Call]:
        """The model calls of this node in one run (the owner's data may name the model: an agent's)."""
        return self.calls()

    def owner_problems(self, user_id: str) -> list[tuple[str, str]]:
        """What the workflow's owner may not use in this node (another user's knowledge base, a blog
        draft without the editor role), as (code, message) pairs."""
        return []


@dataclass(frozen=True)
class Call:
    """A model call a node will make: its prompt (with references), the texts it reads from earlier
    nodes and the most tokens it may write."""

    model: str
    template: str
    max_tokens: int | None = None
    extra_refs: tuple[str, ...] = ()
    judge_of: tuple[str, ...] = ()


@dataclass(frozen=True)
class RunInfo:
    """What every node of one run compiles with: the run form's checked values, the hosts the
    workflow's HTTP nodes may call, whose run it is and the workflow's language."""

    values: dict[str, str]
    allowed_hosts: list[str] = field(default_factory=list)
    user_id: str = ""
    lang: str = "fr"


@dataclass(frozen=True)
class NodeType:
    name: str
    config: type[NodeConfig]
    # (node id, settings, predecessors, the run) -> the node's plan steps
    compile: Callable[[str, Any, list[str], RunInfo], list[dict[str, Any]]]
    min_inputs: int = 0
    max_inputs: int | None = None


NODE_TYPES: dict[str, NodeType] = {}
KINDS: list[str] = []  # the engine step kinds the node types run as


def register(node_type: NodeType) -> None:
    """Make a node type usable in graphs."""
    NODE_TYPES[node_type.name] = node_type


def step(
    step_id: str, kind: str, step_input: dict[str, Any], after: list[str], **extra: Any
) -> dict[str, Any]:
    """One plan step (a `tasks.schemas.StepSpec` as a dict)."""
    return {
        "id": step_id,
        "kind": kind,
        "input": step_input,
        "after": after,
        "needs_approval": False,
        **extra,
    }


def editable(run: Callable[[StepContext], StepResult | Wait]) -> Callable[[StepContext], StepResult | Wait]:
    """A step whose output a person replaced (a re-run with an edited output) gives that output and
    does no work."""

    def wrapped(ctx: StepContext) -> StepResult | Wait:
        edited = ctx.input.get("edited_output")
        if isinstance(edited, str):
            return StepResult(output={"text": edited, "edited": True})
        return run(ctx)

    return wrapped


def register_kind(
    name: str,
    run: Callable[[StepContext], StepResult | Wait],
    *,
    models: Callable[[dict[str, Any]], list[str]] | None = None,
) -> None:
    """A workflow step kind on the task engine (its output can be replaced on a re-run)."""
    kinds.register(name, editable(run), models=models)
    KINDS.append(name)
