"""A cold start loads what a function's routes need to exist, not what only some requests use: the
modules below cost 10–60 ms of a cold start each and are imported by the route or service that
needs them, when it runs (`benchmarks/cold_start.py` measures the whole)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import json, sys
import {handler}
print(json.dumps(sorted(name for name in {watched!r} if name in sys.modules)))
"""

# FastAPI's check of every route for pydantic.v1 models, which `webox.http` skips; pydantic-settings,
# which `webox.env_settings` replaces.
NEVER = ["pydantic.v1", "pydantic_settings"]

NOT_AT_START = {
    "functions.auth.api": NEVER,
    # The turn routes' (with the providers and the socket protocol): the SPA streams over chat-ws.
    "functions.chat.api": [*NEVER, "webox.chat.turns", "webox.realtime.protocol", "webox.tasks.schemas"],
    # Conversations are read by a conversation's link and by exports only; a workflow's graph needs
    # neither the tasks' nor the prompts' schemas, an address field not every account schema, a
    # media link the media library.
    "functions.share.api": [
        *NEVER,
        "webox.chat.conversations",
        "webox.tasks.schemas",
        "webox.prompts.schemas",
        "webox.auth.schemas",
        "webox.providers.registry",
        "webox.media.library",
        "webox.media.schemas",
    ],
    # The model registry checks a saved assistant, persona or agent; plans and gauges need no prices.
    "functions.assistants.api": [*NEVER, "webox.providers.registry"],
    "functions.billing.api": [*NEVER, "webox.providers.registry"],
    # Only an own Twilio account is sealed with the providers' user secrets.
    "functions.voice.api": [*NEVER, "webox.providers.registry", "webox.providers.service"],
    # An agent's metrics, not the agents' other schemas nor the tasks'; own keys reach the vendors when tested.
    "functions.dashboard.api": [
        *NEVER,
        "webox.agents.schemas",
        "webox.tasks.schemas",
        "webox.providers.service",
    ],
    # A job's quota and task: the job routes' alone (and dictation's quota).
    "functions.media.api": [*NEVER, "webox.tasks.service", "webox.billing.quota"],
    # A workflow's variables are a prompt's (`webox.prompts.variables`), not the prompt library; its
    # node types are loaded by the routes that check or run a graph.
    "functions.workflows.api": [*NEVER, "webox.prompts.schemas", "webox.workflows.nodes"],
    # Filling a template needs its placeholders (`webox.placeholders`), naming an agent its id.
    "functions.automations.api": [*NEVER, "webox.prompts.schemas", "webox.agents.schemas"],
    # Writing help and library images: one route each.
    "functions.blog.api": [*NEVER, "webox.providers.registry", "webox.media.library"],
    # The MCP endpoint's chat tools; a remote MCP server's client, when one is reached; the
    # supervisor, when a team's run is planned; a search's embeddings (the providers' clients).
    "functions.agents.api": [
        *NEVER,
        "webox.agents.mcp_chat",
        "webox.chat.schemas",
        "webox.agents.mcp_client",
        "webox.agents.planner",
        "webox.knowledge.embeddings",
        "webox.providers.schemas",
    ],
}


@pytest.mark.parametrize(("handler", "watched"), NOT_AT_START.items(), ids=list(NOT_AT_START))
def test_a_handler_starts_without_what_only_some_requests_use(handler: str, watched: list[str]) -> None:
    script = PROBE.format(handler=handler, watched=watched)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True, cwd=ROOT
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
