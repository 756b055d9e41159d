"""The agents a user can run: the eight built-in specialists (fr/en, read-only) and their own."""

from __future__ import annotations

import json
import uuid
from functools import cache
from importlib import resources
from typing import Any

from webox.agents import repository
from webox.agents.errors import AgentLimitReached, AgentNotFound, BuiltinReadOnly, UnknownModel
from webox.agents.models import Agent
from webox.agents.schemas import AgentIn, AgentOut, Lang
from webox.db import utcnow
from webox.errors import WeboxError

MAX_AGENTS = 50


@cache
def _builtins() -> dict[str, dict[str, Any]]:
    text = resources.files("webox.agents").joinpath("builtin.json").read_text(encoding="utf-8")
    loaded: list[dict[str, Any]] = json.loads(text)
    by_id = {entry["id"]: entry for entry in loaded}
    if len(by_id) != len(loaded):
        raise ValueError("duplicate built-in agent id")
    return by_id


def _builtin_out(entry: dict[str, Any], lang: Lang) -> AgentOut:
    text = entry[lang]
    return AgentOut(
        agent_id=entry["id"],
        builtin=True,
        name=text["name"],
        description=text["description"],
        instructions=text["instructions"],
        model=entry["model"],
        tools=entry["tools"],
        knowledge_base_ids=[],
        output_format=text["output_format"],
        definition_of_done=text["definition_of_done"],
    )


def is_builtin(agent_id: str) -> bool:
    """Whether an id names one of the eight built-in agents."""
    return agent_id in _builtins()


def _own_out(agent: Agent) -> AgentOut:
    from webox.agents.mcp_servers import server_out

    return AgentOut(
        agent_id=agent.agent_id,
        builtin=False,
        name=agent.name,
        description=agent.description,
        instructions=agent.instructions,
        model=agent.model,
        tools=list(agent.tools or []),  # type: ignore[arg-type]
        knowledge_base_ids=list(agent.knowledge_base_ids or []),
        output_format=agent.output_format,
        definition_of_done=agent.definition_of_done,
        allowed_hosts=list(agent.allowed_hosts or []),
        mcp_servers=[server_out(stored) for stored in agent.mcp_servers or []],
        created_at=agent.created_at,
        updated_at=agent.updated_at,
    )


def _check(user_id: str, body: AgentIn) -> None:
    # Imported here: only creating or editing an agent checks its model and bases.
    from webox.knowledge import search as knowledge_search
    from webox.providers import registry

    try:
        registry.get_model(body.model)
    except WeboxError as exc:
        raise UnknownModel(f"Unknown model {body.model[:100]!r}") from exc
    for base_id in body.knowledge_base_ids:
        knowledge_search.load_base(user_id, base_id)


def list_agents(user_id: str, lang: Lang) -> list[AgentOut]:
    """Built-ins first (in the caller's language), then one's own."""
    own = [_own_out(agent) for agent in repository.agents_of(user_id, MAX_AGENTS)]
    return [*(_builtin_out(entry, lang) for entry in _builtins().values()), *own]


def get_agent(user_id: str, agent_id: str, lang: Lang) -> AgentOut:
    """A built-in or one of the caller's agents (404 for another user's)."""
    if agent_id in _builtins():
        return _builtin_out(_builtins()[agent_id], lang)
    agent = repository.find_agent(user_id, agent_id)
    if agent is None:
        raise AgentNotFound()
    return _own_out(agent)


def create_agent(user_id: str, body: AgentIn) -> AgentOut:
    """One's own agent."""
    _check(user_id, body)
    if repository.count_agents(user_id) >= MAX_AGENTS:
        raise AgentLimitReached(f"A user may have {MAX_AGENTS} agents")
    now = utcnow()
    agent = Agent(user_id, uuid.uuid4().hex, created_at=now, updated_at=now, **body.model_dump())
    repository.save_agent(agent)
    return _own_out(agent)


def update_agent(user_id: str, agent_id: str, body: AgentIn) -> AgentOut:
    """Replace one's own agent's definition (a built-in is read-only: duplicate it)."""
    if agent_id in _builtins():
        raise BuiltinReadOnly()
    agent = repository.find_agent(user_id, agent_id)
    if agent is None:
        raise AgentNotFound()
    _check(user_id, body)
    for name, value in body.model_dump().items():
        setattr(agent, name, value)
    agent.updated_at = utcnow()
    repository.save_agent(agent)
    return _own_out(agent)


def duplicate_agent(user_id: str, agent_id: str, lang: Lang) -> AgentOut:
    """A copy of a built-in or own agent, as a new own agent."""
    source = get_agent(user_id, agent_id, lang)
    body = AgentIn.model_validate(source.model_dump(include=set(AgentIn.model_fields)))
    suffix = " (copie)" if lang == "fr" else " (copy)"
    return create_agent(user_id, body.model_copy(update={"name": (body.name + suffix)[:80]}))


def delete_agent(user_id: str, agent_id: str) -> None:
    """Delete one's own agent."""
    if agent_id in _builtins():
        raise BuiltinReadOnly()
    agent = repository.find_agent(user_id, agent_id)
    if agent is None:
        raise AgentNotFound()
    repository.delete_agent(agent)
