"""Agents over HTTP: the catalogue and one's own agents, runs (plans to edit and approve), metrics,
and knowledge bases (upload, ingestion on the task engine, search)."""

from __future__ import annotations

import json
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool
from webox.agents import approvals as agents_approvals
from webox.agents import catalogue as agents_catalogue
from webox.agents import mcp_servers as agents_mcp_servers
from webox.agents import metrics as agents_metrics
from webox.agents import runs as agents_runs
from webox.agents.errors import (
    AgentLimitReached,
    AgentNotFound,
    BuiltinReadOnly,
    InvalidPlan,
    McpServerLimit,
    McpServerNotFound,
    McpServerUnreachable,
    McpToolNotListed,
    NotAToolCall,
    RunNotDraft,
    RunNotFound,
    UnknownModel,
    UnknownPeriod,
)
from webox.agents.metric_schemas import AgentMetrics
from webox.agents.schemas import (
    AgentIn,
    AgentOut,
    Lang,
    McpServerIn,
    McpServerTools,
    McpToolsUpdate,
    PlanUpdate,
    RunCreate,
    RunOut,
    RunSummary,
    ToolDecided,
    ToolDecision,
    ToolLinkDecision,
)
from webox.auth.dependencies import require_scope
from webox.auth.principals import Principal
from webox.http import PROBLEM, create_app, error_responses, lambda_handler
from webox.knowledge import search as knowledge_search
from webox.knowledge import service as knowledge_service
from webox.knowledge.errors import (
    BaseLimitReached,
    BaseNotFound,
    DocumentNotFound,
    DocumentNotUploaded,
    DocumentTooLarge,
    UnsupportedFormat,
)
from webox.knowledge.schemas import (
    BaseCreate,
    BaseOut,
    DocumentCreate,
    DocumentOut,
    DocumentUpload,
    SearchIn,
    SearchOut,
)
from webox.net.safe_http import UrlNotAllowed
from webox.tasks.errors import ApprovalLinkInvalid, NotWaitingApproval, TaskFinished
from webox.tasks.schemas import ApprovalLookup, ApprovalRequest

WriteCaller = Annotated[Principal, Depends(require_scope("tasks"))]
ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
AgentIdPath = Annotated[
    str, Path(pattern=r"^([a-z][a-z-]{1,30}|[0-9a-f]{32})$", description="A built-in's slug or an agent's id")
]
Hex32 = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
RunId = Annotated[str, Path(pattern=r"^[0-9]{20}[0-9a-f]{8}$", description="Run id")]
Language = Annotated[Lang | None, Query(description="Language of built-ins (default: the caller's)")]
Days = Annotated[int, Query(description="The period, in days: 7, 30 or 90")]
ServerId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="An agent's MCP server id")]
StepIdPath = Annotated[str, Path(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$", description="A run's step id")]

agents = APIRouter(prefix="/api/agents", tags=["agents"])
mcp = APIRouter(prefix="/api/mcp", tags=["agents"])
McpCaller = Annotated[Principal, Depends(require_scope("tasks"))]


def _lang(caller: Principal, lang: str | None = None) -> Lang:
    chosen = lang or caller.user.language
    return "en" if chosen == "en" else "fr"


# -- knowledge bases (static paths first: they would otherwise read as an agent id) ---------------


@agents.get("/knowledge-bases")
def list_bases(caller: ReadCaller) -> list[BaseOut]:
    """The caller's knowledge bases."""
    return knowledge_service.list_bases(caller.user_id)


@agents.post("/knowledge-bases", status_code=201, responses=error_responses(BaseLimitReached))
def create_base(caller: WriteCaller, body: BaseCreate) -> BaseOut:
    """A new empty knowledge base."""
    return knowledge_service.create_base(caller.user_id, body)


@agents.get("/knowledge-bases/{base_id}", responses=error_responses(BaseNotFound))
def get_base(caller: ReadCaller, base_id: Hex32) -> BaseOut:
    """One knowledge base."""
    return knowledge_service.get_base(caller.user_id, base_id)


@agents.delete("/knowledge-bases/{base_id}", status_code=204, responses=error_responses(BaseNotFound))
def delete_base(caller: WriteCaller, base_id: Hex32) -> Response:
    """A knowledge base with its documents and vectors."""
    knowledge_service.delete_base(caller.user_id, base_id)
    return Response(status_code=204)


@agents.get("/knowledge-bases/{base_id}/documents", responses=error_responses(BaseNotFound))
def list_documents(caller: ReadCaller, base_id: Hex32) -> list[DocumentOut]:
    """A base's documents and their ingestion status."""
    return knowledge_service.list_documents(caller.user_id, base_id)


@agents.post(
    "/knowledge-bases/{base_id}/documents",
    status_code=201,
    responses=error_responses(BaseNotFound, UnsupportedFormat, DocumentTooLarge, BaseLimitReached),
)
def add_document(caller: WriteCaller, base_id: Hex32, body: DocumentCreate) -> DocumentUpload:
    """A document to upload (PDF, DOCX, HTML, Markdown, TXT; 25 MB at most): post the file to `url`."""
    return knowledge_service.add_document(caller.user_id, base_id, body)


@agents.get("/knowledge-bases/{base_id}/documents/{document_id}", responses=error_responses(DocumentNotFound))
def get_document(caller: ReadCaller, base_id: Hex32, document_id: Hex32) -> DocumentOut:
    """One document and its ingestion status."""
    return knowledge_service.get_document(caller.user_id, base_id, document_id)


@agents.post(
    "/knowledge-bases/{base_id}/documents/{document_id}/ingest",
    responses=error_responses(DocumentNotFound, DocumentNotUploaded, DocumentTooLarge),
)
def ingest_document(caller: WriteCaller, base_id: Hex32, document_id: Hex32) -> DocumentOut:
    """Extract, chunk and embed the uploaded file (a task: follow it live)."""
    return knowledge_service.ingest(caller.user_id, base_id, document_id)


@agents.delete(
    "/knowledge-bases/{base_id}/documents/{document_id}",
    status_code=204,
    responses=error_responses(BaseNotFound, DocumentNotFound),
)
def delete_document(caller: WriteCaller, base_id: Hex32, document_id: Hex32) -> Response:
    """A document, its file and its chunks."""
    knowledge_service.delete_document(caller.user_id, base_id, document_id)
    return Response(status_code=204)


@agents.post("/knowledge-bases/{base_id}/search", responses=error_responses(BaseNotFound))
def search(caller: ReadCaller, base_id: Hex32, body: SearchIn) -> SearchOut:
    """The chunks nearest to a question, with their document, page and position."""
    found, _tokens = knowledge_search.search(caller.user_id, base_id, body.query, body.top_k)
    return found


# -- runs ------------------------------------------------------------------------------------------


@agents.get("/runs")
def list_runs(caller: ReadCaller) -> list[RunSummary]:
    """The caller's runs, newest first."""
    return agents_runs.list_runs(caller.user_id)


@agents.post("/runs", status_code=201, responses=error_responses(AgentNotFound, InvalidPlan))
def create_run(caller: WriteCaller, body: RunCreate) -> RunOut:
    """Give a goal to one agent (it starts) or a team (its plan waits for approval)."""
    return agents_runs.create_run(caller.user_id, body, _lang(caller))


@agents.get("/runs/{run_id}", responses=error_responses(RunNotFound))
def get_run(caller: ReadCaller, run_id: RunId) -> RunOut:
    """A run, its plan and its task's steps (outputs, tool calls, tokens, cost, time)."""
    return agents_runs.get_run(caller.user_id, run_id)


@agents.put(
    "/runs/{run_id}/plan", responses=error_responses(RunNotFound, RunNotDraft, InvalidPlan, AgentNotFound)
)
def update_plan(caller: WriteCaller, run_id: RunId, body: PlanUpdate) -> RunOut:
    """Edit a team's plan before approving it: change, remove or add steps."""
    return agents_runs.update_plan(caller.user_id, run_id, body, _lang(caller))


@agents.post("/runs/{run_id}/approve", responses=error_responses(RunNotFound, RunNotDraft, InvalidPlan))
def approve_plan(caller: WriteCaller, run_id: RunId) -> RunOut:
    """Approve a team's plan: its steps start on the task engine."""
    return agents_runs.approve_plan(caller.user_id, run_id, _lang(caller))


@agents.post("/runs/{run_id}/cancel", responses=error_responses(RunNotFound, RunNotDraft, TaskFinished))
def cancel_run(caller: WriteCaller, run_id: RunId) -> RunOut:
    """Cancel a run: no further step starts."""
    return agents_runs.cancel_run(caller.user_id, run_id)


@agents.post(
    "/runs/{run_id}/tool-calls/{step_id}/decision",
    responses=error_responses(RunNotFound, NotAToolCall, NotWaitingApproval),
)
def decide_tool_call(caller: WriteCaller, run_id: RunId, step_id: StepIdPath, body: ToolDecision) -> RunOut:
    """Approve a tool call waiting for approval (it runs once) or refuse it (the agent is told)."""
    return agents_runs.decide_tool_call(caller.user_id, run_id, step_id, body.decision)


@agents.post("/approvals", responses=error_responses(ApprovalLinkInvalid))
def read_tool_approval(body: ApprovalLookup) -> ApprovalRequest:
    """The tool call an e-mailed approval link decides on (reading does not use the link)."""
    return agents_approvals.link_request(body.token)


@agents.post("/approvals/decision", responses=error_responses(ApprovalLinkInvalid))
def decide_tool_approval(body: ToolLinkDecision) -> ToolDecided:
    """Approve or refuse a tool call through an e-mailed link's token, once."""
    task = agents_approvals.decide_by_link(body.token, body.decision)
    return ToolDecided(decision=body.decision, task_status=task.status)


# -- agents ----------------------------------------------------------------------------------------


@agents.get("")
def list_agents(caller: ReadCaller, lang: Language = None) -> list[AgentOut]:
    """The eight built-in specialists (in the caller's language) and one's own agents."""
    return agents_catalogue.list_agents(caller.user_id, _lang(caller, lang))


@agents.post("", status_code=201, responses=error_responses(UnknownModel, AgentLimitReached, BaseNotFound))
def create_agent(caller: WriteCaller, body: AgentIn) -> AgentOut:
    """One's own agent."""
    return agents_catalogue.create_agent(caller.user_id, body)


@agents.get("/{agent_id}", responses=error_responses(AgentNotFound))
def get_agent(caller: ReadCaller, agent_id: AgentIdPath, lang: Language = None) -> AgentOut:
    """A built-in or one's own agent."""
    return agents_catalogue.get_agent(caller.user_id, agent_id, _lang(caller, lang))


@agents.put(
    "/{agent_id}", responses=error_responses(AgentNotFound, BuiltinReadOnly, UnknownModel, BaseNotFound)
)
def update_agent(caller: WriteCaller, agent_id: AgentIdPath, body: AgentIn) -> AgentOut:
    """Edit one's own agent (a built-in is read-only: duplicate it)."""
    return agents_catalogue.update_agent(caller.user_id, agent_id, body)


@agents.delete("/{agent_id}", status_code=204, responses=error_responses(AgentNotFound, BuiltinReadOnly))
def delete_agent(caller: WriteCaller, agent_id: AgentIdPath) -> Response:
    """Delete one's own agent."""
    agents_catalogue.delete_agent(caller.user_id, agent_id)
    return Response(status_code=204)


@agents.post(
    "/{agent_id}/duplicate", status_code=201, responses=error_responses(AgentNotFound, AgentLimitReached)
)
def duplicate_agent(caller: WriteCaller, agent_id: AgentIdPath, lang: Language = None) -> AgentOut:
    """Copy a built-in or own agent into a new own agent."""
    return agents_catalogue.duplicate_agent(caller.user_id, agent_id, _lang(caller, lang))


@agents.get("/{agent_id}/metrics", responses=error_responses(AgentNotFound, UnknownPeriod))
def get_metrics(caller: ReadCaller, agent_id: AgentIdPath, days: Days = 30) -> AgentMetrics:
    """Success rate, median steps, cost per successful run, tool error rate, p50/p95 duration."""
    agents_catalogue.get_agent(caller.user_id, agent_id, "fr")
    return agents_metrics.summary(caller.user_id, agent_id, days)


# -- an agent's remote MCP servers -----------------------------------------------------------------

_MCP_REACH = (UrlNotAllowed, McpServerUnreachable)


@agents.post(
    "/{agent_id}/mcp-servers",
    status_code=201,
    responses=error_responses(AgentNotFound, BuiltinReadOnly, McpServerLimit, McpToolNotListed, *_MCP_REACH),
)
def add_mcp_server(caller: WriteCaller, agent_id: AgentIdPath, body: McpServerIn) -> McpServerTools:
    """Give one's own agent a remote MCP server (streamable HTTP, bearer token): it is reached and its
    tools listed first; internal and link-local addresses are refused."""
    return agents_mcp_servers.add_server(caller.user_id, agent_id, body)


@agents.get(
    "/{agent_id}/mcp-servers/{server_id}/tools",
    responses=error_responses(AgentNotFound, McpServerNotFound, *_MCP_REACH),
)
def list_mcp_tools(caller: ReadCaller, agent_id: AgentIdPath, server_id: ServerId) -> McpServerTools:
    """A server with the tools it lists now, to choose the allowed ones."""
    return agents_mcp_servers.server_tools(caller.user_id, agent_id, server_id)


@agents.put(
    "/{agent_id}/mcp-servers/{server_id}",
    responses=error_responses(AgentNotFound, McpServerNotFound, McpToolNotListed, *_MCP_REACH),
)
def update_mcp_server(
    caller: WriteCaller, agent_id: AgentIdPath, server_id: ServerId, body: McpToolsUpdate
) -> McpServerTools:
    """Choose which of a server's tools the agent may call."""
    return agents_mcp_servers.update_server(caller.user_id, agent_id, server_id, body)


@agents.delete(
    "/{agent_id}/mcp-servers/{server_id}",
    status_code=204,
    responses=error_responses(AgentNotFound, BuiltinReadOnly, McpServerNotFound),
)
def remove_mcp_server(caller: WriteCaller, agent_id: AgentIdPath, server_id: ServerId) -> Response:
    """Remove a server and its token from one's own agent."""
    agents_mcp_servers.remove_server(caller.user_id, agent_id, server_id)
    return Response(status_code=204)


# -- WeBox as an MCP server ------------------------------------------------------------------------


_MCP_REQUEST = {"jsonrpc": "2.0", "id": 1, "method": "tools/list", "params": {}}
_MCP_ANSWER = {
    "jsonrpc": "2.0",
    "id": 1,
    "result": {
        "tools": [
            {
                "name": "knowledge_search",
                "description": "Cherche dans une base de connaissances WeBox.",
                "inputSchema": {
                    "type": "object",
                    "properties": {"base_id": {"type": "string"}, "query": {"type": "string"}},
                    "required": ["base_id", "query"],
                },
            }
        ]
    },
}


_MCP_PARSE_ERROR = {"jsonrpc": "2.0", "id": None, "error": {"code": -32700, "message": "Parse error"}}


@mcp.post(
    "",
    responses={
        200: {
            "description": "The JSON-RPC answer (a result, or a JSON-RPC error)",
            "content": {"application/json": {"schema": {"type": "object"}, "example": _MCP_ANSWER}},
        },
        202: {"description": "A notification was received"},
        400: {
            "description": "A body that is not JSON: a JSON-RPC parse error (other refusals are problems)",
            "content": {
                "application/json": {"schema": {"type": "object"}, "example": _MCP_PARSE_ERROR},
                PROBLEM: {"schema": {"type": "object"}},
            },
        },
    },
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"type": "object"}, "example": _MCP_REQUEST}},
        }
    },
)
async def mcp_message(caller: McpCaller, request: Request) -> Response:
    """One MCP JSON-RPC message (streamable HTTP, stateless): agents, knowledge bases, prompts and the
    multi-model chat (with the `chat` scope too) as tools.

    A body that is not JSON answers 400 with a JSON-RPC parse error (code -32700), not a problem."""
    try:
        message = json.loads(await request.body())
    except ValueError:
        return JSONResponse(_MCP_PARSE_ERROR, status_code=400)
    # imported here: the MCP server's chat tools bring the providers' and chat's schemas, which the
    # agents API's other routes do not need
    from webox.agents import mcp_server as agents_mcp

    answer = await run_in_threadpool(
        agents_mcp.handle, caller.user_id, _lang(caller), message, chat=caller.has_scope("chat")
    )
    if answer is None:
        return Response(status_code=202)
    return JSONResponse(answer)


app = create_app(
    agents,
    mcp,
    title="Agents",
    description="Specialist AI agents, team runs with an editable plan, knowledge bases and metrics.",
)
handler = lambda_handler(app)
