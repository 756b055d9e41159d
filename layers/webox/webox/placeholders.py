"""`{{name}}` placeholders, and the strings of a JSON value that hold them: what prompts, workflows
and automations fill their templates with. Kept apart from `webox.prompts.rendering`, whose typed
variables bring the prompts' schemas into every function that only fills a template."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

PLACEHOLDER = re.compile(r"\{\{\s*([^{}]*?)\s*\}\}")


def placeholders(body: str) -> list[str]:
    """The names written as `{{name}}` in a body, in order."""
    return PLACEHOLDER.findall(body)


def strings_in(value: Any) -> list[str]:
    """Every string of a JSON value (also inside lists and objects): the templates a node's settings hold."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [s for item in value for s in strings_in(item)]
    if isinstance(value, dict):
        return [s for item in value.values() for s in strings_in(item)]
    return []


def map_strings(value: Any, change: Callable[[str], str]) -> Any:
    """A JSON value with `change` applied to each of its strings (also inside lists and objects)."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [map_strings(item, change) for item in value]
    if isinstance(value, dict):
        return {key: map_strings(item, change) for key, item in value.items()}
    return value
