"""Workflow runs in and out: starting one, its estimate, its nodes with the engine's steps, and what
an owner does to a run under way (approve, rerun from a node, retry)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from webox.tasks.schemas import StepOut, TaskStatus
from webox.workflows.schemas import EXAMPLE_AT, EXAMPLE_ID, NodeId, examples

_STEP_EXAMPLE: dict[str, Any] = {
    "step_id": "plan",
    "kind": "workflow.prompt",
    "status": "succeeded",
    "attempt": 1,
    "input": {"model": "gpt-4o-mini", "template": "Fais le plan d'un article sur {{sujet}}."},
    "output": {"text": "1. Introduction\n2. Conseils", "model": "gpt-4o-mini"},
    "tokens_in": 20,
    "tokens_out": 90,
    "cost_micro_usd": 57,
    "latency_ms": 850,
    "error": None,
    "decision": None,
    "resume_at": None,
    "started_at": EXAMPLE_AT,
    "finished_at": EXAMPLE_AT,
}
_RUN_EXAMPLE: dict[str, Any] = {
    "id": EXAMPLE_ID,
    "workflow_id": EXAMPLE_ID,
    "version": 2,
    "status": "succeeded",
    "seq": 9,
    "cost_micro_usd": 57,
    "budget_micro_usd": None,
    "error": None,
    "nodes": [
        {
            "node": "plan",
            "status": "succeeded",
            "output": _STEP_EXAMPLE["output"],
            "tokens_in": 20,
            "tokens_out": 90,
            "cost_micro_usd": 57,
            "latency_ms": 850,
            "steps": [_STEP_EXAMPLE],
        }
    ],
    "created_at": EXAMPLE_AT,
    "finished_at": EXAMPLE_AT,
}

Values = dict[Annotated[str, StringConstraints(max_length=64)], str | float | int | None]


class WorkflowRunCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"values": {"sujet": "le vélo"}, "budget_micro_usd": 50000}]},
    )

    values: Values = Field(default_factory=dict, max_length=20)
    budget_micro_usd: int | None = Field(default=None, ge=0, le=100_000_000)


class RunEstimateIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=examples({"values": {"sujet": "le vélo"}}))

    values: Values = Field(default_factory=dict, max_length=20)


class WorkflowCallEstimate(BaseModel):
    node: str
    model: str
    input_tokens: int
    output_tokens: int
    cost_micro_usd: int


class RunEstimate(BaseModel):
    """What a run should cost, node by node (model calls at the registry's prices)."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {
                "cost_micro_usd": 57,
                "calls": [
                    {
                        "node": "plan",
                        "model": "gpt-4o-mini",
                        "input_tokens": 20,
                        "output_tokens": 90,
                        "cost_micro_usd": 57,
                    }
                ],
            }
        )
    )

    cost_micro_usd: int
    calls: list[WorkflowCallEstimate]


class WorkflowNodeRun(BaseModel):
    """One node of a run: the steps it ran as (a multi-model node runs one per model, then its judge)."""

    node: str
    status: str
    output: Any = None
    tokens_in: int
    tokens_out: int
    cost_micro_usd: int
    latency_ms: int | None
    steps: list[StepOut]


class WorkflowRunOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(_RUN_EXAMPLE))

    id: str
    workflow_id: str
    version: int
    status: TaskStatus
    seq: int
    cost_micro_usd: int
    budget_micro_usd: int | None
    error: dict[str, str] | None
    nodes: list[WorkflowNodeRun]
    created_at: datetime
    finished_at: datetime | None


class WorkflowRunPage(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples({"items": [_RUN_EXAMPLE]}))

    items: list[WorkflowRunOut]


class WorkflowRerun(BaseModel):
    """Run again from `node`: with `output`, that node's output is replaced by it (it does not run),
    and only what follows it runs again."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=examples({"node": "plan", "output": "1. Sécurité\\n2. Économies"})
    )

    node: NodeId
    output: Annotated[str, StringConstraints(max_length=50_000)] | None = None


class WorkflowDecision(BaseModel):
    """Approve (with `output`, the step succeeds with that text instead of running) or reject a step
    waiting for approval (an Approval node, or an iteration of a For-each node that asks for one)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples({"step": "review", "decision": "approve", "output": "Texte relu"}),
    )

    step: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
    decision: Literal["approve", "reject"]
    output: Annotated[str, StringConstraints(max_length=50_000)] | None = None


class WorkflowRetry(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=examples({"node": "plan"}))

    node: NodeId
