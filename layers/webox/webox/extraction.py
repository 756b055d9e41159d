"""Structured extraction, as every feature asks a model for it (a workflow's Extract node, a phone
call's form after the call): one instruction naming the fields, and the JSON object read back from
the answer. The LLM simulators recognise the instruction (`webox.testing.extraction`)."""

from __future__ import annotations

import json
import re
from typing import Any

MARKER = "reply with ONE JSON object and nothing else, of this form: "


def instructions(shape: dict[str, str]) -> str:
    """What the model reads before the text: `shape` maps each field to `<type> description`."""
    return f"Extract the following fields from the text below and {MARKER}{json.dumps(shape, ensure_ascii=False)}\n"


def json_object(raw: str) -> dict[str, Any] | None:
    """The JSON object in a model's answer (None when there is none)."""
    match = re.search(r"\{.*\}", raw, re.S)
    try:
        data = json.loads(match.group(0)) if match else None
    except ValueError:
        return None
    return data if isinstance(data, dict) else None
