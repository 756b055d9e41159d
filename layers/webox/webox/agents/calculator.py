"""The agents' calculator: arithmetic expressions (digits, + - * / ^ %, parentheses) evaluated safely,
without `eval`, and found in a text (the simulated models call the tool with each one they read)."""

from __future__ import annotations

import ast
import operator
import re
from collections.abc import Callable

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
    # A comma or period right after an expression ends the sentence; it is no decimal separator.
    return [match.strip().rstrip(",.") for match in _EXPRESSION.findall(text)][:5]
