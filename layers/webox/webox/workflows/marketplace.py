"""The workflow marketplace: publish one's workflow, browse, rate, and fork (the copy keeps its
lineage; runs of forks count for the original)."""

from __future__ import annotations

from webox.auth.models import User
from webox.workflows import repository
from webox.workflows import service as workflows
from webox.workflows.errors import CannotRateOwn, NotPublished
from webox.workflows.models import MarketWorkflow
from webox.workflows.schemas import (
    WorkflowCreate,
    WorkflowGraph,
    WorkflowLineage,
    WorkflowMarketItem,
    WorkflowMarketPage,
    WorkflowOut,
    WorkflowRatingOut,
)


def _item(entry: MarketWorkflow) -> WorkflowMarketItem:
    count = int(entry.rating_count)
    return WorkflowMarketItem(
        id=entry.workflow_id,
        title=entry.title,
        description=entry.description,
        lang=entry.lang,  # type: ignore[arg-type]
        author_name=entry.author_name,
        graph=WorkflowGraph.model_validate(entry.graph),
        rating_avg=round(float(entry.rating_sum) / count, 2) if count else 0.0,
        rating_count=count,
        runs=int(entry.runs),
        forks=int(entry.forks),
        forked_from=WorkflowLineage.model_validate(entry.forked_from) if entry.forked_from else None,
        published_at=entry.published_at,
    )


def publish(user: User, workflow_id: str) -> WorkflowMarketItem:
    """List one's workflow (its current version) under one's name; publishing again updates it."""
    workflow = workflows.load(user.id, workflow_id)
    workflows._checked(workflow)
    return _item(repository.publish(workflow, user.name))


def unpublish(user_id: str, workflow_id: str) -> WorkflowOut:
    """Take one's workflow out of the marketplace."""
    workflow = workflows.load(user_id, workflow_id)
    repository.unlist(workflow_id)
    workflow.update(actions=[type(workflow).published.set(False)])
    return workflows.workflow_out(workflow)


def browse(cursor: str | None, limit: int) -> WorkflowMarketPage:
    """Published workflows, newest first."""
    entries, next_cursor = repository.market_page(cursor, limit)
    return WorkflowMarketPage(items=[_item(e) for e in entries], next_cursor=next_cursor)


def _listed(workflow_id: str) -> MarketWorkflow:
    entry = repository.get_entry(workflow_id)
    if entry is None or entry.listed is None:
        raise NotPublished()
    return entry


def get(workflow_id: str) -> WorkflowMarketItem:
    """One published workflow."""
    return _item(_listed(workflow_id))


def fork(user_id: str, workflow_id: str) -> WorkflowOut:
    """A copy of a published workflow in one's own library, naming where it came from."""
    entry = _listed(workflow_id)
    body = WorkflowCreate(
        title=entry.title,
        description=entry.description,
        lang=entry.lang,  # type: ignore[arg-type]
        graph=WorkflowGraph.model_validate(entry.graph),
    )
    lineage = WorkflowLineage(workflow_id=entry.workflow_id, author_name=entry.author_name, title=entry.title)
    created = workflows.create(user_id, body, source="fork", forked_from=lineage)
    repository.count_fork(workflow_id)
    return created


def rate(user_id: str, workflow_id: str, stars: int) -> WorkflowRatingOut:
    """Rate someone else's published workflow (voting again replaces one's vote)."""
    entry = _listed(workflow_id)
    if entry.owner_id == user_id:
        raise CannotRateOwn()
    repository.rate(entry, user_id, stars)
    entry.refresh()
    count = int(entry.rating_count)
    return WorkflowRatingOut(
        rating_avg=round(float(entry.rating_sum) / count, 2) if count else 0.0,
        rating_count=count,
        my_stars=stars,
    )
