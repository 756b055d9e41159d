"""One's own agents' remote MCP servers: add one (its URL checked and its tools listed first), choose
the tools the agent may call, list them again, remove it. Built-in agents are read-only: duplicate one
first. A duplicate does not copy its original's servers (their tokens are sealed to their agent)."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from webox.agents import repository
from webox.agents.errors import (
    AgentNotFound,
    BuiltinReadOnly,
    McpServerLimit,
    McpServerNotFound,
    McpToolNotListed,
)
from webox.agents.models import Agent
from webox.agents.schemas import McpServerIn, McpServerOut, McpServerTools, McpTool, McpToolsUpdate
from webox.net import safe_http

if TYPE_CHECKING:
    from webox.agents import mcp_client

MAX_SERVERS = 5


def server_out(stored: dict[str, Any]) -> McpServerOut:
    """A stored server as the SPA sees it (no token)."""
    return McpServerOut(
        server_id=stored["server_id"],
        url=stored["url"],
        masked_token=stored["masked"],
        allowed_tools=list(stored.get("allowed_tools") or []),
    )


def _own(user_id: str, agent_id: str) -> Agent:
    from webox.agents import catalogue

    if catalogue.is_builtin(agent_id):
        raise BuiltinReadOnly()
    agent = repository.find_agent(user_id, agent_id)
    if agent is None:
        raise AgentNotFound()
    return agent


def _find(agent: Agent, server_id: str) -> dict[str, Any]:
    for stored in agent.mcp_servers or []:
        if stored["server_id"] == server_id:
            return dict(stored)
    raise McpServerNotFound()


def _check_allowed(allowed: list[str], tools: list[mcp_client.RemoteTool]) -> list[str]:
    listed = {tool.name for tool in tools}
    for name in allowed:
        if name not in listed:
            raise McpToolNotListed(f"The server lists no tool named {name!r}")
    return list(dict.fromkeys(allowed))


def _with_tools(stored: dict[str, Any], tools: list[mcp_client.RemoteTool]) -> McpServerTools:
    return McpServerTools(
        **server_out(stored).model_dump(),
        tools=[McpTool(name=t.name, description=t.description) for t in tools],
    )


def _list_tools(url: str, token: str) -> list[mcp_client.RemoteTool]:
    # Imported here: an agent's servers are shown without reaching them (nor loading the MCP client).
    from webox.agents import mcp_client

    return mcp_client.list_tools(url, token)


def add_server(user_id: str, agent_id: str, body: McpServerIn) -> McpServerTools:
    """Connect to the server (public addresses only), list its tools, store it with its sealed token."""
    agent = _own(user_id, agent_id)
    servers = list(agent.mcp_servers or [])
    if len(servers) >= MAX_SERVERS:
        raise McpServerLimit(f"An agent may use {MAX_SERVERS} MCP servers")
    url = safe_http.check_url(body.url)
    tools = _list_tools(url, body.token)
    server_id = uuid.uuid4().hex
    stored = {
        "server_id": server_id,
        "url": url,
        "token_sealed": repository.seal_token(user_id, agent_id, server_id, body.token),
        "masked": f"…{body.token[-4:]}" if len(body.token) > 8 else "…",
        "allowed_tools": _check_allowed(body.allowed_tools, tools),
    }
    repository.set_mcp_servers(agent, [*servers, stored])
    return _with_tools(stored, tools)


def server_tools(user_id: str, agent_id: str, server_id: str) -> McpServerTools:
    """A server with the tools it lists now."""
    agent = _own(user_id, agent_id)
    stored = _find(agent, server_id)
    token = next(s.token for s in repository.mcp_servers(user_id, agent_id) if s.server_id == server_id)
    return _with_tools(stored, _list_tools(stored["url"], token))


def update_server(user_id: str, agent_id: str, server_id: str, body: McpToolsUpdate) -> McpServerTools:
    """Change which of a server's tools the agent may call (each must be one the server lists)."""
    agent = _own(user_id, agent_id)
    stored = _find(agent, server_id)
    token = next(s.token for s in repository.mcp_servers(user_id, agent_id) if s.server_id == server_id)
    tools = _list_tools(stored["url"], token)
    stored["allowed_tools"] = _check_allowed(body.allowed_tools, tools)
    servers = [stored if s["server_id"] == server_id else s for s in agent.mcp_servers or []]
    repository.set_mcp_servers(agent, servers)
    return _with_tools(stored, tools)


def remove_server(user_id: str, agent_id: str, server_id: str) -> None:
    """Forget a server and its token."""
    agent = _own(user_id, agent_id)
    _find(agent, server_id)
    repository.set_mcp_servers(agent, [s for s in agent.mcp_servers or [] if s["server_id"] != server_id])
