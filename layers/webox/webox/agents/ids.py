"""An agent's id as a body names it: a built-in agent's slug, or an agent of one's own (32 hex
digits). Apart from the agents' schemas, which other features' bodies (automations) do not need."""

from __future__ import annotations

from typing import Annotated

from pydantic import StringConstraints

AgentId = Annotated[str, StringConstraints(pattern=r"^([a-z][a-z-]{1,30}|[0-9a-f]{32})$")]
