"""Every pynamodb call of the workflows feature."""

from __future__ import annotations

import contextlib
from typing import Any

from pynamodb.exceptions import DeleteError, UpdateError

from webox.db import decode_cursor, page, utcnow
from webox.workflows.models import (
    LISTED,
    MarketWorkflow,
    Workflow,
    WorkflowRun,
    WorkflowVersion,
    WorkflowVote,
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
    if workflow.published:
        unlist(workflow.workflow_id)
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
    for listed_id in {workflow.workflow_id, (workflow.forked_from or {}).get("workflow_id")}:
        if listed_id:
            _count(listed_id, MarketWorkflow.runs)


def _count(workflow_id: str, attribute: Any) -> None:
    with contextlib.suppress(UpdateError):  # not in the marketplace (any more)
        MarketWorkflow(workflow_id).update(
            actions=[attribute.add(1)], condition=MarketWorkflow.workflow_id.exists()
        )


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


# --- marketplace -------------------------------------------------------------------------------------


def publish(workflow: Workflow, author_name: str) -> MarketWorkflow:
    now = utcnow()
    existing = get_entry(workflow.workflow_id)
    entry = MarketWorkflow(
        workflow.workflow_id,
        owner_id=workflow.user_id,
        author_name=author_name,
        title=workflow.title,
        description=workflow.description,
        lang=workflow.lang,
        graph=workflow.graph,
        forked_from=workflow.forked_from,
        listed=LISTED,
        published_key=f"{now.isoformat()}#{workflow.workflow_id}",
        published_at=now,
        rating_sum=existing.rating_sum if existing else 0,
        rating_count=existing.rating_count if existing else 0,
        runs=existing.runs if existing else 0,
        forks=existing.forks if existing else 0,
    )
    entry.save()
    workflow.update(actions=[Workflow.published.set(True)])
    return entry


def unlist(workflow_id: str) -> None:
    with contextlib.suppress(DeleteError):
        MarketWorkflow(workflow_id).delete()


def get_entry(workflow_id: str) -> MarketWorkflow | None:
    try:
        return MarketWorkflow.get(workflow_id)
    except MarketWorkflow.DoesNotExist:
        return None


def market_page(cursor: str | None, limit: int) -> tuple[list[MarketWorkflow], str | None]:
    start = decode_cursor(cursor)
    query = MarketWorkflow.by_published.query(
        LISTED, scan_index_forward=False, limit=limit, last_evaluated_key=start
    )
    return page(query, limit)


def count_fork(workflow_id: str) -> None:
    _count(workflow_id, MarketWorkflow.forks)


def rate(entry: MarketWorkflow, user_id: str, stars: int) -> MarketWorkflow:
    """Record one's vote (replacing an earlier one) and update the entry's sums."""
    try:
        previous = WorkflowVote.get(entry.workflow_id, user_id)
    except WorkflowVote.DoesNotExist:
        previous = None
    WorkflowVote(entry.workflow_id, user_id, stars=stars).save()
    delta_sum = stars - (int(previous.stars) if previous else 0)
    delta_count = 0 if previous else 1
    entry.update(
        actions=[MarketWorkflow.rating_sum.add(delta_sum), MarketWorkflow.rating_count.add(delta_count)]
    )
    return entry
