"""WeBox as an MCP server (`/api/mcp`): stateless JSON-RPC over streamable HTTP, one JSON answer per POST.

Why not the SDK's server: it needs a lifespan task group and one long-lived instance, which a Lambda
behind Mangum does not give (NOTES-wave2). The methods a client needs are small: `initialize`,
`notifications/initialized` (202, no body), `ping`, `tools/list`, `tools/call`. No session is kept,
so any Lambda instance answers any request; the caller is the WeBox API token of the request.

Tools: `agent_<id>` for each agent the caller can run (a one-agent run on the task engine, waited for
up to `WAIT_S`; a longer one answers with where to follow it), `knowledge_bases` (the caller's bases),
`knowledge_search` (a base, a question → passages with their source), `prompts`, and, for a token that
also holds the `chat` scope, `run_prompt` and `multi_model_chat` (`webox.agents.mcp_chat`).
"""

from __future__ import annotations

import json
import time
from typing import Any

from webox.agents import catalogue, mcp_chat, runs
from webox.agents.schemas import Lang, RunCreate
from webox.errors import WeboxError
from webox.knowledge import search as knowledge_search
from webox.knowledge import service as knowledge_service

SERVER_INFO = {"name": "webox", "version": "1.0.0"}
PROTOCOL_VERSIONS = ("2025-03-26", "2025-06-18", "2025-11-25")
WAIT_S = 20.0
POLL_S = 0.25
FINISHED = frozenset({"succeeded", "failed", "cancelled", "budget_exceeded"})

PARSE_ERROR, INVALID_REQUEST, METHOD_NOT_FOUND, INVALID_PARAMS = -32700, -32600, -32601, -32602


class RpcError(Exception):
    """A JSON-RPC error answer."""

    def __init__(self, code: int, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def _agent_tool(agent: Any) -> dict[str, Any]:
    return {
        "name": f"agent_{agent.agent_id.replace('-', '_')}",
        "title": agent.name,
        "description": f"{agent.name}: {agent.description} ({agent.model})",
        "inputSchema": {
            "type": "object",
            "properties": {
                "task": {"type": "string", "description": "What the agent should do", "maxLength": 4000}
            },
            "required": ["task"],
        },
    }


_KNOWLEDGE_TOOLS = [
    {
        "name": "knowledge_bases",
        "description": "Your WeBox knowledge bases (id, name, documents).",
        "inputSchema": {"type": "object", "properties": {}},
    },
    {
        "name": "knowledge_search",
        "description": "Passages of a knowledge base nearest to a question, with their source and page.",
        "inputSchema": {
            "type": "object",
            "properties": {
                "base_id": {"type": "string"},
                "query": {"type": "string", "maxLength": 2000},
                "top_k": {"type": "integer", "minimum": 1, "maximum": 20},
            },
            "required": ["base_id", "query"],
        },
    },
]


def list_tools(user_id: str, lang: Lang, *, chat: bool) -> list[dict[str, Any]]:
    """Every tool the caller may call (`chat`: the token holds the chat scope)."""
    agents = [_agent_tool(a) for a in catalogue.list_agents(user_id, lang)]
    return [*agents, *_KNOWLEDGE_TOOLS, *mcp_chat.PROMPT_TOOLS, *(mcp_chat.CHAT_TOOLS if chat else [])]


def _json(value: Any) -> dict[str, Any]:
    return _text(json.dumps(value, ensure_ascii=False))


def _text(text: str, *, error: bool = False) -> dict[str, Any]:
    return {"content": [{"type": "text", "text": text}], "isError": error}


def _run_agent(user_id: str, agent_id: str, task: str, lang: Lang) -> dict[str, Any]:
    run = runs.create_run(user_id, RunCreate(goal=task, agent_ids=[agent_id], max_steps=1), lang)
    deadline = time.monotonic() + WAIT_S
    while True:
        current = runs.get_run(user_id, run.run_id)
        if current.task is not None and current.task.status in FINISHED:
            break
        if time.monotonic() > deadline:
            return _text(f"The run {run.run_id} is still going: follow it at /agents?run={run.run_id}")
        time.sleep(POLL_S)
    task_detail = current.task
    if task_detail.status != "succeeded":
        reason = task_detail.error.message if task_detail.error else task_detail.status
        return _text(f"The run ended {task_detail.status}: {reason}", error=True)
    output = task_detail.steps[0].output or {}
    return _text(str(output.get("text", "")))


def call_tool(
    user_id: str, name: str, arguments: dict[str, Any], lang: Lang, *, chat: bool
) -> dict[str, Any]:
    """Run one tool; a refusal the caller can act on is a tool error (`isError`), not a protocol one."""
    try:
        if name in mcp_chat.CHAT_TOOL_NAMES and not chat:
            return _text("insufficient_scope: this tool needs a token with the chat scope", error=True)
        if name == "prompts":
            query = arguments.get("q")
            return _json(mcp_chat.list_prompts(user_id, lang, str(query)[:200] if query else None))
        if name == "run_prompt":
            return _text(mcp_chat.run_prompt(user_id, lang, arguments))
        if name == "multi_model_chat":
            return _json(mcp_chat.multi_model_chat(user_id, arguments))
        if name == "knowledge_bases":
            bases = knowledge_service.list_bases(user_id)
            return _text(json.dumps([b.model_dump(mode="json") for b in bases], ensure_ascii=False))
        if name == "knowledge_search":
            found, _tokens = knowledge_search.search(
                user_id,
                str(arguments.get("base_id", "")),
                str(arguments.get("query", ""))[:2000],
                min(max(int(arguments.get("top_k", 5)), 1), 20),
            )
            return _text(json.dumps(found.model_dump(mode="json"), ensure_ascii=False))
        if name.startswith("agent_"):
            agents = {_agent_tool(a)["name"]: a.agent_id for a in catalogue.list_agents(user_id, lang)}
            if name not in agents:
                raise RpcError(INVALID_PARAMS, f"Unknown tool: {name[:80]}")
            task = arguments.get("task")
            if not isinstance(task, str) or not task.strip() or len(task) > 4000:
                raise RpcError(INVALID_PARAMS, "task must be a text of 1 to 4000 characters")
            return _run_agent(user_id, agents[name], task, lang)
    except WeboxError as exc:
        return _text(f"{exc.code}: {exc.message}", error=True)
    except (TypeError, ValueError) as exc:
        raise RpcError(INVALID_PARAMS, "Invalid arguments") from exc
    raise RpcError(INVALID_PARAMS, f"Unknown tool: {name[:80]}")


def handle(user_id: str, lang: Lang, message: Any, *, chat: bool = False) -> dict[str, Any] | None:
    """The answer to one JSON-RPC message (None for a notification); `chat`: the chat scope is held."""
    if (
        not isinstance(message, dict)
        or message.get("jsonrpc") != "2.0"
        or not isinstance(message.get("method"), str)
    ):
        return {
            "jsonrpc": "2.0",
            "id": None,
            "error": {"code": INVALID_REQUEST, "message": "Invalid request"},
        }
    method, params = message["method"], message.get("params") or {}
    if "id" not in message:
        return None  # notifications (`notifications/initialized`, cancellations) need no answer
    try:
        if not isinstance(params, dict):
            raise RpcError(INVALID_PARAMS, "params must be an object")
        if method == "initialize":
            asked = params.get("protocolVersion")
            result: dict[str, Any] = {
                "protocolVersion": asked if asked in PROTOCOL_VERSIONS else PROTOCOL_VERSIONS[-1],
                "capabilities": {"tools": {"listChanged": False}},
                "serverInfo": SERVER_INFO,
                "instructions": "WeBox agents, knowledge bases, prompts and the multi-model chat. "
                "Each agent_* tool runs one WeBox agent.",
            }
        elif method == "ping":
            result = {}
        elif method == "tools/list":
            result = {"tools": list_tools(user_id, lang, chat=chat)}
        elif method == "tools/call":
            arguments = params.get("arguments") or {}
            if not isinstance(arguments, dict):
                raise RpcError(INVALID_PARAMS, "arguments must be an object")
            result = call_tool(user_id, str(params.get("name", "")), arguments, lang, chat=chat)
        else:
            raise RpcError(METHOD_NOT_FOUND, f"Method not found: {method[:80]}")
    except RpcError as exc:
        return {"jsonrpc": "2.0", "id": message["id"], "error": {"code": exc.code, "message": exc.message}}
    return {"jsonrpc": "2.0", "id": message["id"], "result": result}
