"""Remote MCP servers an agent uses: their tools listed and called with the official `mcp` client
(streamable HTTP, bearer token) through `webox.net.safe_httpx2`, so no request reaches a private,
loopback or link-local address, whatever the name resolves to and wherever a redirect points.

An agent step lists each of its servers' tools, offers the allowed ones to its model under their own
names (`webox.agents.tools`), and calls them; a server that cannot be reached or refuses gives the
model (and the step's record) an error, never a failed step.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from webox import aio
from webox.agents import repository
from webox.agents.errors import McpServerUnreachable
from webox.agents.model_tools import ToolFailed
from webox.errors import WeboxError
from webox.logging import get_logger
from webox.net import safe_http
from webox.providers.schemas import ToolSpec

TIMEOUT_S = 20.0
MAX_TOOLS = 100
MAX_RESULT_CHARS = 8000


@dataclass(frozen=True)
class RemoteTool:
    """A tool a server lists: its name, description and JSON Schema of its arguments."""

    name: str
    description: str
    parameters: dict[str, Any]


@contextlib.asynccontextmanager
async def _session(url: str, token: str) -> AsyncIterator[Any]:
    from mcp import ClientSession
    from mcp.client.streamable_http import streamable_http_client

    from webox.net import safe_httpx2

    # Checked before the SDK runs: its transport would turn a refused address into a vague failure.
    await safe_http.check_resolved(url)
    headers = {"Authorization": f"Bearer {token}"}
    async with (
        safe_httpx2.async_client(timeout_s=TIMEOUT_S, headers=headers) as http,
        streamable_http_client(url, http_client=http, terminate_on_close=False) as streams,
        ClientSession(streams[0], streams[1]) as session,
    ):
        await session.initialize()
        yield session


def _unreachable(url: str, exc: BaseException) -> McpServerUnreachable:
    get_logger().info("mcp server unreachable", extra={"url": url[:200], "error": repr(exc)[:300]})
    return McpServerUnreachable(f"The MCP server at {url[:200]} did not answer as an MCP server")


async def _list(url: str, token: str) -> list[RemoteTool]:
    try:
        async with _session(url, token) as session:
            listed = await session.list_tools()
    except WeboxError:
        raise
    except Exception as exc:
        raise _unreachable(url, exc) from exc
    return [
        RemoteTool(t.name, (t.description or "")[:2000], dict(t.input_schema or {"type": "object"}))
        for t in listed.tools[:MAX_TOOLS]
    ]


def list_tools(url: str, token: str) -> list[RemoteTool]:
    """The tools a server lists (`url_not_allowed` for an internal address, `mcp_server_unreachable`)."""
    return aio.run(_list(url, token))


def _content_text(result: Any) -> str:
    parts = []
    for block in result.content or []:
        text = getattr(block, "text", None)
        parts.append(text if isinstance(text, str) else json.dumps(block.model_dump(mode="json")))
    if not parts and result.structured_content is not None:
        parts.append(json.dumps(result.structured_content, ensure_ascii=False))
    return "\n".join(parts)[:MAX_RESULT_CHARS]


@dataclass(frozen=True)
class RemoteServer:
    """One of an agent's servers, with its token, as a step calls it."""

    url: str
    token: str

    async def _call(self, name: str, arguments: dict[str, Any]) -> str:
        try:
            async with _session(self.url, self.token) as session:
                result = await session.call_tool(name, arguments)
        except WeboxError as exc:
            raise ToolFailed(exc.code, exc.message) from exc
        except Exception as exc:
            error = _unreachable(self.url, exc)
            raise ToolFailed(error.code, error.message) from exc
        text = _content_text(result)
        if result.is_error:
            raise ToolFailed("mcp_tool_error", text or "The tool failed")
        return text

    def call(self, name: str, arguments: dict[str, Any]) -> str:
        """Call one tool; its text result (`ToolFailed` when the server or the tool refuses)."""
        return aio.run(self._call(name, arguments))


def offered(user_id: str, agent: dict[str, Any]) -> list[tuple[RemoteServer, list[ToolSpec]]]:
    """Each of an agent's servers with its allowed tools, as listed now (an unreachable server offers
    none: the step goes on without it)."""
    servers = agent.get("mcp_servers") or []
    if not servers:
        return []
    stored = {s.server_id: s for s in repository.mcp_servers(user_id, str(agent["agent_id"]))}
    found: list[tuple[RemoteServer, list[ToolSpec]]] = []
    for snapshot in servers:
        server = stored.get(str(snapshot.get("server_id")))
        if server is None:
            continue  # removed since the run was approved
        allowed = set(snapshot.get("allowed_tools") or [])
        remote = RemoteServer(server.url, server.token)
        try:
            listed = list_tools(remote.url, remote.token)
        except WeboxError as exc:
            get_logger().info("mcp tools not offered", extra={"code": exc.code, "url": remote.url[:200]})
            continue
        specs = []
        for tool in listed:
            if tool.name in allowed:
                with contextlib.suppress(ValueError):
                    specs.append(
                        ToolSpec(name=tool.name, description=tool.description, parameters=tool.parameters)
                    )
        found.append((remote, specs))
    return found
