"""Agent tables.

- `agents`: a user's own agents (partition: the owner's id); the eight built-ins are data (builtin.json).
  An agent's remote MCP servers live on its item (`mcp_servers`): id, URL, allowed tools, the masked
  token and the token itself KMS-encrypted (base64), bound to its owner, agent and server.
- `agent_runs`: a goal given to one agent or a team, with its editable plan and the task that runs it.
- `agent_metrics`: counters per (user, agent, day), partition `<user_id>#<agent_id>`, sort key the
  day: runs, successes, failures, cost of the successful ones, tool calls and errors, and histograms of
  durations and steps (one counter per bucket), so 7/30/90-day metrics are one Query, never a Scan.
"""

from __future__ import annotations

from pynamodb.attributes import (
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class Agent(Model):
    """A user's own agent."""

    class Meta(TableMeta):
        table_name = table_name("agents")

    user_id = UnicodeAttribute(hash_key=True)
    agent_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    instructions = UnicodeAttribute()
    model = UnicodeAttribute()
    tools = ListAttribute(of=UnicodeAttribute, default=list)
    knowledge_base_ids = ListAttribute(of=UnicodeAttribute, default=list)
    output_format = UnicodeAttribute(default="")
    definition_of_done = UnicodeAttribute(default="")
    allowed_hosts = ListAttribute(of=UnicodeAttribute, default=list)  # what `http_request` may call
    mcp_servers = JSONAttribute(null=True)  # type: ignore[no-untyped-call]
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class AgentRun(Model):
    """A run: `draft` (a team's plan waiting for its owner's approval) → `started` (its task runs)."""

    class Meta(TableMeta):
        table_name = table_name("agent_runs")

    user_id = UnicodeAttribute(hash_key=True)
    run_id = UnicodeAttribute(range_key=True)  # time-ordered: newest last
    goal = UnicodeAttribute()
    agent_ids = ListAttribute(of=UnicodeAttribute)
    status = UnicodeAttribute()
    plan = JSONAttribute()
    email_to = UnicodeAttribute(null=True)
    budget_micro_usd = NumberAttribute(null=True)
    max_steps = NumberAttribute()
    task_id = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()


class AgentMetric(Model):
    """One (user, agent, day)'s counters (updated with ADD; attributes beyond the keys are counters)."""

    class Meta(TableMeta):
        table_name = table_name("agent_metrics")

    owner_agent = UnicodeAttribute(hash_key=True)
    day = UnicodeAttribute(range_key=True)
