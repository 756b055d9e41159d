"""Agent bodies: agents, runs with their plan, metrics."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, EmailStr, Field, StringConstraints

from webox.agents.ids import AgentId
from webox.tasks.schemas import StepId, TaskDetail

Lang = Literal["fr", "en"]
Tool = Literal[
    "knowledge_search",
    "calculator",
    "structured_extraction",
    "ask_agent",
    "multi_model_chat",
    "create_document",
    "send_email",
    "http_request",
]
Host = Annotated[
    str,
    StringConstraints(
        strip_whitespace=True, to_lower=True, pattern=r"^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?(:[0-9]{1,5})?$"
    ),
]
Text = Annotated[str, StringConstraints(strip_whitespace=True, max_length=2000)]

_AGENT_EXAMPLE: dict[str, Any] = {
    "name": "Veille concurrentielle",
    "description": "Suit les offres des concurrents.",
    "instructions": "Tu compares les offres et résumes les écarts de prix.",
    "model": "gpt-4o-mini",
    "tools": ["knowledge_search", "calculator"],
    "knowledge_base_ids": [],
    "output_format": "Tableau, puis trois points clés.",
    "definition_of_done": "Chaque écart est chiffré.",
}
_AGENT_OUT_EXAMPLE: dict[str, Any] = {
    **_AGENT_EXAMPLE,
    "agent_id": "3f9a1c0e5b7d4e2a8c6f0b1d2e3a4c5b",
    "builtin": False,
    "created_at": "2025-01-31T09:30:00Z",
    "updated_at": "2025-02-03T14:12:45Z",
}
_RUN_SUMMARY_EXAMPLE: dict[str, Any] = {
    "run_id": "17383159000000000000a1b2c3d4",
    "goal": "Préparer le lancement de notre offre PME",
    "agent_ids": ["ventes", "marketing", "finance"],
    "status": "draft",
    "task_id": None,
    "created_at": "2025-01-31T09:30:00Z",
}
_RUN_EXAMPLE: dict[str, Any] = {
    **_RUN_SUMMARY_EXAMPLE,
    "plan_source": "model",
    "plan_note": None,
    "assignments": [
        {"id": "ventes", "agent_id": "ventes", "task": "Rédige l'offre PME", "after": []},
        {"id": "marketing", "agent_id": "marketing", "task": "Plan de campagne", "after": ["ventes"]},
        {"id": "finance", "agent_id": "finance", "task": "Chiffre la marge", "after": ["ventes"]},
    ],
    "email_to": "moi@example.com",
    "budget_micro_usd": 50000,
    "max_steps": 8,
    "task": None,
}


class AgentIn(BaseModel):
    """An agent one creates or edits."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [_AGENT_EXAMPLE]})

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=300)] = ""
    instructions: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=8000)]
    model: Annotated[str, StringConstraints(max_length=100)]
    tools: list[Tool] = Field(default_factory=list, max_length=8)
    knowledge_base_ids: list[Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]] = Field(
        default_factory=list, max_length=5
    )
    output_format: Text = ""
    definition_of_done: Text = ""
    allowed_hosts: list[Host] = Field(
        default_factory=list,
        max_length=20,
        description="Hosts (`name` or `name:port`) the `http_request` tool may call; nothing else is reached.",
    )


McpToolName = Annotated[str, StringConstraints(pattern=r"^[a-zA-Z_][a-zA-Z0-9_-]{0,63}$")]
_MCP_SERVER_EXAMPLE: dict[str, Any] = {
    "server_id": "9c1f0e2d3b4a5c6d7e8f9a0b1c2d3e4f",
    "url": "https://mcp.example.com/mcp",
    "masked_token": "sk_…a1b2",
    "allowed_tools": ["search_tickets"],
}


class McpServerIn(BaseModel):
    """A remote MCP server for one's own agent: its streamable HTTP URL, a bearer token, allowed tools."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {"url": "https://mcp.example.com/mcp", "token": "sk_live_0123456789", "allowed_tools": []}
            ]
        },
    )

    url: Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=2000)]
    token: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4096)]
    allowed_tools: list[McpToolName] = Field(default_factory=list, max_length=50)


class McpToolsUpdate(BaseModel):
    """The tools of a server the agent may call (an allow-list of the names the server lists)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"allowed_tools": ["search"]}]})

    allowed_tools: list[McpToolName] = Field(max_length=50)


class McpServerOut(BaseModel):
    """An agent's MCP server as shown: never its token, only the token's last characters."""

    model_config = ConfigDict(json_schema_extra={"examples": [_MCP_SERVER_EXAMPLE]})

    server_id: str
    url: str
    masked_token: str
    allowed_tools: list[str]


class McpTool(BaseModel):
    """A tool an MCP server lists."""

    name: str
    description: str


class McpServerTools(McpServerOut):
    """A server with the tools it lists now (to pick the allowed ones from)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    **_MCP_SERVER_EXAMPLE,
                    "tools": [{"name": "search_tickets", "description": "Search support tickets"}],
                }
            ]
        }
    )

    tools: list[McpTool]


class AgentOut(AgentIn):
    """An agent as listed: a built-in (`builtin`, read-only) or one's own."""

    model_config = ConfigDict(json_schema_extra={"examples": [_AGENT_OUT_EXAMPLE]})

    agent_id: str
    builtin: bool
    mcp_servers: list[McpServerOut] = Field(default_factory=list)
    created_at: datetime | None = None
    updated_at: datetime | None = None


class Assignment(BaseModel):
    """One step of a team's plan: which agent does what, after which other steps."""

    model_config = ConfigDict(extra="forbid")

    id: StepId
    agent_id: AgentId
    task: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
    after: list[StepId] = Field(default_factory=list, max_length=20)


class RunCreate(BaseModel):
    """A goal for one agent (runs at once) or a team of two to eight (a plan to approve first)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "goal": "Préparer le lancement de notre offre PME",
                    "agent_ids": ["ventes", "marketing", "finance"],
                    "budget_micro_usd": 50000,
                    "max_steps": 8,
                    "email_to": "moi@example.com",
                }
            ]
        },
    )

    goal: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=4000)]
    agent_ids: list[AgentId] = Field(min_length=1, max_length=8)
    budget_micro_usd: int | None = Field(default=None, ge=1, le=100_000_000)
    max_steps: int = Field(default=10, ge=1, le=20, description="Agent steps the plan may hold")
    email_to: EmailStr | None = Field(
        default=None, description="Send the final answer to this address (a step you approve first)"
    )


class PlanUpdate(BaseModel):
    """A team's plan as its owner edited it (steps changed, removed or added)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "assignments": [
                        {"id": "ventes", "agent_id": "ventes", "task": "Rédige l'offre PME", "after": []},
                        {
                            "id": "marketing",
                            "agent_id": "marketing",
                            "task": "Plan de campagne",
                            "after": ["ventes"],
                        },
                    ]
                }
            ]
        },
    )

    assignments: list[Assignment] = Field(min_length=1, max_length=20)


class RunOut(BaseModel):
    """A run, its plan and (once approved) its task with every step."""

    model_config = ConfigDict(json_schema_extra={"examples": [_RUN_EXAMPLE]})

    run_id: str
    goal: str
    agent_ids: list[str]
    status: Literal["draft", "started"]
    assignments: list[Assignment]
    plan_source: Literal["model", "derived"] = Field(
        default="derived", description="`model`: drafted by the supervisor; `derived`: one step per member"
    )
    plan_note: str | None = Field(default=None, description="Why the supervisor's plan was not used")
    email_to: str | None
    budget_micro_usd: int | None
    max_steps: int
    task_id: str | None
    task: TaskDetail | None = None
    created_at: datetime


class RunSummary(BaseModel):
    """A run in the history."""

    model_config = ConfigDict(json_schema_extra={"examples": [_RUN_SUMMARY_EXAMPLE]})

    run_id: str
    goal: str
    agent_ids: list[str]
    status: Literal["draft", "started"]
    task_id: str | None
    created_at: datetime


class ToolDecision(BaseModel):
    """The owner's decision on a tool call waiting for approval: run it once, or refuse it (the model is told)."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"decision": "approve"}]})

    decision: Literal["approve", "reject"]


class ToolLinkDecision(ToolDecision):
    """A decision through an e-mailed link's token (in the body, never in a URL)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"token": "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOi…", "decision": "reject"}]},
    )

    token: Annotated[str, StringConstraints(min_length=20, max_length=2048)]


class ToolDecided(BaseModel):
    """What a link decided."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"decision": "reject", "task_status": "running"}]}
    )

    decision: Literal["approve", "reject"]
    task_status: str
