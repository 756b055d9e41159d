"""The agents feature's user-data hook (account deletion): agents, runs, knowledge bases and their files
and vector indexes, and the metric counters of every agent they had."""

from __future__ import annotations

from webox.agents import catalogue, repository
from webox.knowledge import service as knowledge_service


def delete_user_data(user_id: str) -> int:
    """Delete every agent, run and knowledge base of a user; returns how many items went."""
    bases = knowledge_service.list_bases(user_id)
    for base in bases:
        knowledge_service.delete_base(user_id, base.base_id)
    agent_ids = [agent.agent_id for agent in catalogue.list_agents(user_id, "fr")]
    return repository.delete_user_items(user_id, agent_ids) + len(bases)
