"""The workflow marketplace: publish one's workflow, browse, rate, fork (the copy keeps its lineage;
runs of forks count for the original), report, and the moderators' removal — the shared mechanics
of `webox.marketplace` on the workflow tables."""

from __future__ import annotations

from webox.auth.models import User
from webox.marketplace import repository as market_repository
from webox.marketplace import service as market
from webox.marketplace.schemas import ModerationIn, RatingOut, ReportIn
from webox.marketplace.spec import Errors, Market
from webox.workflows import repository
from webox.workflows import service as workflows
from webox.workflows.errors import (
    AlreadyReported,
    CannotRateOwn,
    CannotReportOwn,
    EditConflict,
    NotPublished,
    WorkflowModerated,
)
from webox.workflows.market_schemas import (
    WorkflowMarketItem,
    WorkflowMarketPage,
    WorkflowReportOut,
    WorkflowReportPage,
    WorkflowReportReceipt,
)
from webox.workflows.models import TABLES, MarketWorkflow, WorkflowReport
from webox.workflows.schemas import WorkflowCreate, WorkflowGraph, WorkflowLineage, WorkflowOut

MARKET = Market(
    TABLES,
    Errors(
        not_listed=NotPublished,
        cannot_rate_own=CannotRateOwn,
        cannot_report_own=CannotReportOwn,
        already_reported=AlreadyReported,
        busy=lambda: EditConflict("Many people are rating this workflow right now; try again"),
    ),
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
    workflows.checked_graph(workflow)
    if workflow.moderated or not repository.publish(workflow, user.name):
        raise WorkflowModerated()
    return get(workflow_id)


def unpublish(user_id: str, workflow_id: str) -> WorkflowOut:
    """Take one's workflow out of the marketplace (its ratings and counters are kept)."""
    workflows.load(user_id, workflow_id)
    market_repository.unlist(TABLES, workflow_id, user_id)
    return workflows.workflow_out(workflows.load(user_id, workflow_id))


def browse(cursor: str | None, limit: int) -> WorkflowMarketPage:
    """Published workflows, newest first."""
    entries, next_cursor = repository.market_page(cursor, limit)
    return WorkflowMarketPage(items=[_item(e) for e in entries], next_cursor=next_cursor)


def get(workflow_id: str) -> WorkflowMarketItem:
    """One published workflow."""
    entry: MarketWorkflow = market.listed(MARKET, workflow_id)
    return _item(entry)


def fork(user_id: str, workflow_id: str) -> WorkflowOut:
    """A copy of a published workflow in one's own library, naming where it came from."""
    entry: MarketWorkflow = market.listed(MARKET, workflow_id)
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


def rate(user_id: str, workflow_id: str, stars: int) -> RatingOut:
    """Rate someone else's published workflow (voting again replaces one's vote)."""
    rating = market.rate(MARKET, user_id, workflow_id, stars)
    return rating.model_copy(update={"rating_avg": round(rating.rating_avg, 2)})


def _report_out(report: WorkflowReport) -> WorkflowReportOut:
    return WorkflowReportOut(
        workflow_id=report.workflow_id,
        workflow_title=report.workflow_title,
        owner_id=report.owner_id,
        reporter_id=report.user_id,
        reason=report.reason,  # type: ignore[arg-type]
        details=report.details or "",
        status=report.status,  # type: ignore[arg-type]
        created_at=report.created_at,
    )


def report(user_id: str, workflow_id: str, data: ReportIn) -> WorkflowReportReceipt:
    """Report someone else's published workflow to the moderators (once per user)."""
    item = market.report(MARKET, user_id, workflow_id, data)
    return WorkflowReportReceipt.model_validate(
        _report_out(item).model_dump(exclude={"owner_id", "reporter_id"})
    )


def open_reports(*, cursor: str | None, limit: int) -> WorkflowReportPage:
    """Reports awaiting a moderator, newest first."""
    reports, next_cursor = market_repository.open_reports(TABLES, cursor=cursor, limit=limit)
    return WorkflowReportPage(items=[_report_out(r) for r in reports], next_cursor=next_cursor)


def moderate(workflow_id: str, data: ModerationIn) -> None:
    """Remove a workflow from the marketplace for good (its owner cannot publish it again) and close its reports."""
    market.moderate(MARKET, workflow_id, data.reason)
