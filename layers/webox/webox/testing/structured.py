"""Structured output of the simulated vendors: the JSON object a model returns when asked for one
matching a JSON Schema (OpenAI's `response_format`/`text.format`, Anthropic's `output_config.format`,
Gemini's `responseSchema`/`responseJsonSchema`, Mistral's `response_format`).

The object is deterministic: the same schema and prompt give the same object, and it validates
against the schema — every property present (strict mode requires them all), `$ref`/`$defs`
followed, the first branch of `anyOf`/`oneOf` that is not `null`, `enum`/`const` honoured, numbers
inside their bounds, strings inside their lengths and of their `format` (date, date-time, e-mail,
URI, UUID); strings are made of the prompt's words. A `pattern` is not solved.
"""

from __future__ import annotations

import json
import re
from typing import Any

MAX_DEPTH = 8
# Anthropic's SDK moves constraints its structured outputs do not take into the description, written
# `{maxLength: 20}` or `{maximum: 5, minimum: 1}`: a model reads them there, and so does this one.
# Gemini's SDK writes some keywords of `responseSchema` in snake case.
_SNAKE = {
    "min_items": "minItems",
    "max_items": "maxItems",
    "min_length": "minLength",
    "max_length": "maxLength",
    "any_of": "anyOf",
}
_HINT = re.compile(r"\{([A-Za-z]+: [^{}]+)\}")
_HINTED = frozenset(
    {
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "minLength",
        "maxLength",
        "minItems",
        "maxItems",
        "format",
    }
)
_FORMATS = {
    "date": "2026-01-15",
    "date-time": "2026-01-15T09:30:00Z",
    "time": "09:30:00",
    "email": "contact@example.com",
    "uri": "https://example.com/",
    "url": "https://example.com/",
    "uuid": "00000000-0000-4000-8000-000000000000",
}


def _words(prompt: str) -> list[str]:
    return prompt.split() or ["exemple"]


class _Maker:
    def __init__(self, root: dict[str, Any], prompt: str) -> None:
        self.root, self.words, self.strings = root, _words(prompt), 0

    def _resolve(self, ref: str) -> dict[str, Any]:
        node: Any = self.root
        for part in ref.removeprefix("#/").split("/") if ref != "#" else []:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return node if isinstance(node, dict) else {}

    def make(self, schema: Any, depth: int = 0) -> Any:
        if not isinstance(schema, dict):
            return None
        schema = {**_hints(schema), **{_SNAKE.get(k, k): v for k, v in schema.items()}}
        if "$ref" in schema:
            return self.make({**self._resolve(str(schema["$ref"])), **_without(schema, "$ref")}, depth + 1)
        if "const" in schema:
            return schema["const"]
        if schema.get("enum"):
            return schema["enum"][0]
        for key in ("anyOf", "oneOf"):
            if schema.get(key):
                options = [o for o in schema[key] if _kind(o) != "null"] or schema[key]
                return self.make(options[0], depth + 1)
        if schema.get("allOf"):
            merged: dict[str, Any] = _without(schema, "allOf")
            for part in schema["allOf"]:
                merged = {**merged, **(self._resolve(part["$ref"]) if "$ref" in part else part)}
            return self.make(merged, depth + 1)
        return self._typed(schema, _kind(schema), depth)

    def _typed(self, schema: dict[str, Any], kind: str | None, depth: int) -> Any:
        if kind == "object" or (kind is None and "properties" in schema):
            if depth > MAX_DEPTH:
                return {}
            properties = schema.get("properties") or {}
            return {name: self.make(spec, depth + 1) for name, spec in properties.items()}
        if kind == "array":
            low, high = int(schema.get("minItems", 1)), schema.get("maxItems")
            count = min(max(low, 1 if depth <= MAX_DEPTH else 0), int(high) if high is not None else 3)
            return [self.make(schema.get("items") or {}, depth + 1) for _ in range(count)]
        if kind in ("integer", "number"):
            return _number(schema, len(self.words), integer=kind == "integer")
        if kind == "boolean":
            return True
        if kind == "null":
            return None
        return self._string(schema)

    def _string(self, schema: dict[str, Any]) -> str:
        if str(schema.get("format")) in _FORMATS:
            return _FORMATS[str(schema["format"])]
        start = self.strings % len(self.words)
        self.strings += 1
        text = " ".join((self.words[start:] + self.words[:start])[:8])
        low, high = int(schema.get("minLength", 0)), schema.get("maxLength")
        if len(text) < low:
            text = (text + " ") * (low // max(len(text), 1) + 1)
        return text[: int(high)] if high is not None else text


def _hints(schema: dict[str, Any]) -> dict[str, Any]:
    """The constraints a schema's description states as `{name: value, …}` (see `_HINT`)."""
    found: dict[str, Any] = {}
    for group in _HINT.findall(str(schema.get("description") or "")):
        for pair in group.split(", "):
            name, _, value = pair.partition(": ")
            if name in _HINTED:
                try:
                    found[name] = json.loads(value)
                except ValueError:
                    found[name] = value.strip("'\"")
    return found


def _without(schema: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in schema.items() if k != key}


def _kind(schema: Any) -> str | None:
    """The schema's type in lower case (Gemini writes `OBJECT`); of a list, the first that is not null."""
    if not isinstance(schema, dict):
        return None
    kind = schema.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if str(k).lower() != "null"), "null")
    return str(kind).lower() if kind is not None else None


def _bound(schema: dict[str, Any], closed: str, open_: str) -> tuple[float | None, bool]:
    """A bound of the schema and whether it is exclusive."""
    if schema.get(closed) is not None:
        return float(schema[closed]), False
    if schema.get(open_) is not None:
        return float(schema[open_]), True
    return None, False


def _number(schema: dict[str, Any], count: int, *, integer: bool) -> int | float:
    """The prompt's word count, moved inside the bounds (exclusive ones included)."""
    low, low_open = _bound(schema, "minimum", "exclusiveMinimum")
    high, high_open = _bound(schema, "maximum", "exclusiveMaximum")
    value = float(count)
    if low is not None:
        value = max(value, low)
    if high is not None:
        value = min(value, high)
    if (
        low is not None
        and high is not None
        and ((low_open and value <= low) or (high_open and value >= high))
    ):
        value = (low + high) / 2
    elif low is not None and low_open and value <= low:
        value = low + 1
    elif high is not None and high_open and value >= high:
        value = high - 1
    return round(value) if integer else value


def instance(schema: dict[str, Any], prompt: str) -> Any:
    """The deterministic value a simulated model gives for `schema`, made from the prompt's words."""
    return _Maker(schema, prompt).make(schema)


def compose(schema: dict[str, Any], prompt: str) -> str:
    """`instance` as the JSON text a model answers."""
    return json.dumps(instance(schema, prompt), ensure_ascii=False)


def chat_schema(body: dict[str, Any]) -> dict[str, Any] | None:
    """The schema a chat-completions body (OpenAI, Mistral) asks the answer to follow, if any."""
    wanted = body.get("response_format")
    if not isinstance(wanted, dict) or wanted.get("type") != "json_schema":
        return None
    spec = wanted.get("json_schema") or {}
    schema = spec.get("schema") or spec.get("schema_definition") if isinstance(spec, dict) else None
    return schema if isinstance(schema, dict) else {"type": "object"}


def anthropic_schema(body: dict[str, Any]) -> dict[str, Any] | None:
    """The schema an Anthropic Messages body asks for (`output_config.format`), if any."""
    config = body.get("output_config")
    wanted = config.get("format") if isinstance(config, dict) else None
    if not isinstance(wanted, dict) or wanted.get("type") != "json_schema":
        return None
    schema = wanted.get("schema")
    return schema if isinstance(schema, dict) else {"type": "object"}


def gemini_schema(body: dict[str, Any]) -> dict[str, Any] | None:
    """The schema a Gemini body asks for (`generationConfig.responseJsonSchema` or `responseSchema`
    with the JSON MIME type), if any."""
    config = body.get("generationConfig") or body.get("generation_config") or {}
    if not isinstance(config, dict):
        return None
    for key in ("responseJsonSchema", "response_json_schema", "responseSchema", "response_schema"):
        if isinstance(config.get(key), dict):
            return dict(config[key])
    mime = config.get("responseMimeType") or config.get("response_mime_type")
    return {"type": "object"} if mime == "application/json" else None
