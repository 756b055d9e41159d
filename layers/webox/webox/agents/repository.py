"""Every DynamoDB call of agents: own agents (with their MCP servers' sealed tokens), runs, and the daily
metric counters."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import DoesNotExist

from webox.agents.models import Agent, AgentMetric, AgentRun
from webox.aws import client


def save_agent(agent: Agent) -> None:
    agent.save()


def find_agent(user_id: str, agent_id: str) -> Agent | None:
    try:
        return Agent.get(user_id, agent_id, consistent_read=True)
    except DoesNotExist:
        return None


def agents_of(user_id: str, limit: int) -> list[Agent]:
    return list(Agent.query(user_id, limit=limit))


def count_agents(user_id: str) -> int:
    return int(Agent.count(user_id))


def delete_agent(agent: Agent) -> None:
    agent.delete()


def _token_context(agent_id: str, server_id: str) -> str:
    # KMS binds the token to its owner and to this name: it opens for no other agent or server.
    return f"mcp:{agent_id}:{server_id}"


def seal_token(user_id: str, agent_id: str, server_id: str, token: str) -> str:
    """An MCP server's bearer token, KMS-encrypted the way users' AI keys are (base64)."""
    from webox.providers import repository as providers_repository

    sealed = providers_repository.encrypt_key(user_id, _token_context(agent_id, server_id), token)
    return base64.b64encode(sealed).decode()


@dataclass(frozen=True)
class StoredMcpServer:
    """An agent's MCP server with its token in the clear (never returned to the SPA)."""

    server_id: str
    url: str
    token: str
    allowed_tools: list[str]


def mcp_servers(user_id: str, agent_id: str) -> list[StoredMcpServer]:
    """An own agent's MCP servers, their tokens decrypted (none for an unknown agent)."""
    from webox.providers import repository as providers_repository

    agent = find_agent(user_id, agent_id)
    servers = [] if agent is None else list(agent.mcp_servers or [])
    return [
        StoredMcpServer(
            server_id=s["server_id"],
            url=s["url"],
            token=providers_repository.decrypt_value(
                user_id, _token_context(agent_id, s["server_id"]), base64.b64decode(s["token_sealed"])
            ),
            allowed_tools=list(s.get("allowed_tools") or []),
        )
        for s in servers
    ]


def set_mcp_servers(agent: Agent, servers: list[dict[str, Any]]) -> None:
    """Replace an agent's MCP servers (each `{server_id, url, token_sealed, masked, allowed_tools}`)."""
    from webox.db import utcnow

    agent.update(actions=[Agent.mcp_servers.set(servers), Agent.updated_at.set(utcnow())])


def save_run(run: AgentRun) -> None:
    run.save()


def find_run(user_id: str, run_id: str) -> AgentRun | None:
    try:
        return AgentRun.get(user_id, run_id, consistent_read=True)
    except DoesNotExist:
        return None


def runs_of(user_id: str, limit: int) -> list[AgentRun]:
    return list(AgentRun.query(user_id, scan_index_forward=False, limit=limit))


def start_run(run: AgentRun, task_id: str) -> bool:
    """Draft → started, once (False when another approval got there first)."""
    from pynamodb.exceptions import UpdateError

    try:
        run.update(
            actions=[AgentRun.status.set("started"), AgentRun.task_id.set(task_id)],
            condition=AgentRun.status == "draft",
        )
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def update_plan(run: AgentRun, plan: dict[str, Any]) -> bool:
    from pynamodb.exceptions import UpdateError

    try:
        run.update(actions=[AgentRun.plan.set(plan)], condition=AgentRun.status == "draft")
    except UpdateError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def add_counters(user_id: str, agent_id: str, day: str, counters: dict[str, int]) -> None:
    """ADD each counter of one (user, agent, day) item (created by the first ADD)."""
    names = {f"#c{i}": name for i, name in enumerate(counters)}
    values = {f":v{i}": {"N": str(value)} for i, value in enumerate(counters.values())}
    client("dynamodb").update_item(
        TableName=AgentMetric.Meta.table_name,
        Key={"owner_agent": {"S": f"{user_id}#{agent_id}"}, "day": {"S": day}},
        UpdateExpression="ADD " + ", ".join(f"#c{i} :v{i}" for i in range(len(counters))),
        ExpressionAttributeNames=names,
        ExpressionAttributeValues=values,
    )


def counters(user_id: str, agent_id: str, first_day: str, last_day: str) -> list[dict[str, int]]:
    """The daily counter items of one agent between two days (inclusive): one Query (at most 91 items)."""
    response = client("dynamodb").query(
        TableName=AgentMetric.Meta.table_name,
        KeyConditionExpression="owner_agent = :o AND #d BETWEEN :a AND :b",
        ExpressionAttributeNames={"#d": "day"},
        ExpressionAttributeValues={
            ":o": {"S": f"{user_id}#{agent_id}"},
            ":a": {"S": first_day},
            ":b": {"S": last_day},
        },
    )
    return [
        {name: int(value["N"]) for name, value in item.items() if "N" in value} for item in response["Items"]
    ]


def delete_user_items(user_id: str, agent_ids: list[str]) -> int:
    """Delete a user's agents, runs and the metric counters of `agent_ids` (their built-ins and own)."""
    deleted = 0
    for agent in Agent.query(user_id):
        agent.delete()
        deleted += 1
    for run in AgentRun.query(user_id):
        run.delete()
        deleted += 1
    for agent_id in agent_ids:
        for metric in AgentMetric.query(f"{user_id}#{agent_id}"):
            metric.delete()
            deleted += 1
    return deleted
