"""The dashboard's agents section: each agent's metrics over 7, 30 or 90 days, from the agents'
daily counters (`webox.agents.metrics`: one Query per agent and period, never a Scan)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

from webox.dashboard.errors import InvalidPeriod
from webox.dashboard.schemas import AgentRow, AgentUsage

if TYPE_CHECKING:
    from webox.agents.schemas import Lang

# The queries are independent: a few at once keep the page fast for a user with many agents.
_READERS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="agent-metrics")


def agent_usage(user_id: str, days: int, lang: Lang) -> AgentUsage:
    """The metrics of every agent of the caller (built-ins and own) that ran in the period."""
    # imported here: the agents' catalogue and schemas are only this section's need, not the
    # dashboard API's other requests
    from webox.agents import catalogue, metrics

    if days not in metrics.PERIODS:
        raise InvalidPeriod(f"days must be one of {', '.join(map(str, metrics.PERIODS))}")
    agents = catalogue.list_agents(user_id, lang)
    summaries = _READERS.map(lambda agent: metrics.summary(user_id, agent.agent_id, days), agents)
    rows = [
        AgentRow(**summary.model_dump(), name=agent.name, builtin=agent.builtin)
        for agent, summary in zip(agents, summaries, strict=True)
        if summary.runs
    ]
    return AgentUsage(days=days, agents=sorted(rows, key=lambda row: -row.runs))
