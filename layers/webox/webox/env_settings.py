"""Settings read from environment variables, as pydantic-settings read them, without importing it
(about 15 ms of every cold start: its command-line, dotenv and secrets-directory sources, which
WeBox never uses).

A settings class declares its fields with their defaults and its `env_prefix`; `from_env()` reads
`<PREFIX><FIELD>` (names compared case-insensitively), lists and dicts as JSON, then validates with
pydantic: "true", "1" or "30" become a bool or an int as before.
"""

from __future__ import annotations

import json
import os
import types
import typing
from typing import Any, ClassVar, Self

from pydantic import BaseModel, ConfigDict


class EnvSettings(BaseModel):
    model_config = ConfigDict(extra="ignore")

    env_prefix: ClassVar[str] = "WEBOX_"

    @classmethod
    def from_env(cls) -> Self:
        """The settings as this process's environment gives them (defaults for what it does not)."""
        environ = {name.upper(): value for name, value in os.environ.items()}
        values: dict[str, Any] = {}
        for name, field in cls.model_fields.items():
            raw = environ.get(f"{cls.env_prefix}{name}".upper())
            if raw is not None:
                values[name] = json.loads(raw) if _structured(field.annotation) else raw
        return cls.model_validate(values)


def _structured(annotation: Any) -> bool:
    """Whether a field's value is written as JSON in the environment (a list, a dict…, or optional)."""
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType):
        return any(_structured(arg) for arg in typing.get_args(annotation) if arg is not type(None))
    return (origin or annotation) in (list, dict, set, frozenset, tuple)
