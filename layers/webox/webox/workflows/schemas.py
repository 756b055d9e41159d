"""Workflows in and out: the graph (nodes, edges, typed variables), versions, runs, estimates and the
marketplace. A node's `config` is checked by its node type (`webox.workflows.nodes`)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from webox.languages import Lang
from webox.prompts.variables import Variable

MAX_NODES = 60
MAX_EDGES = 200
NODE_ID = r"^[a-z][a-z0-9_]{0,29}$"

NodeId = Annotated[str, StringConstraints(pattern=NODE_ID)]
NodeType = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z_]{0,31}$")]
Title = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]
Description = Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)]
WorkflowId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]

GRAPH_EXAMPLE: dict[str, Any] = {
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

EXAMPLE_ID = "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0"
EXAMPLE_AT = "2025-01-31T09:30:00Z"
_WORKFLOW_EXAMPLE: dict[str, Any] = {
    "id": EXAMPLE_ID,
    "title": "Article",
    "description": "Plan puis article",
    "lang": "fr",
    "graph": GRAPH_EXAMPLE,
    "version": 2,
    "run_count": 3,
    "published": False,
    "builtin": False,
    "forked_from": None,
    "created_at": EXAMPLE_AT,
    "updated_at": EXAMPLE_AT,
}


def examples(*items: Any) -> dict[str, Any]:
    """A model's `json_schema_extra` naming its examples."""
    return {"examples": list(items)}


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

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [GRAPH_EXAMPLE]})

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
            "examples": [{"title": "Article", "description": "", "lang": "fr", "graph": GRAPH_EXAMPLE}]
        },
    )

    title: Title
    description: Description = ""
    lang: Lang = "fr"
    graph: WorkflowGraph


class WorkflowUpdate(WorkflowCreate):
    """A new version: the whole workflow, and the version it was edited from (a stale one is refused)."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {"title": "Article", "description": "", "lang": "fr", "graph": GRAPH_EXAMPLE, "base_version": 1}
        )
    )

    base_version: int = Field(ge=1)


class WorkflowLineage(BaseModel):
    workflow_id: str
    author_name: str
    title: str


class WorkflowOut(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(_WORKFLOW_EXAMPLE))

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
    model_config = ConfigDict(json_schema_extra=examples({"items": [_WORKFLOW_EXAMPLE], "next_cursor": None}))

    items: list[WorkflowOut]
    next_cursor: str | None = None


class WorkflowVersionSummary(BaseModel):
    version: int
    title: str
    source: Literal["create", "edit", "restore", "fork", "import"]
    created_at: datetime


class WorkflowVersionList(BaseModel):
    model_config = ConfigDict(
        json_schema_extra=examples(
            {"items": [{"version": 2, "title": "Article", "source": "edit", "created_at": EXAMPLE_AT}]}
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
        json_schema_extra=examples(
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
        json_schema_extra=examples(
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


class WorkflowExport(BaseModel):
    """A workflow as a file: what `import` reads back into the same workflow."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra=examples(
            {
                "format": "webox.workflow",
                "format_version": 1,
                "title": "Article",
                "description": "",
                "lang": "fr",
                "graph": GRAPH_EXAMPLE,
            }
        ),
    )

    format: Literal["webox.workflow"] = "webox.workflow"
    format_version: Literal[1] = 1
    title: Title
    description: Description = ""
    lang: Lang = "fr"
    graph: WorkflowGraph
