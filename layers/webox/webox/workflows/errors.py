"""Workflow errors, each with a stable code."""

from __future__ import annotations

from typing import Any

from webox.errors import Conflict, Forbidden, Invalid, NotFound


class WorkflowNotFound(NotFound):
    code, title = "workflows.not_found", "Workflow not found"


class VersionNotFound(NotFound):
    code, title = "workflows.version_not_found", "Version not found"


class RunNotFound(NotFound):
    code, title = "workflows.run_not_found", "Run not found"


class NodeNotFound(NotFound):
    code, title = "workflows.node_not_found", "No such node in this run"


class InvalidGraph(Invalid):
    """The graph cannot run: each problem names the node (or variable) at fault."""

    code, title = "workflows.invalid_graph", "The workflow is not valid"

    def __init__(self, problems: list[dict[str, str]]) -> None:
        text = "; ".join(f"{p.get('node') or p.get('variable') or 'graph'}: {p['message']}" for p in problems)
        super().__init__(text, extra={"problems": problems})


class InvalidRunValues(Invalid):
    """A run form value is missing or invalid: `fields` names each one and why."""

    code, title = "workflows.invalid_values", "Some values of the run form are missing or invalid"

    def __init__(self, fields: list[dict[str, Any]]) -> None:
        text = ", ".join(f"{f['name']} ({f['reason']})" for f in fields)
        super().__init__(f"Invalid values: {text}", extra={"fields": fields})


class OverBudget(Invalid):
    code, title = "workflows.over_budget", "The cost estimate is over the run's budget"


class EditConflict(Conflict):
    code, title = "workflows.edit_conflict", "The workflow changed since you loaded it"


class NotPublished(NotFound):
    code, title = "workflows.not_published", "Workflow not found in the marketplace"


class CannotRateOwn(Invalid):
    code, title = "workflows.cannot_rate_own", "You cannot rate your own workflow"


class CannotReportOwn(Invalid):
    code, title = "workflows.cannot_report_own", "You cannot report your own workflow"


class AlreadyReported(Conflict):
    code, title = "workflows.already_reported", "You already reported this workflow"


class WorkflowModerated(Forbidden):
    code, title = "workflows.moderated", "A moderator removed this workflow from the marketplace"


class ImportInvalid(Invalid):
    code, title = "workflows.import_invalid", "This file is not a WeBox workflow export"
