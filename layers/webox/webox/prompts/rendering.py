"""A prompt's variables and their rendering.

A prompt's body holds `{{variable}}` placeholders, each declared with a type (text, textarea,
choice, number, date; a workflow's also file); `render_text` checks the values and substitutes them literally in one pass — no
template language, so a value is never interpreted.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from webox.placeholders import PLACEHOLDER, placeholders
from webox.prompts.errors import InvalidValues, InvalidVariables, RenderedTooLong
from webox.prompts.variables import VALUE_LIMITS, VARIABLE_NAME, Variable

_NAME = re.compile(VARIABLE_NAME)
_NUMBER = re.compile(r"^-?\d{1,15}(?:[.,]\d{1,10})?$")

Value = str | float | int
# A file variable's reader: the file's id -> (its text, or the reason it cannot be used).
FileReader = Callable[[str], tuple[str, str | None]]
# What a rendering may grow to: a chat message's limit. A 20,000-character body repeating one
# placeholder filled with a 10,000-character value would otherwise render hundreds of megabytes
# (a shared prompt renders for anyone holding its link).
MAX_RENDERED_CHARS = 32_000


def check_variables(body: str, variables: list[Variable]) -> None:
    """Every `{{x}}` of the body is a declared variable with a valid name, and every declared one is used."""
    found = set(placeholders(body))
    invalid = sorted(name[:60] for name in found if not _NAME.fullmatch(name))
    declared = {variable.name for variable in variables}
    undeclared = sorted(name for name in found - declared if _NAME.fullmatch(name))
    unused = sorted(declared - found)
    if invalid or undeclared or unused:
        raise InvalidVariables(undeclared=undeclared, unused=unused, invalid=invalid)


def _format(value: Value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _resolve(variable: Variable, raw: Value | None, read_file: FileReader | None) -> tuple[str, str | None]:
    """(text to insert, problem) for one variable's value."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        if variable.default is not None:
            return _format(variable.default), None
        return "", "missing" if variable.required else None
    if variable.type == "number":
        return _resolve_number(variable, raw)
    text = raw if isinstance(raw, str) else _format(raw)
    if variable.type == "choice":
        text = text.strip()
        return (text, None) if variable.choices and text in variable.choices else ("", "not_a_choice")
    if len(text) > VALUE_LIMITS[variable.type]:
        return "", "too_long"
    if variable.type == "date":
        problem = variable.date_problem(text.strip())
        return ("", problem) if problem else (text.strip(), None)
    if variable.type == "file":
        return read_file(text.strip()) if read_file else ("", "unsupported")
    return text, None


def _resolve_number(variable: Variable, raw: Value) -> tuple[str, str | None]:
    """A number as the user wrote it (comma or point), within the variable's bounds."""
    text = raw.strip() if isinstance(raw, str) else _format(raw)
    if not _NUMBER.fullmatch(text):
        return "", "not_a_number"
    number = float(text.replace(",", "."))
    if (variable.min is not None and number < variable.min) or (
        variable.max is not None and number > variable.max
    ):
        return "", "out_of_range"
    return text, None


def resolve_values(
    variables: list[Variable], values: dict[str, Value | None], read_file: FileReader | None = None
) -> dict[str, str]:
    """Each variable's checked value (or default) as text (a file's: its text, read by `read_file`);
    `InvalidValues` names every field at fault."""
    declared = {variable.name: variable for variable in variables}
    problems = [{"name": name[:64], "reason": "unknown"} for name in values if name not in declared]
    resolved: dict[str, str] = {}
    for variable in variables:
        text, problem = _resolve(variable, values.get(variable.name), read_file)
        if problem:
            problems.append({"name": variable.name, "reason": problem})
        resolved[variable.name] = text
    if problems:
        raise InvalidValues(problems)
    return resolved


def render_text(body: str, variables: list[Variable], values: dict[str, Value]) -> str:
    """The body with each `{{name}}` replaced by its checked value (or default), in one literal pass."""
    resolved = resolve_values(variables, dict(values))
    occurrences = PLACEHOLDER.findall(body)
    length = len(PLACEHOLDER.sub("", body)) + sum(
        len(resolved.get(name, "{{}}" + name)) for name in occurrences
    )
    if length > MAX_RENDERED_CHARS:
        raise RenderedTooLong(length, MAX_RENDERED_CHARS)
    return PLACEHOLDER.sub(lambda match: resolved.get(match.group(1), match.group(0)), body)
