"""Assistant errors (stable codes the SPA translates)."""

from __future__ import annotations

from webox.errors import Conflict, Forbidden, NotFound


class AssistantNotFound(NotFound):
    code, title = "assistant_not_found", "Assistant not found"


class BuiltinReadOnly(Forbidden):
    code, title = "builtin_readonly", "Built-in assistants cannot be changed"


class AssistantLimitReached(Conflict):
    code, title = "assistant_limit", "Too many assistants"
