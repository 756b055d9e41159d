"""How a simulated model uses the tools it is offered, whatever the vendor's wire format.

The rule, so runs are reproducible. While no tool result follows the last user message, the model
calls, in this order:
- `calculator` once per arithmetic expression written in that message (`{"expression": …}`);
- `knowledge_search` with that message as its query (`{"query": …}`);
- any other offered tool whose name (or its name with spaces for `_`) appears in that message, with
  arguments made from its schema: strings take the message (a `uri` its first URL, an `email` its
  first address), numbers its word count, booleans true, an `enum` the first of its values the
  message names (else the first), and a list of objects with an `enum` property one object per value
  (their strings take the message's first paragraph): a planner's tool gets one step per member.
Once results follow the last user message, it answers, quoting each result after its tool's name.
No tool offered, or none that applies: the plain simulated answer, as if no tools were offered.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from typing import Any

from webox.agents.calculator import expressions
from webox.testing.simulation import compose_answer, language_of

MAX_QUERY = 300
MAX_QUOTED = 400


@dataclass(frozen=True)
class Call:
    """A tool call the simulated model makes."""

    id: str
    name: str
    arguments: dict[str, Any]

    @property
    def json(self) -> str:
        return json.dumps(self.arguments, ensure_ascii=False)


@dataclass
class Conversation:
    """What the rule reads: the last user message, the offered tools' schemas, and the results since."""

    prompt: str
    tools: dict[str, dict[str, Any]] = field(default_factory=dict)
    results: list[tuple[str, str]] = field(default_factory=list)


_FOUND = {"uri": re.compile(r"https?://[^\s<>\"')]+"), "email": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")}


def _named(values: list[Any], prompt: str) -> Any:
    lowered = prompt.lower()
    named = [v for v in values if re.search(rf"(?<![\w-]){re.escape(str(v).lower())}(?![\w-])", lowered)]
    return (named or values)[0]


def _one_per_value(items: dict[str, Any], prompt: str) -> list[dict[str, Any]] | None:
    properties = items.get("properties") if items.get("type") == "object" else None
    keyed = next((n for n, s in (properties or {}).items() if isinstance(s, dict) and s.get("enum")), None)
    if keyed is None:
        return None
    first_paragraph = prompt.split("\n\n")[0]
    return [
        {**_arguments(items, first_paragraph), keyed: value} for value in items["properties"][keyed]["enum"]
    ]


def _arguments(schema: dict[str, Any], prompt: str) -> dict[str, Any]:
    properties = schema.get("properties") if isinstance(schema, dict) else None
    arguments: dict[str, Any] = {}
    for name, spec in (properties or {}).items():
        kind = spec.get("type") if isinstance(spec, dict) else None
        if isinstance(spec, dict) and spec.get("enum"):
            arguments[name] = _named(list(spec["enum"]), prompt)
        elif kind == "array" and isinstance(spec.get("items"), dict):
            listed = _one_per_value(spec["items"], prompt)
            if listed is not None:
                arguments[name] = listed
        elif kind in ("number", "integer"):
            arguments[name] = len(prompt.split())
        elif kind == "boolean":
            arguments[name] = True
        elif kind in ("string", None):
            found = _FOUND.get(str(spec.get("format"))) if isinstance(spec, dict) else None
            match = found.search(prompt) if found else None
            arguments[name] = match.group(0).rstrip(".,;:!?") if match else prompt[:MAX_QUERY]
    return arguments


def _id(prefix: str, length: int, prompt: str, index: int, name: str) -> str:
    digest = hashlib.sha256(f"{prompt}\x00{index}\x00{name}".encode()).hexdigest()
    return f"{prefix}{digest[:length]}"


def calls(conversation: Conversation, *, prefix: str = "call_", length: int = 24) -> list[Call]:
    """The tool calls the rule above makes now (none once results are in, or when none applies)."""
    if conversation.results or not conversation.tools:
        return []
    prompt = conversation.prompt.strip()
    wanted: list[tuple[str, dict[str, Any]]] = []
    if "calculator" in conversation.tools:
        wanted += [("calculator", {"expression": e}) for e in expressions(prompt)]
    if "knowledge_search" in conversation.tools and prompt:
        wanted.append(("knowledge_search", {"query": prompt[:MAX_QUERY]}))
    lowered = prompt.lower()
    for name, schema in conversation.tools.items():
        if name in ("calculator", "knowledge_search"):
            continue
        if name.lower() in lowered or name.lower().replace("_", " ") in lowered:
            wanted.append((name, _arguments(schema, prompt)))
    return [Call(_id(prefix, length, prompt, i, name), name, args) for i, (name, args) in enumerate(wanted)]


def answer(model: str, conversation: Conversation, *, max_words: int | None = None) -> str:
    """The text answer: the plain simulated one, then each tool result quoted after its tool's name."""
    text = compose_answer(model, conversation.prompt)
    if conversation.results:
        head = "Résultats des outils :" if language_of(conversation.prompt) == "fr" else "Tool results:"
        quoted = [
            f"- [{name}] {' '.join(result.split())[:MAX_QUOTED]}" for name, result in conversation.results
        ]
        text = "\n".join([text, "", head, *quoted])
    if max_words is not None:
        text = " ".join(text.split(" ")[: max(1, max_words)])
    return text


def _text(content: Any) -> str:
    if isinstance(content, list):
        return " ".join(
            str(part.get("text", ""))
            for part in content
            if isinstance(part, dict) and part.get("type", "text") == "text"
        )
    return str(content or "")


def chat_conversation(messages: list[dict[str, Any]], tools: list[Any] | None) -> Conversation:
    """A chat-completions conversation (OpenAI, Mistral): `tool` messages answer assistant `tool_calls`."""
    offered = {
        str(t["function"]["name"]): t["function"].get("parameters") or {}
        for t in tools or []
        if isinstance(t, dict) and isinstance(t.get("function"), dict)
    }
    last_user = max((i for i, m in enumerate(messages) if m.get("role") == "user"), default=-1)
    names: dict[str, str] = {}
    for message in messages:
        for call in message.get("tool_calls") or []:
            names[str(call.get("id"))] = str((call.get("function") or {}).get("name", ""))
    results = [
        (names.get(str(m.get("tool_call_id")), str(m.get("name") or "tool")), _text(m.get("content")))
        for m in messages[last_user + 1 :]
        if m.get("role") == "tool"
    ]
    prompt = _text(messages[last_user].get("content")) if last_user >= 0 else ""
    return Conversation(prompt, offered, results)
