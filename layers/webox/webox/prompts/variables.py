"""A prompt's typed variables: each `{{name}}` of a body as a form field (label, type, choices,
default, bounds). Workflows declare their inputs with the same model: it lives apart from the rest of
the prompts' schemas so that they do not load those."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

# `date` (ISO, optionally bounded) and `file` (a file of the user's media library, read as text) are
# used by workflows only: a shared prompt has no owner's library to read from.
VariableType = Literal["text", "textarea", "choice", "number", "date", "file"]

MAX_VARIABLES = 20
MAX_CHOICES = 30
# The longest value a variable takes, by type (a render never grows without bound).
VALUE_LIMITS: dict[str, int] = {
    "text": 1_000,
    "textarea": 10_000,
    "choice": 100,
    "number": 40,
    "date": 10,
    "file": 80,  # the file's id (its text is read when a run starts)
}
# Defaults are stored with the prompt (and its every version): they stay short.
MAX_DEFAULT = 1_000

# ASCII lower case, digits, `_` and the letters of French words; starts with a letter.
_LETTERS = "a-zàâäçéèêëîïôöùûüÿœæ"
VARIABLE_NAME = rf"^[{_LETTERS}][{_LETTERS}0-9_]{{0,39}}$"

VariableName = Annotated[str, StringConstraints(pattern=VARIABLE_NAME)]
Label = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
ChoiceText = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]


class Variable(BaseModel):
    """A `{{name}}` of the body, as a form field: its label, type, choices, default and whether it is required."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "name": "ton",
                    "label": "Ton",
                    "type": "choice",
                    "choices": ["professionnel", "amical"],
                    "default": "amical",
                    "required": True,
                }
            ]
        },
    )

    name: VariableName
    label: Label
    type: VariableType = "text"
    choices: list[ChoiceText] | None = Field(default=None, min_length=1, max_length=MAX_CHOICES)
    default: str | float | None = None
    required: bool = True
    min: float | None = Field(default=None, description="Smallest accepted number (number variables)")
    max: float | None = Field(default=None, description="Largest accepted number (number variables)")
    min_date: date | None = Field(default=None, description="Earliest accepted date (date variables)")
    max_date: date | None = Field(default=None, description="Latest accepted date (date variables)")

    @model_validator(mode="after")
    def _consistent(self) -> Variable:
        self._check_date()
        if self.type == "choice":
            if not self.choices:
                raise ValueError(f"{self.name}: a choice variable lists its choices")
            if len(set(self.choices)) != len(self.choices):
                raise ValueError(f"{self.name}: choices must be distinct")
            if self.default is not None and self.default not in self.choices:
                raise ValueError(f"{self.name}: the default must be one of the choices")
        elif self.choices is not None:
            raise ValueError(f"{self.name}: only choice variables have choices")
        if self.type == "number":
            if self.default is not None and isinstance(self.default, str):
                raise ValueError(f"{self.name}: the default of a number variable is a number")
            low = self.min if self.min is not None else float("-inf")
            high = self.max if self.max is not None else float("inf")
            if low > high:
                raise ValueError(f"{self.name}: min is above max")
            if isinstance(self.default, float | int) and not low <= self.default <= high:
                raise ValueError(f"{self.name}: the default is out of bounds")
        else:
            if self.min is not None or self.max is not None:
                raise ValueError(f"{self.name}: only number variables have bounds")
            if self.default is not None and not isinstance(self.default, str):
                raise ValueError(f"{self.name}: the default must be text")
            if isinstance(self.default, str) and len(self.default) > min(
                VALUE_LIMITS[self.type], MAX_DEFAULT
            ):
                raise ValueError(f"{self.name}: the default is too long")
        return self

    def _check_date(self) -> None:
        if self.type != "date":
            if self.min_date is not None or self.max_date is not None:
                raise ValueError(f"{self.name}: only date variables have date bounds")
            if self.type == "file" and self.default is not None:
                raise ValueError(f"{self.name}: a file variable has no default")
            return
        if self.min_date and self.max_date and self.min_date > self.max_date:
            raise ValueError(f"{self.name}: min_date is after max_date")
        if self.default is not None and not (
            isinstance(self.default, str) and self.date_problem(self.default) is None
        ):
            raise ValueError(f"{self.name}: the default is not an ISO date within the bounds")

    def date_problem(self, text: str) -> str | None:
        """Why `text` is not an accepted value of this date variable (`not_a_date`, `out_of_range`)."""
        try:
            day = date.fromisoformat(text) if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None
        except ValueError:
            day = None
        if day is None:
            return "not_a_date"
        if (self.min_date and day < self.min_date) or (self.max_date and day > self.max_date):
            return "out_of_range"
        return None
