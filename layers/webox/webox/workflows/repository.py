"""Every pynamodb call of the workflows feature."""

from __future__ import annotations

from typing import Any

from pynamodb.exceptions import UpdateError

from webox.db import decode_cursor, page, utcnow
from webox.marketplace import repository as market
from webox.workflows.models import (
    LISTED,
    TABLES,
    MarketWorkflow,
    Workflow,
    WorkflowRun,
    WorkflowVersion,
)


def find(user_id: str, workflow_id: str) -> Workflow | None:
    try:
        return Workflow.get(user_id, workflow_id)
    except Workflow.DoesNotExist:
        return None


def list_own(user_id: str, cursor: str | None, limit: int) -> tuple[list[Workflow], str | None]:
    start = decode_cursor(cursor, owner_key=("user_id", user_id))
    return page(
        Workflow.query(user_id, scan_index_forward=False, limit=limit, last_evaluated_key=start), limit
    )


def _version_key(user_id: str, workflow_id: str) -> str:
    return f"{user_id}#{workflow_id}"


def create(workflow: Workflow, source: str) -> None:
    """Store a new workflow and its version 1."""
    workflow.save(Workflow.workflow_id.does_not_exist())
    add_version(workflow, source)


def add_version(workflow: Workflow, source: str) -> None:
    WorkflowVersion(
        _version_key(workflow.user_id, workflow.workflow_id),
        int(workflow.version),
        title=workflow.title,
        description=workflow.description,
        graph=workflow.graph,
        source=source,
        created_at=utcnow(),
    ).save()


def save_version(workflow: Workflow, base_version: int, changes: dict[str, Any], source: str) -> bool:
    """Write the next version if the stored one is still `base_version` (False otherwise)."""
    try:
        workflow.update(
            actions=[
                *(getattr(Workflow, name).set(value) for name, value in changes.items()),
                Workflow.version.set(base_version + 1),
                Workflow.updated_at.set(utcnow()),
            ],
            condition=Workflow.version == base_version,
        )
    except UpdateError:
        return False
    add_version(workflow, source)
    return True


def versions(user_id: str, workflow_id: str) -> list[WorkflowVersion]:
    return list(
        WorkflowVersion.query(_version_key(user_id, workflow_id), scan_index_forward=False, limit=200)
    )


def version(user_id: str, workflow_id: str, number: int) -> WorkflowVersion | None:
    try:
        return WorkflowVersion.get(_version_key(user_id, workflow_id), number)
    except WorkflowVersion.DoesNotExist:
        return None


def delete(workflow: Workflow) -> None:
    key = _version_key(workflow.user_id, workflow.workflow_id)
    with WorkflowVersion.batch_write() as batch:
        for item in WorkflowVersion.query(key):
            batch.delete(item)
    for run in WorkflowRun.query(
        workflow.user_id, filter_condition=WorkflowRun.workflow_id == workflow.workflow_id
    ):
        run.delete()
    market.delete_listing(TABLES, workflow.workflow_id)
    workflow.delete()


def add_run(workflow: Workflow, task_id: str) -> None:
    WorkflowRun(
        workflow.user_id,
        task_id,
        workflow_id=workflow.workflow_id,
        version=int(workflow.version),
        created_at=utcnow(),
    ).save()
    workflow.update(actions=[Workflow.run_count.add(1)])
    # A fork's runs count for the original too (each only while listed).
    for listed_id in {workflow.workflow_id, (workflow.forked_from or {}).get("workflow_id")}:
        if listed_id:
            market.count(TABLES, listed_id, "runs")


def find_run(user_id: str, task_id: str) -> WorkflowRun | None:
    try:
        return WorkflowRun.get(user_id, task_id)
    except WorkflowRun.DoesNotExist:
        return None


def runs(user_id: str, workflow_id: str, limit: int) -> list[WorkflowRun]:
    found = WorkflowRun.query(
        user_id, scan_index_forward=False, filter_condition=WorkflowRun.workflow_id == workflow_id, limit=500
    )
    return [run for _, run in zip(range(limit), found, strict=False)]


# --- marketplace (the shared mechanics of `webox.marketplace` on the workflow tables) ----------------


def publish(workflow: Workflow, author_name: str) -> bool:
    """List the workflow's current version (counters and rating of an earlier listing kept); False
    when a moderator removed it."""
    now = utcnow()
    fields = {
        "author_name": author_name,
        "title": workflow.title,
        "description": workflow.description,
        "lang": workflow.lang,
        "graph": workflow.graph,
        "forked_from": workflow.forked_from,
        "published_key": f"{now.isoformat()}#{workflow.workflow_id}",
    }
    return market.publish(TABLES, workflow.user_id, workflow.workflow_id, fields, when=now)


def get_entry(workflow_id: str) -> MarketWorkflow | None:
    entry: MarketWorkflow | None = market.get_entry(TABLES, workflow_id)
    return entry


def market_page(cursor: str | None, limit: int) -> tuple[list[MarketWorkflow], str | None]:
    start = decode_cursor(cursor)
    query = MarketWorkflow.by_published.query(
        LISTED, scan_index_forward=False, limit=limit, last_evaluated_key=start
    )
    return page(query, limit)


def count_fork(workflow_id: str) -> None:
    market.count(TABLES, workflow_id, "forks")
