"""Workflows in and out: the graph (nodes, edges, typed variables), versions, runs, estimates and the
marketplace. A node's `config` is checked by its node type (`webox.workflows.nodes`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

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


class Position(BaseModel):
    model_config = ConfigDict(extra="forbid")

    x: float = 0
    y: float = 0


class Node(BaseModel):
    """One node: its id (what `{{id}}` refers to in later nodes), its type and that type's settings."""

    model_config = ConfigDict(extra="forbid")

    id: NodeId
    type: NodeType
    label: Annotated[str, StringConstraints(strip_whitespace=True, max_length=80)] = ""
    config: dict[str, Any] = Field(default_factory=dict)
    position: Position | None = None


class Edge(BaseModel):
    """`branch`: on an edge out of a Condition node, the outcome that takes it."""

    model_config = ConfigDict(extra="forbid")

    source: NodeId
    target: NodeId
    branch: Literal["true", "false"] | None = None


class Graph(BaseModel):
    """A workflow's graph: typed input variables (the run form), nodes and the edges between them."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_GRAPH_EXAMPLE]})

    variables: list[Variable] = Field(default_factory=list, max_length=20)
    nodes: list[Node] = Field(min_length=1, max_length=MAX_NODES)
    edges: list[Edge] = Field(default_factory=list, max_length=MAX_EDGES)
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
        json_schema_extra={"examples": [{"title": "Article", "description": "", "lang": "fr", "graph": _GRAPH_EXAMPLE}]},
    )

    title: Title
    description: Description = ""
    lang: Lang = "fr"
    graph: Graph


class WorkflowUpdate(WorkflowCreate):
    """A new version: the whole workflow, and the version it was edited from (a stale one is refused)."""

    base_version: int = Field(ge=1)


class Lineage(BaseModel):
    workflow_id: str
    author_name: str
    title: str


class WorkflowOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [{"id": "0" * 32, "graph": _GRAPH_EXAMPLE}]})

    id: str
    title: str
    description: str
    lang: Lang
    graph: Graph
    version: int
    run_count: int
    published: bool
    builtin: bool = False
    forked_from: Lineage | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None


class WorkflowPage(BaseModel):
    items: list[WorkflowOut]
    next_cursor: str | None = None


class VersionSummary(BaseModel):
    version: int
    title: str
    source: Literal["create", "edit", "restore", "fork", "import"]
    created_at: datetime


class VersionList(BaseModel):
    items: list[VersionSummary]


class NodeChange(BaseModel):
    node: str
    change: Literal["added", "removed", "changed"]
    fields: list[str] = Field(default_factory=list)


class VersionDiff(BaseModel):
    """What changed from version `a` to version `b`."""

    a: int
    b: int
    title_changed: bool
    nodes: list[NodeChange]
    edges_added: list[Edge]
    edges_removed: list[Edge]
    variables_added: list[str]
    variables_removed: list[str]
    variables_changed: list[str]


class Problem(BaseModel):
    node: str | None = None
    variable: str | None = None
    message: str


class Validation(BaseModel):
    valid: bool
    problems: list[Problem]


Values = dict[Annotated[str, StringConstraints(max_length=64)], str | float | int | None]


class RunCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"values": {"sujet": "le vélo"}, "budget_micro_usd": 50000}]}
    )

    values: Values = Field(default_factory=dict, max_length=20)
    budget_micro_usd: int | None = Field(default=None, ge=0, le=100_000_000)


class EstimateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    values: Values = Field(default_factory=dict, max_length=20)


class NodeEstimate(BaseModel):
    node: str
    model: str
    input_tokens: int
    output_tokens: int
    cost_micro_usd: int


class Estimate(BaseModel):
    """What a run should cost, node by node (model calls at the registry's prices)."""

    cost_micro_usd: int
    calls: list[NodeEstimate]


class NodeRun(BaseModel):
    """One node of a run: the steps it ran as (a multi-model node runs one per model, then its judge)."""

    node: str
    status: str
    output: Any = None
    tokens_in: int
    tokens_out: int
    cost_micro_usd: int
    latency_ms: int | None
    steps: list[StepOut]


class RunOut(BaseModel):
    id: str
    workflow_id: str
    version: int
    status: TaskStatus
    seq: int
    cost_micro_usd: int
    budget_micro_usd: int | None
    error: dict[str, str] | None
    nodes: list[NodeRun]
    created_at: datetime
    finished_at: datetime | None


class RunPage(BaseModel):
    items: list[RunOut]


class Rerun(BaseModel):
    """Run again from `node`: with `output`, that node's output is replaced by it (it does not run),
    and only what follows it runs again."""

    model_config = ConfigDict(extra="forbid")

    node: NodeId
    output: Annotated[str, StringConstraints(max_length=50_000)] | None = None


class NodeDecision(BaseModel):
    """Approve (with `output`, the step succeeds with that text instead of running) or reject a step
    waiting for approval (an Approval node, or an iteration of a For-each node that asks for one)."""

    model_config = ConfigDict(extra="forbid")

    step: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
    decision: Literal["approve", "reject"]
    output: Annotated[str, StringConstraints(max_length=50_000)] | None = None


class RetryNode(BaseModel):
    model_config = ConfigDict(extra="forbid")

    node: NodeId


class ExportDoc(BaseModel):
    """A workflow as a file: what `import` reads back into the same workflow."""

    model_config = ConfigDict(extra="forbid")

    format: Literal["webox.workflow"] = "webox.workflow"
    format_version: Literal[1] = 1
    title: Title
    description: Description = ""
    lang: Lang = "fr"
    graph: Graph


class MarketItem(BaseModel):
    id: str
    title: str
    description: str
    lang: Lang
    author_name: str
    graph: Graph
    rating_avg: float
    rating_count: int
    runs: int
    forks: int
    forked_from: Lineage | None = None
    published_at: datetime


class MarketPage(BaseModel):
    items: list[MarketItem]
    next_cursor: str | None = None


class RateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    stars: int = Field(ge=1, le=5)


class RatingOut(BaseModel):
    rating_avg: float
    rating_count: int
    my_stars: int
