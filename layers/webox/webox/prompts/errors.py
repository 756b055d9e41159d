"""Prompt library errors (stable codes the SPA translates)."""

from __future__ import annotations

from typing import Any

from webox.errors import Conflict, Forbidden, Invalid, NotFound


class PromptNotFound(NotFound):
    code, title = "prompt_not_found", "Prompt not found"


class VersionNotFound(NotFound):
    code, title = "version_not_found", "Version not found"


class ShareNotFound(NotFound):
    code, title = "share_not_found", "This link does not exist or was revoked"


class UnknownCategory(Invalid):
    code, title = "unknown_category", "Unknown category"


class InvalidVariables(Invalid):
    """The body's `{{placeholders}}` and the declared variables do not match."""

    code, title = "invalid_variables", "Variables do not match the prompt"

    def __init__(self, *, undeclared: list[str], unused: list[str], invalid: list[str]) -> None:
        parts = [
            f"{label}: {', '.join(names)}"
            for label, names in (("undeclared", undeclared), ("unused", unused), ("invalid names", invalid))
            if names
        ]
        super().__init__(
            "; ".join(parts), extra={"undeclared": undeclared, "unused": unused, "invalid": invalid}
        )


class InvalidValues(Invalid):
    """Values given to fill a prompt were refused; `variables` says which and why."""

    code, title = "invalid_values", "Some values are missing or invalid"

    def __init__(self, problems: list[dict[str, Any]]) -> None:
        detail = "; ".join(f"{p['name']}: {p['reason']}" for p in problems[:5])
        super().__init__(detail, extra={"variables": problems})


class RenderedTooLong(Invalid):
    """A body that repeats a placeholder would grow past what a chat message may hold."""

    code, title = "rendered_too_long", "The filled prompt would be too long"

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(
            f"The filled prompt would be {length} characters, over {limit}",
            extra={"length": length, "limit": limit},
        )


class BuiltinReadOnly(Forbidden):
    code, title = "builtin_readonly", "Built-in prompts cannot be changed"


class NotOwner(Forbidden):
    code, title = "not_owner", "Only the prompt's owner can do this"


class CannotRateOwn(Forbidden):
    code, title = "cannot_rate_own", "You cannot rate your own prompt"


class CannotReportOwn(Forbidden):
    code, title = "cannot_report_own", "You cannot report your own prompt"


class PromptModerated(Forbidden):
    code, title = "prompt_moderated", "This prompt was removed from the marketplace by a moderator"


class AlreadyReported(Conflict):
    code, title = "already_reported", "You already reported this prompt"


class EditConflict(Conflict):
    code, title = "edit_conflict", "The prompt changed meanwhile; reload it and try again"


class PromptLimitReached(Conflict):
    code, title = "prompt_limit", "Limit reached"
