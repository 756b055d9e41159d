"""Workflows in and out: the graph (nodes, edges, typed variables), versions, runs, estimates and the
marketplace. A node's `config` is checked by its node type (`webox.workflows.nodes`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from webox.marketplace.schemas import ReportReason, ReportStatus
from webox.prompts.schemas import Lang, Variable
from webox.tasks.schemas import StepOut, TaskStatus

MAX_NODES = 60
MAX_EDGES = 200
NODE_ID = r"^[a-z][a-z0-9_]{0,29}$"

NodeId = Annotated[str, StringConstraints(pattern=NODE_ID)]
NodeType = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,31}$")]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
WorkflowId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]

_GRAPH_EXAMPLE: dict[str, Any] = {
    "variables": [{"name": "sujet", "label": "Sujet", "type": "text", "required": True}],
    "nodes": [
        {"id": "input", "type": "input", "label": "Entrée", "config": {}},
        {
            "id": "plan",
            "type": "prompt",
            "label": "Plan",
            "config": {"model": "gpt-4o-mini", "template": "Fais le plan d'un article sur {{sujet}}."},
        },
        {"id": "result", "type": "output", "label": "Résultat", "config": {"template": "{{plan}}"}},
    ],
    "edges": [{"source": "input", "target": "plan"}, {"source": "plan", "target": "result"}],
}

_ID = "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0"
_AT = "2025-01-31T09:30:00Z"
_WORKFLOW_EXAMPLE: dict[str, Any] = {
    "id": _ID,
    "title": "Article",
    "description": "Plan puis article",
    "lang": "fr",
    "graph": _GRAPH_EXAMPLE,
    "version": 2,
    "run_count": 3,
    "published": False,
    "builtin": False,
    "forked_from": None,
    "created_at": _AT,
    "updated_at": _AT,
}
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
    "started_at": _AT,
    "finished_at": _AT,
}
_RUN_EXAMPLE: dict[str, Any] = {
    "id": _ID,
    "workflow_id": _ID,
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
    "created_at": _AT,
    "finished_at": _AT,
}
_MARKET_EXAMPLE: dict[str, Any] = {
    "id": _ID,
    "title": "Article",
    "description": "Plan puis article",
    "lang": "fr",
    "author_name": "Alice Martin",
    "graph": _GRAPH_EXAMPLE,
    "rating_avg": 4.5,
    "rating_count": 2,
    "runs": 12,
    "forks": 3,
    "forked_from": None,
    "published_at": _AT,
}


def _examples(*examples: Any) -> dict[str, Any]:
    return {"examples": list(examples)}


class NodePosition(BaseModel):
    model_config = ConfigDict(extra="forbid")

    x: float = 0
    y: float = 0


class WorkflowNode(BaseModel):
    """One node: its id (what `{{id}}` refers to in later nodes), its type and that type's settings."""

    model_config = ConfigDict(extra="forbid")

    id: NodeId
    type: NodeType
    label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] = ""
    config: dict[str, Any] = Field(default_factory=dict)
    position: NodePosition | None = None


class WorkflowEdge(BaseModel):
    """`branch`: on an edge out of a Condition node, the outcome that takes it."""

    model_config = ConfigDict(extra="forbid")

    source: NodeId
    target: NodeId
    branch: Literal["true", "false"] | None = None


class WorkflowGraph(BaseModel):
    """A workflow's graph: typed input variables (the run form), nodes and the edges between them."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_GRAPH_EXAMPLE]})

    variables: list[Variable] = Field(default_factory=list, max_length=20)
    nodes: list[WorkflowNode] = Field(min_length=1, max_length=MAX_NODES)
    edges: list[WorkflowEdge] = Field(default_factory=list, max_length=MAX_EDGES)
    allowed_hosts: list[Annotated[str, StringConstraints(max_length=253)]] = Field(
        default_factory=list, max_length=20, description="Hosts the HTTP request nodes may call."
    )

    @field_validator("variables")
    @classmethod
    def _distinct(cls, variables: list[Variable]) -> list[Variable]:
        names = [v.name for v in variables]
        if len(set(names)) != len(names):
            raise ValueError("each variable is declared once")
        return variables


class WorkflowCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"title": "Article", "description": "", "lang": "fr", "graph": _GRAPH_EXAMPLE}]
        },
    )

    title: Title
    description: Description = ""
    lang: Lang = "fr"
    graph: WorkflowGraph


class WorkflowUpdate(WorkflowCreate):
    """A new version: the whole workflow, and the version it was edited from (a stale one is refused)."""

    model_config = ConfigDict(
        json_schema_extra=_examples(
            {"title": "Article", "description": "", "lang": "fr", "graph": _GRAPH_EXAMPLE, "base_version": 1}
        )
    )

    base_version: int = Field(ge=1)


class WorkflowLineage(BaseModel):
    workflow_id: str
    author_name: str
    title: str


class WorkflowOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=_examples(_WORKFLOW_EXAMPLE))

    id: str
    title: str
    description: str
    lang: Lang
    graph: WorkflowGraph
    version: int
    run_count: int
    published: bool
    builtin: bool = False
    forked_from: WorkflowLineage | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class SharedWorkflow(BaseModel):
    """A workflow as a share link shows it: its graph, to read or copy; no ids, runs or owner."""

    title: str
    description: str
    lang: Lang
    version: int
    graph: WorkflowGraph


class WorkflowPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=_examples({"items": [_WORKFLOW_EXAMPLE], "next_cursor": None})
    )

    items: list[WorkflowOut]
    next_cursor: str | None = None


class WorkflowVersionSummary(BaseModel):
    version: int
    title: str
    source: Literal["create", "edit", "restore", "fork", "import"]
    created_at: datetime


class WorkflowVersionList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=_examples(
            {"items": [{"version": 2, "title": "Article", "source": "edit", "created_at": _AT}]}
        )
    )

    items: list[WorkflowVersionSummary]


class WorkflowNodeChange(BaseModel):
    node: str
    change: Literal["added", "removed", "changed"]
    fields: list[str] = Field(default_factory=list)


class WorkflowVersionDiff(BaseModel):
    """What changed from version `a` to version `b`."""

    model_config = ConfigDict(
        json_schema_extra=_examples(
            {
                "a": 1,
                "b": 2,
                "title_changed": False,
                "nodes": [{"node": "plan", "change": "changed", "fields": ["config"]}],
                "edges_added": [],
                "edges_removed": [],
                "variables_added": [],
                "variables_removed": [],
                "variables_changed": [],
            }
        )
    )

    a: int
    b: int
    title_changed: bool
    nodes: list[WorkflowNodeChange]
    edges_added: list[WorkflowEdge]
    edges_removed: list[WorkflowEdge]
    variables_added: list[str]
    variables_removed: list[str]
    variables_changed: list[str]


class GraphProblem(BaseModel):
    node: str | None = None
    variable: str | None = None
    message: str
    code: str | None = Field(
        default=None,
        description="Why the owner may not use what the node names (`workflows.base_not_found`…).",
    )


class GraphValidation(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=_examples(
            {
                "valid": False,
                "problems": [
                    {"node": "plan", "variable": None, "message": "{{ton}} refers to no variable or node"}
                ],
            }
        )
    )

    valid: bool
    problems: list[GraphProblem]


Values = dict[Annotated[str, StringConstraints(max_length=64)], str | float | int | None]


class WorkflowRunCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"values": {"sujet": "le vélo"}, "budget_micro_usd": 50000}]},
    )

    values: Values = Field(default_factory=dict, max_length=20)
    budget_micro_usd: int | None = Field(default=None, ge=0, le=100_000_000)


class RunEstimateIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_examples({"values": {"sujet": "le vélo"}}))

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
        json_schema_extra=_examples(
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
    model_config = ConfigDict(json_schema_extra=_examples(_RUN_EXAMPLE))

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
    model_config = ConfigDict(json_schema_extra=_examples({"items": [_RUN_EXAMPLE]}))

    items: list[WorkflowRunOut]


class WorkflowRerun(BaseModel):
    """Run again from `node`: with `output`, that node's output is replaced by it (it does not run),
    and only what follows it runs again."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra=_examples({"node": "plan", "output": "1. Sécurité\\n2. Économies"})
    )

    node: NodeId
    output: Annotated[str, StringConstraints(max_length=50_000)] | None = None


class WorkflowDecision(BaseModel):
    """Approve (with `output`, the step succeeds with that text instead of running) or reject a step
    waiting for approval (an Approval node, or an iteration of a For-each node that asks for one)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=_examples({"step": "review", "decision": "approve", "output": "Texte relu"}),
    )

    step: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
    decision: Literal["approve", "reject"]
    output: Annotated[str, StringConstraints(max_length=50_000)] | None = None


class WorkflowRetry(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_examples({"node": "plan"}))

    node: NodeId


class WorkflowExport(BaseModel):
    """A workflow as a file: what `import` reads back into the same workflow."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=_examples(
            {
                "format": "webox.workflow",
                "format_version": 1,
                "title": "Article",
                "description": "",
                "lang": "fr",
                "graph": _GRAPH_EXAMPLE,
            }
        ),
    )

    format: Literal["webox.workflow"] = "webox.workflow"
    format_version: Literal[1] = 1
    title: Title
    description: Description = ""
    lang: Lang = "fr"
    graph: WorkflowGraph


class WorkflowMarketItem(BaseModel):
    model_config = ConfigDict(json_schema_extra=_examples(_MARKET_EXAMPLE))

    id: str
    title: str
    description: str
    lang: Lang
    author_name: str
    graph: WorkflowGraph
    rating_avg: float
    rating_count: int
    runs: int
    forks: int
    forked_from: WorkflowLineage | None = None
    published_at: datetime


class WorkflowMarketPage(BaseModel):
    model_config = ConfigDict(json_schema_extra=_examples({"items": [_MARKET_EXAMPLE], "next_cursor": None}))

    items: list[WorkflowMarketItem]
    next_cursor: str | None = None


_REPORT_EXAMPLE: dict[str, Any] = {
    "workflow_id": _ID,
    "workflow_title": "Article de blog SEO",
    "owner_id": "8f14e45fceea167a5a36dedd4bea2543",
    "reporter_id": "c9f0f895fb98ab9159f51fd0297e236d",
    "reason": "spam",
    "details": "Publicité déguisée pour un site.",
    "status": "open",
    "created_at": _AT,
}


class WorkflowReportReceipt(BaseModel):
    """What the reporter is told: their report, without who owns the workflow."""

    model_config = ConfigDict(
        json_schema_extra=_examples(
            {k: v for k, v in _REPORT_EXAMPLE.items() if k not in ("owner_id", "reporter_id")}
        )
    )

    workflow_id: str
    workflow_title: str
    reason: ReportReason
    details: str
    status: ReportStatus
    created_at: datetime


class WorkflowReportOut(WorkflowReportReceipt):
    """A report as moderators see it."""

    model_config = ConfigDict(json_schema_extra=_examples(_REPORT_EXAMPLE))

    owner_id: str
    reporter_id: str


class WorkflowReportPage(BaseModel):
    """Open reports, newest first."""

    model_config = ConfigDict(json_schema_extra=_examples({"items": [_REPORT_EXAMPLE], "next_cursor": None}))

    items: list[WorkflowReportOut]
    next_cursor: str | None = None
