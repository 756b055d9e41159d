"""What a share link (`webox.share`, kind `workflow`) shows of a workflow: its graph, read-only."""

from __future__ import annotations

from typing import Any

from webox.workflows.schemas import SharedWorkflow, WorkflowGraph


def shared_title(owner_id: str, workflow_id: str) -> str:
    """The title a share link of a workflow keeps (404 when the workflow is not the owner's)."""
    # imported here (and below): the workflow service loads every node type, which only a workflow's
    # link needs, not the share API's other kinds
    from webox.workflows import service as workflows

    return str(workflows.load(owner_id, workflow_id).title)


def shared_view(owner_id: str, workflow_id: str) -> dict[str, Any]:
    """The workflow as a link shows it: its current version's graph, no ids, runs or owner."""
    from webox.workflows import service as workflows

    workflow = workflows.load(owner_id, workflow_id)
    shown = SharedWorkflow(
        title=workflow.title,
        description=workflow.description,
        lang=workflow.lang,  # type: ignore[arg-type]
        version=int(workflow.version),
        graph=WorkflowGraph.model_validate(workflow.graph),
    )
    return {"title": workflow.title, "workflow": shown}
