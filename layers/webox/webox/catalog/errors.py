"""Catalogue errors (stable codes the SPA translates)."""

from __future__ import annotations

from webox.errors import Conflict, Invalid, NotFound


class ToolNotFound(NotFound):
    code, title = "tool_not_found", "Tool not found"


class ToolExists(Conflict):
    code, title = "tool_exists", "A tool already has this id"


class UnknownCategory(Invalid):
    code, title = "unknown_category", "Unknown category"


class ReviewNotFound(NotFound):
    code, title = "review_not_found", "Review not found"


class ReviewConflict(Conflict):
    code, title = "review_conflict", "The review changed at the same time; try again"
