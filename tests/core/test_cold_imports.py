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

NOT_AT_START = {
    # Conversations are read by a conversation's link and by exports only; a workflow's graph needs
    # neither the tasks' nor the prompts' schemas, an address field not every account schema.
    "functions.share.api": [
        "webox.chat.conversations",
        "webox.tasks.schemas",
        "webox.prompts.schemas",
        "webox.auth.schemas",
        "webox.providers.registry",
    ],
    # A workflow's variables are a prompt's (`webox.prompts.variables`), not the prompt library.
    "functions.workflows.api": ["webox.prompts.schemas"],
    # Filling a template needs its placeholders (`webox.placeholders`), naming an agent its id.
    "functions.automations.api": ["webox.prompts.schemas", "webox.agents.schemas"],
    # Writing help and library images: one route each.
    "functions.blog.api": ["webox.providers.registry", "webox.media.library"],
    # The MCP endpoint's chat tools.
    "functions.agents.api": ["webox.agents.mcp_chat", "webox.chat.schemas"],
}


@pytest.mark.parametrize(("handler", "watched"), NOT_AT_START.items(), ids=list(NOT_AT_START))
def test_a_handler_starts_without_what_only_some_requests_use(handler: str, watched: list[str]) -> None:
    script = PROBE.format(handler=handler, watched=watched)
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True, cwd=ROOT
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
