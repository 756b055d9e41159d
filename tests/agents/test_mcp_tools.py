"""Remote MCP servers on one's own agent, with WeBox's own `/api/mcp` (on loopback, allowed only here
through WEBOX_PRIVATE_HOSTS_ALLOWED) as the remote server: added with a bearer token, its tools
listed and allowed one by one, called natively by the agent's model; internal addresses refused."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.accounts import Account
from tests.agents.conftest import create_base
from tests.agents.test_mcp import api_token
from tests.agents.test_tools import own_agent, run_one


@pytest.fixture
def loopback_allowed(aws: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """The local host's address, reachable by safe HTTP in this test only."""
    from webox.config import get_settings

    settings = get_settings()
    host = urlsplit(aws.url).netloc
    monkeypatch.setattr(settings, "private_hosts_allowed", [*settings.private_hosts_allowed, host])
    return f"{aws.url}/api/mcp"


def add(account: Account, agent_id: str, **body: Any) -> Any:
    return account.client.post(f"/api/agents/{agent_id}/mcp-servers", json=body, headers=account.csrf())


class TestRemoteTools:
    def test_an_allowed_tool_is_called_by_the_model_and_others_are_not_offered(
        self, create_account: Callable[..., Account], loopback_allowed: str
    ) -> None:
        account = create_account()
        create_base(account, "Contrats")
        token = api_token(account, ["tasks", "read"])
        agent = own_agent(account, "claude-haiku-4-5", [])

        # When the owner adds the server, it is reached and its tools listed; nothing is allowed yet.
        response = add(account, agent["agent_id"], url=loopback_allowed, token=token)
        assert response.status_code == 201, response.text
        server = response.json()
        names = {t["name"] for t in server["tools"]}
        assert {"knowledge_bases", "knowledge_search", "agent_ventes"} <= names
        assert server["allowed_tools"] == [] and token not in response.text
        assert server["masked_token"] == f"…{token[-4:]}"
        url = f"/api/agents/{agent['agent_id']}/mcp-servers/{server['server_id']}"
        response = account.client.put(
            url, json={"allowed_tools": ["knowledge_bases"]}, headers=account.csrf()
        )
        assert response.status_code == 200 and response.json()["allowed_tools"] == ["knowledge_bases"]
        shown = account.client.get(f"/api/agents/{agent['agent_id']}").json()
        listed = {k: v for k, v in server.items() if k != "tools"} | {"allowed_tools": ["knowledge_bases"]}
        assert shown["mcp_servers"] == [listed]
        assert token not in json.dumps(shown)

        # Then a run whose task names the allowed tool and a tool not allowed calls only the first.
        step = run_one(account, agent["agent_id"], "Liste mes knowledge_bases, puis demande à agent_ventes")
        [call] = step["output"]["tool_calls"]
        assert call["tool"] == "knowledge_bases" and "error" not in call
        assert json.loads(call["result"])[0]["name"] == "Contrats"
        assert "[knowledge_bases]" in step["output"]["text"] and "Contrats" in step["output"]["text"]

        # When it is removed, the agent has no server left.
        assert account.client.delete(url, headers=account.csrf()).status_code == 204
        assert account.client.get(f"/api/agents/{agent['agent_id']}").json()["mcp_servers"] == []
        assert (
            account.client.delete(url, headers=account.csrf()).json()["code"] == "agent_mcp_server_not_found"
        )

    def test_a_tool_the_server_does_not_list_cannot_be_allowed(
        self, create_account: Callable[..., Account], loopback_allowed: str
    ) -> None:
        account = create_account()
        agent = own_agent(account, "gpt-4o-mini", [])
        token = api_token(account, ["tasks", "read"])
        response = add(account, agent["agent_id"], url=loopback_allowed, token=token, allowed_tools=["rm_rf"])
        assert response.status_code == 422 and response.json()["code"] == "agent_mcp_tool_not_listed"

    def test_a_wrong_token_and_a_server_that_is_not_mcp_are_refused(
        self, create_account: Callable[..., Account], loopback_allowed: str
    ) -> None:
        account = create_account()
        agent = own_agent(account, "gpt-4o-mini", [])
        response = add(account, agent["agent_id"], url=loopback_allowed, token="not-a-webox-token")
        assert response.status_code == 502 and response.json()["code"] == "mcp_server_unreachable"
        not_mcp = loopback_allowed.replace("/api/mcp", "/api/health-nothing-here")
        response = add(account, agent["agent_id"], url=not_mcp, token="x" * 20)
        assert response.status_code == 502 and response.json()["code"] == "mcp_server_unreachable"
        assert account.client.get(f"/api/agents/{agent['agent_id']}").json()["mcp_servers"] == []


class TestAddressesRefused:
    @pytest.mark.parametrize(
        "url", ["http://169.254.169.254/latest/meta-data", "http://10.1.2.3/mcp", "https://[::1]/mcp"]
    )
    def test_internal_and_link_local_addresses(
        self, create_account: Callable[..., Account], aws: Any, url: str
    ) -> None:
        account = create_account()
        agent = own_agent(account, "gpt-4o-mini", [])
        response = add(account, agent["agent_id"], url=url, token="t" * 20)
        assert response.status_code == 400
        assert response.headers["content-type"].startswith("application/problem+json")
        assert response.json()["code"] == "url_not_allowed"

    @pytest.mark.parametrize("address", ["169.254.169.254", "10.0.0.8"])
    def test_a_name_that_resolves_to_an_internal_address(
        self, create_account: Callable[..., Account], aws: Any, monkeypatch: pytest.MonkeyPatch, address: str
    ) -> None:
        account = create_account()
        agent = own_agent(account, "gpt-4o-mini", [])
        real = socket.getaddrinfo

        def resolve(host: Any, port: Any, *args: Any, **kwargs: Any) -> Any:
            if host == "mcp.intranet.example":
                return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port or 443))]
            return real(host, port, *args, **kwargs)

        monkeypatch.setattr(socket, "getaddrinfo", resolve)
        response = add(account, agent["agent_id"], url="https://mcp.intranet.example/mcp", token="t" * 20)
        assert response.status_code == 400 and response.json()["code"] == "url_not_allowed"

    def test_the_local_host_itself_unless_allowed(
        self, create_account: Callable[..., Account], aws: Any
    ) -> None:
        account = create_account()
        agent = own_agent(account, "gpt-4o-mini", [])
        response = add(account, agent["agent_id"], url=f"{aws.url}/api/mcp", token="t" * 20)
        assert response.status_code == 400 and response.json()["code"] == "url_not_allowed"


class TestOwnership:
    def test_another_users_agent_is_not_found_and_a_builtin_is_read_only(
        self, create_account: Callable[..., Account], aws: Any
    ) -> None:
        owner, other = create_account(), create_account()
        agent = own_agent(owner, "gpt-4o-mini", [])
        body = {"url": "https://mcp.example.com/mcp", "token": "t" * 20}
        response = add(other, agent["agent_id"], **body)
        assert response.status_code == 404 and response.json()["code"] == "agent_not_found"
        response = add(owner, "ventes", **body)
        assert response.status_code == 409 and response.json()["code"] == "agent_builtin_read_only"
