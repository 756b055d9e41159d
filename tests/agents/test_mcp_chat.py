"""The prompt library and the multi-model chat as WeBox MCP tools, through the official `mcp` client
(over HTTP and through the Lambda handler): scope and plan as the chat."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from typing import Any

import httpx2
import pytest
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client

from tests.accounts import Account
from tests.agents.test_mcp import LambdaTransport, api_token
from tests.billing.test_quota import platform_keys  # noqa: F401  (a fixture used by name)

PROMPT = {
    "title": "Relance client",
    "body": "Écris une relance au ton {{ton}} pour {{client}}.",
    "category": "productivite",
    "variables": [
        {"name": "client", "label": "Client", "type": "text"},
        {"name": "ton", "label": "Ton", "type": "choice", "choices": ["neutre", "chaleureux"]},
    ],
}

Use = Callable[[ClientSession], Awaitable[Any]]


def over_http(aws: Any, token: str, use: Use) -> Any:
    """What `use` returns from an initialised MCP session with WeBox over HTTP."""
    http = httpx2.AsyncClient(headers={"Authorization": f"Bearer {token}"}, timeout=60)
    return asyncio.run(_session(f"{aws.url}/api/mcp", http, use))


async def _session(url: str, http: httpx2.AsyncClient, use: Use) -> Any:
    async with streamable_http_client(url, http_client=http, terminate_on_close=False) as streams:
        read, write = streams[0], streams[1]
        async with ClientSession(read, write) as session:
            await session.initialize()
            return await use(session)


def create_prompt(account: Account) -> str:
    response = account.client.post("/api/prompts", json=PROMPT, headers=account.csrf())
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def last_turn(account: Account) -> dict[str, Any]:
    """The newest conversation's first turn, as the chat history shows it."""
    conversation = account.client.get("/api/conversations").json()["items"][0]
    turn: dict[str, Any] = account.client.get(f"/api/conversations/{conversation['id']}/turns/1").json()
    return turn


class TestPrompts:
    def test_lists_own_and_built_in_prompts_and_runs_one_rendered(
        self, create_account: Callable[..., Account], aws: Any
    ) -> None:
        account = create_account()
        prompt_id = create_prompt(account)
        token = api_token(account, ["tasks", "chat", "read"])

        async def use(session: ClientSession) -> Any:
            names = [t.name for t in (await session.list_tools()).tools]
            listed = await session.call_tool("prompts", {})
            answer = await session.call_tool(
                "run_prompt",
                {
                    "prompt_id": prompt_id,
                    "variables": {"client": "Dupont SA", "ton": "chaleureux"},
                    "model": "gpt-4o-mini",
                },
            )
            return names, listed, answer

        names, listed, answer = over_http(aws, token, use)
        assert {"prompts", "run_prompt", "multi_model_chat"} <= set(names)
        prompts = {p["id"]: p for p in json.loads(listed.content[0].text)}
        assert prompts[prompt_id]["variables"][0]["name"] == "client"
        assert "article-de-blog" in prompts and prompts["article-de-blog"]["source"] == "builtin"
        assert not answer.is_error and answer.content[0].text
        # The model was sent the rendered prompt, and the turn is in the user's chat history.
        turn = last_turn(account)
        assert turn["content"] == "Écris une relance au ton chaleureux pour Dupont SA."
        assert turn["models"] == ["gpt-4o-mini"] and turn["answers"][0]["text"] == answer.content[0].text

    def test_a_built_in_runs_on_the_default_model(
        self, create_account: Callable[..., Account], aws: Any
    ) -> None:
        account = create_account()
        saved = account.client.patch(
            "/api/account/settings", json={"default_models": ["claude-haiku-4-5"]}, headers=account.csrf()
        )
        assert saved.status_code == 200, saved.text
        token = api_token(account, ["tasks", "chat"])

        async def use(session: ClientSession) -> Any:
            return await session.call_tool(
                "run_prompt", {"prompt_id": "relecture-orthographe", "variables": {"texte": "Bonjour a tous"}}
            )

        answer = over_http(aws, token, use)
        assert not answer.is_error, answer.content[0].text
        assert last_turn(account)["models"] == ["claude-haiku-4-5"]

    def test_bad_values_and_foreign_prompts_are_tool_errors(
        self, create_account: Callable[..., Account], aws: Any
    ) -> None:
        owner, other = create_account(), create_account()
        prompt_id = create_prompt(owner)
        token = api_token(other, ["tasks", "chat"])
        mine = create_prompt(other)

        async def use(session: ClientSession) -> Any:
            foreign = await session.call_tool("run_prompt", {"prompt_id": prompt_id, "variables": {}})
            invalid = await session.call_tool(
                "run_prompt", {"prompt_id": mine, "variables": {"ton": "furieux"}}
            )
            return foreign, invalid

        foreign, invalid = over_http(aws, token, use)
        assert foreign.is_error and foreign.content[0].text.startswith("prompt_not_found")
        assert invalid.is_error and invalid.content[0].text.startswith("invalid_values")
        assert other.client.get("/api/conversations").json()["items"] == []


class TestMultiModelChat:
    def test_answers_every_model_with_a_verdict(
        self, create_account: Callable[..., Account], aws: Any
    ) -> None:
        account = create_account()
        token = api_token(account, ["tasks", "chat"])

        async def use(session: ClientSession) -> Any:
            return await session.call_tool(
                "multi_model_chat",
                {
                    "question": "Quelle est la capitale de l'Australie ?",
                    "models": ["gpt-4o-mini", "mistral-small-latest"],
                },
            )

        result = over_http(aws, token, use)
        assert not result.is_error, result.content[0].text
        body = json.loads(result.content[0].text)
        assert [a["model"] for a in body["answers"]] == ["gpt-4o-mini", "mistral-small-latest"]
        assert all(a["status"] == "done" and a["text"] for a in body["answers"])
        verdict = body["verdict"]
        assert verdict["judge_model"] and 0 <= verdict["agreement"] <= 100 and verdict["fused_answer"]
        # The same turn, with the same verdict, is in the chat history.
        assert last_turn(account)["verdict"]["agreement"] == verdict["agreement"]

    def test_through_the_lambda_handler(self, create_account: Callable[..., Account], aws: Any) -> None:
        token = api_token(create_account(), ["tasks", "chat"])
        http = httpx2.AsyncClient(
            transport=LambdaTransport(), headers={"Authorization": f"Bearer {token}"}, timeout=60
        )

        async def use(session: ClientSession) -> Any:
            names = [t.name for t in (await session.list_tools()).tools]
            answer = await session.call_tool(
                "multi_model_chat", {"question": "Bonjour ?", "models": ["gpt-4o-mini", "claude-haiku-4-5"]}
            )
            return names, answer

        names, answer = asyncio.run(_session("https://api.example.com/api/mcp", http, use))
        assert "multi_model_chat" in names and "run_prompt" in names
        assert not answer.is_error and len(json.loads(answer.content[0].text)["answers"]) == 2

    def test_without_the_chat_scope_the_chat_tools_are_neither_listed_nor_run(
        self, create_account: Callable[..., Account], aws: Any
    ) -> None:
        account = create_account()
        token = api_token(account, ["tasks", "read"])

        async def use(session: ClientSession) -> Any:
            names = [t.name for t in (await session.list_tools()).tools]
            refused = await session.call_tool(
                "multi_model_chat", {"question": "Bonjour ?", "models": ["gpt-4o-mini", "gpt-4o"]}
            )
            return names, refused

        names, refused = over_http(aws, token, use)
        assert "prompts" in names and "multi_model_chat" not in names and "run_prompt" not in names
        assert refused.is_error and refused.content[0].text.startswith("insufficient_scope")
        assert account.client.get("/api/conversations").json()["items"] == []

    @pytest.mark.usefixtures("platform_keys")
    def test_more_models_than_the_plan_allows_are_refused(
        self, create_account: Callable[..., Account], aws: Any
    ) -> None:
        token = api_token(create_account(), ["tasks", "chat"])
        models = ["gpt-4o-mini", "gpt-4o", "claude-haiku-4-5", "mistral-small-latest"]

        async def use(session: ClientSession) -> Any:
            too_many = await session.call_tool(
                "multi_model_chat", {"question": "Bonjour ?", "models": models}
            )
            one = await session.call_tool("multi_model_chat", {"question": "Bonjour ?", "models": ["gpt-4o"]})
            return too_many, one

        too_many, one = over_http(aws, token, use)
        assert too_many.is_error and "models_per_turn" in too_many.content[0].text
        assert one.is_error and one.content[0].text.startswith("agent_invalid_tool_arguments")
