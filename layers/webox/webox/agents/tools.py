"""The tools an agent's model calls through its vendor's native tool calling.

An agent offers every tool it has: `calculator`, `knowledge_search` (when it has knowledge bases;
the shared `webox.knowledge.tool`), `structured_extraction` (the model hands over the data it
extracted with the JSON Schema it must follow; the tool checks one against the other), those of
`webox.agents.model_tools` (`ask_agent`, `multi_model_chat`, `create_document`, and `http_request`
and `send_email`, which run only once the owner approved them), and the allowed tools of its remote
MCP servers (`webox.agents.mcp_client`).

Running a call gives a record for the step's output — `{id, tool, input, result}` or
`{id, tool, input, error}` — the text the model reads back (`content`) and what the models a tool
called cost (`cost`, `tokens`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from webox.agents import model_tools
from webox.agents.calculator import CalculatorError, calculate
from webox.agents.model_tools import ToolFailed
from webox.knowledge import embeddings
from webox.knowledge import tool as knowledge_tool
from webox.providers.schemas import ToolCall, ToolSpec

MAX_RESULT_CHARS = 8000

CALCULATOR = ToolSpec(
    name="calculator",
    description="Evaluate an arithmetic expression exactly (+ - * / % ^ and parentheses; decimal commas allowed).",
    parameters={
        "type": "object",
        "properties": {"expression": {"type": "string", "description": "For example: 49 * 12"}},
        "required": ["expression"],
    },
)
KNOWLEDGE_SEARCH = ToolSpec(
    name=knowledge_tool.TOOL,
    description="Search the agent's knowledge bases; returns numbered passages with their file and page, to cite as [n].",
    parameters={
        "type": "object",
        "properties": {"query": {"type": "string", "description": "What to look for, in a sentence"}},
        "required": ["query"],
    },
)
STRUCTURED_EXTRACTION = ToolSpec(
    name="structured_extraction",
    description=(
        "Hand over data extracted from a text together with the JSON Schema it must follow; "
        "returns the data once it matches the schema, or what does not match."
    ),
    parameters={
        "type": "object",
        "properties": {
            "schema": {"type": "object", "description": "A JSON Schema (draft 2020-12)"},
            "data": {"type": "object", "description": "The extracted data"},
        },
        "required": ["schema", "data"],
    },
)


def _calculator(arguments: dict[str, Any]) -> tuple[Any, str]:
    expression = str(arguments.get("expression", ""))
    try:
        value = calculate(expression)
    except CalculatorError as exc:
        raise ToolFailed("calculator_refused", str(exc)) from exc
    return value, f"{expression} = {value:g}"


def _extraction(arguments: dict[str, Any]) -> tuple[Any, str]:
    import jsonschema

    schema, data = arguments.get("schema"), arguments.get("data")
    if not isinstance(schema, dict) or not isinstance(data, dict):
        raise ToolFailed("extraction_invalid", "schema and data must both be objects")
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        raise ToolFailed("extraction_bad_schema", f"not a JSON Schema: {exc.message}") from exc
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    if errors:
        where = "/".join(str(p) for p in errors[0].path) or "(root)"
        raise ToolFailed("extraction_mismatch", f"{where}: {errors[0].message}")
    return data, json.dumps(data, ensure_ascii=False)


@dataclass
class Toolbox:
    """One agent step's tools: what the model is offered, and running its calls."""

    user_id: str
    base_ids: list[str]
    specs: list[ToolSpec]
    caller: model_tools.Caller | None = None
    # MCP tools by the name offered to the model: (server, the tool's own name).
    remote: dict[str, tuple[Any, str]] = field(default_factory=dict)
    citations: list[dict[str, Any]] = field(default_factory=list)

    def run(self, call: ToolCall) -> dict[str, Any]:
        """Run one call: its record (`result` or `error`), with `content` for the model and `citations`."""
        record: dict[str, Any] = {"id": call.id, "tool": call.name, "input": call.arguments}
        new_citations: list[dict[str, Any]] = []
        try:
            if (
                call.name in model_tools.RUNNERS
                and self.caller
                and any(s.name == call.name for s in self.specs)
            ):
                ran = model_tools.RUNNERS[call.name](self.caller, call.arguments)
                record["result"], content = ran.result, ran.content
                record["cost"], record["tokens"] = ran.cost_micro_usd, ran.tokens
            elif call.name == CALCULATOR.name:
                record["result"], content = _calculator(call.arguments)
            elif call.name == STRUCTURED_EXTRACTION.name:
                record["result"], content = _extraction(call.arguments)
            elif call.name == KNOWLEDGE_SEARCH.name and self.base_ids:
                record["result"], new_citations, content, tokens = self._search(call.arguments)
                record["cost"], record["tokens"] = embeddings.cost_micro_usd(tokens), [tokens, 0]
            elif call.name in self.remote:
                server, name = self.remote[call.name]
                record["result"] = content = server.call(name, call.arguments)
            else:
                raise ToolFailed("unknown_tool", f"No tool named {call.name!r} is offered")
        except ToolFailed as exc:
            record["error"] = exc.code
            content = f"Error ({exc.code}): {exc}"
        record["content"] = content[:MAX_RESULT_CHARS]
        record["citations"] = new_citations
        return record

    def _search(
        self, arguments: dict[str, Any]
    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str, int]:
        """The hits, the passages numbered for this step, the model's text, the embedding tokens."""
        query = str(arguments.get("query") or "").strip()
        if not query:
            raise ToolFailed("knowledge_query_empty", "query is required")
        searched = knowledge_tool.search(self.user_id, self.base_ids, query)
        errors = [c["error"] for c in searched.calls if "error" in c]
        if errors and len(errors) == len(searched.calls):
            raise ToolFailed(errors[0], "No knowledge base could be searched")
        hits = [hit for c in searched.calls for hit in c.get("result", [])]
        # Passages are numbered across the step's searches, so [n] stays unique in its answer.
        first = len(self.citations) + 1
        numbered = [{**c, "n": first + i} for i, c in enumerate(searched.citations)]
        content = knowledge_tool.sources_context(numbered) or "No passage found."
        return hits, numbered, content, searched.tokens

    def keep_citations(self, record: dict[str, Any]) -> None:
        """Count a record's passages in the step's citations (also when replayed from the record)."""
        self.citations.extend(record.get("citations") or [])


def toolbox(
    user_id: str,
    agent: dict[str, Any],
    remote: list[tuple[Any, Any]] | None = None,
    *,
    lang: str = "fr",
    request_id: str = "",
) -> Toolbox:
    """The tools an agent offers its model (`remote`: each MCP server with its tools to offer)."""
    names = set(agent.get("tools") or [])
    base_ids = [str(b) for b in agent.get("knowledge_base_ids") or []]
    specs = [CALCULATOR] if "calculator" in names else []
    if knowledge_tool.TOOL in names and base_ids:
        specs.append(KNOWLEDGE_SEARCH)
    if STRUCTURED_EXTRACTION.name in names:
        specs.append(STRUCTURED_EXTRACTION)
    if "ask_agent" in names:
        specs.append(model_tools.ask_agent_spec(user_id, agent, lang))
    specs += [spec for name, spec in model_tools.STATIC_SPECS.items() if name in names]
    caller = model_tools.Caller(user_id, agent, lang, request_id)
    box = Toolbox(user_id, base_ids, specs, caller)
    for server, spec_list in remote or []:
        for spec in spec_list:
            # A remote tool never shadows a built-in one or another server's of the same name.
            if all(spec.name != s.name for s in box.specs):
                box.specs.append(spec)
                box.remote[spec.name] = (server, spec.name)
    return box
