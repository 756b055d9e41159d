"""Tools an agent step uses before its model call: knowledge search (with citations) and the calculator.

The rule that decides which tool runs, so runs are reproducible: an agent that has the
`knowledge_search` tool and knowledge bases searches each base with its step's task; an agent with
the `calculator` tool computes every arithmetic expression written in its task (digits, + - * / ^ %,
parentheses). Their results go to the model in the prompt, and into the step's output with their inputs.
"""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable
from typing import Any

from webox.errors import WeboxError

_OPERATORS: dict[type, Callable[..., float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
    ast.Mod: operator.mod,
    ast.Pow: operator.pow,
    ast.USub: operator.neg,
    ast.UAdd: operator.pos,
}
_EXPRESSION = re.compile(r"\(?-?\d[\d.,]*(?:\s*[-+*/^%x×]\s*\(?-?\d[\d.,]*\)?)+\)?")
MAX_EXPRESSION = 200
MAX_POWER = 100


class CalculatorError(ValueError):
    """An expression the calculator refuses (syntax, division by zero, a power too large)."""


def _evaluate(node: ast.AST) -> float:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body)
    if isinstance(node, ast.Constant) and isinstance(node.value, int | float):
        return float(node.value)
    if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_POWER:
            raise CalculatorError("exponent too large")
        try:
            return _OPERATORS[type(node.op)](left, right)
        except ZeroDivisionError as exc:
            raise CalculatorError("division by zero") from exc
    if isinstance(node, ast.UnaryOp) and type(node.op) in _OPERATORS:
        return _OPERATORS[type(node.op)](_evaluate(node.operand))
    raise CalculatorError("only numbers and + - * / % ^ are allowed")


def calculate(expression: str) -> float:
    """The value of an arithmetic expression (French decimal commas and × accepted)."""
    if len(expression) > MAX_EXPRESSION:
        raise CalculatorError("expression too long")
    python = expression.replace("×", "*").replace("x", "*").replace("^", "**").replace(",", ".")
    try:
        tree = ast.parse(python, mode="eval")
    except SyntaxError as exc:
        raise CalculatorError("not an arithmetic expression") from exc
    result = _evaluate(tree)
    return round(result, 10)


def expressions(text: str) -> list[str]:
    """The arithmetic expressions written in `text` (at most five)."""
    return [match.strip() for match in _EXPRESSION.findall(text)][:5]


def run_tools(
    user_id: str, agent: dict[str, Any], task: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The tool calls the rule above makes for this step: (calls with input and result, citations)."""
    from webox.knowledge import service as knowledge_service

    calls: list[dict[str, Any]] = []
    citations: list[dict[str, Any]] = []
    tools = set(agent.get("tools") or [])
    if "knowledge_search" in tools:
        for base_id in agent.get("knowledge_base_ids") or []:
            call: dict[str, Any] = {
                "tool": "knowledge_search",
                "input": {"base_id": base_id, "query": task[:2000]},
            }
            try:
                found, _tokens = knowledge_service.search(user_id, base_id, task[:2000], 4)
            except WeboxError as exc:
                call["error"] = exc.code
            else:
                hits = [hit.model_dump() for hit in found.hits]
                call["result"] = hits
                for hit in hits:
                    citations.append({"n": len(citations) + 1, **hit["citation"], "text": hit["text"]})
            calls.append(call)
    if "calculator" in tools:
        for expression in expressions(task):
            call = {"tool": "calculator", "input": {"expression": expression}}
            try:
                call["result"] = calculate(expression)
            except CalculatorError as exc:
                call["error"] = str(exc)
            calls.append(call)
    return calls, citations


def prompt_context(calls: list[dict[str, Any]], citations: list[dict[str, Any]]) -> str:
    """What the tools found, as the model reads it (sources numbered for citation)."""
    parts = []
    if citations:
        parts.append("Sources :")
        parts.extend(f"[{c['n']}] {c['filename']} (p. {c['page']}) : {c['text']}" for c in citations)
    for call in calls:
        if call["tool"] == "calculator" and "result" in call:
            parts.append(f"Calcul : {call['input']['expression']} = {call['result']:g}")
    return "\n".join(parts)
