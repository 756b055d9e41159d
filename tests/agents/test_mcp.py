"""WeBox as an MCP server, checked with the official `mcp` client: over HTTP through the local host,
and through the Lambda handler (Mangum) with API Gateway's events, authenticated by a WeBox API token."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import httpx2
import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from webox.auth import api_tokens
from webox.auth import repository as auth_repository

from tests.accounts import PASSWORD, Account


def api_token(account: Account, scopes: list[str]) -> str:
    user = auth_repository.get_user(account.id)
    assert user is not None
    token, _item = api_tokens.create_api_token(
        user, "mcp", scopes, 1, password=PASSWORD, code=None, session_id=None
    )
    return token


class LambdaTransport(httpx2.AsyncBaseTransport):
    """Sends each request to the agents function's Lambda handler as API Gateway's HTTP API would."""

    def __init__(self) -> None:
        from functions.agents.api import handler

        self.handler = handler

    def _invoke(self, event: dict[str, Any], context: Any) -> dict[str, Any]:
        # Lambda runs a handler on a thread with no running loop; Mangum makes one there.
        asyncio.set_event_loop(asyncio.new_event_loop())
        answer: dict[str, Any] = self.handler(event, context)
        return answer

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        body = (await request.aread()).decode()
        now = time.time()
        event = {
            "version": "2.0",
            "routeKey": "$default",
            "rawPath": request.url.path,
            "rawQueryString": "",
            "headers": {k.lower(): v for k, v in request.headers.items()} | {"host": "api.example.com"},
            "requestContext": {
                "accountId": "123456789012",
                "apiId": "abc123",
                "domainName": "api.example.com",
                "http": {
                    "method": request.method,
                    "path": request.url.path,
                    "protocol": "HTTP/1.1",
                    "sourceIp": "203.0.113.7",
                    "userAgent": "mcp",
                },
                "requestId": f"r{now}",
                "routeKey": "$default",
                "stage": "$default",
                "time": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
                "timeEpoch": int(now * 1000),
            },
            "body": body,
            "isBase64Encoded": False,
        }
        context = type(
            "Context",
            (),
            {
                "function_name": "agents-api",
                "aws_request_id": "r",
                "get_remaining_time_in_millis": lambda self: 29_000,
            },
        )()
        answer: dict[str, Any] = await asyncio.to_thread(self._invoke, event, context)
        return httpx2.Response(
            answer["statusCode"],
            headers=answer.get("headers") or {},
            content=(answer.get("body") or "").encode(),
        )


async def _session(url: str, http: httpx2.AsyncClient) -> tuple[list[str], Any, Any]:
    async with streamable_http_client(url, http_client=http, terminate_on_close=False) as streams:
        read, write = streams[0], streams[1]
        async with ClientSession(read, write) as session:
            await session.initialize()
            tools = await session.list_tools()
            answer = await session.call_tool("agent_ventes", {"task": "Rédige une relance courte"})
            refused = await session.call_tool("knowledge_search", {"base_id": "0" * 32, "query": "x"})
    return [t.name for t in tools.tools], answer, refused


class TestMcpServer:
    def test_the_official_client_lists_and_calls_tools_over_http(
        self, create_account: Callable[..., Account], aws: Any
    ) -> None:
        account = create_account()
        token = api_token(account, ["tasks", "read"])
        http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60)
        names, answer, refused = asyncio.run(_session(f"{aws.url}/api/mcp", http))
        assert {"agent_ventes", "agent_juridique", "knowledge_search", "knowledge_bases"} <= set(names)
        assert not answer.is_error and answer.content[0].text
        assert refused.is_error and "knowledge_base_not_found" in refused.content[0].text
        # The agent's answer is a real run: its own history has it.
        runs = account.client.get("/api/agents/runs").json()
        assert runs and runs[0]["agent_ids"] == ["ventes"]

    def test_through_the_lambda_handler(self, create_account: Callable[..., Account], aws: Any) -> None:
        account = create_account()
        token = api_token(account, ["tasks", "read"])
        http = httpx2.AsyncClient(
            transport=LambdaTransport(), headers={"Authorization": f"Bearer {token}"}, timeout=60
        )
        names, answer, _refused = asyncio.run(_session("https://api.example.com/api/mcp", http))
        assert "agent_ventes" in names and not answer.is_error

    def test_without_a_token_or_with_the_wrong_scope_it_is_refused(
        self, create_account: Callable[..., Account], aws: Any
    ) -> None:
        message = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
        assert httpx.post(f"{aws.url}/api/mcp", json=message).status_code == 401
        token = api_token(create_account(), ["read"])
        response = httpx.post(
            f"{aws.url}/api/mcp", json=message, headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 403

    @pytest.mark.parametrize(
        ("message", "code"),
        [
            ({"jsonrpc": "2.0", "id": 1, "method": "resources/list"}, -32601),
            ({"jsonrpc": "2.0", "id": 2, "method": "tools/call", "params": {"name": "agent_nobody"}}, -32602),
            ({"id": 3, "method": "tools/list"}, -32600),
        ],
    )
    def test_protocol_errors_are_json_rpc_errors(
        self, create_account: Callable[..., Account], aws: Any, message: dict[str, Any], code: int
    ) -> None:
        token = api_token(create_account(), ["tasks", "read"])
        response = httpx.post(
            f"{aws.url}/api/mcp", content=json.dumps(message), headers={"Authorization": f"Bearer {token}"}
        )
        assert response.status_code == 200 and response.json()["error"]["code"] == code
