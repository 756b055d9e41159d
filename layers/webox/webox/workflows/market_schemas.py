"""The workflow marketplace in and out: published workflows, and reports of them for moderators."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict

from webox.languages import Lang
from webox.marketplace.schemas import ReportReason, ReportStatus
from webox.workflows.schemas import (
    EXAMPLE_AT,
    EXAMPLE_ID,
    GRAPH_EXAMPLE,
    WorkflowGraph,
    WorkflowLineage,
    examples,
)

_MARKET_EXAMPLE: dict[str, Any] = {
    "id": EXAMPLE_ID,
    "title": "Article",
    "description": "Plan puis article",
    "lang": "fr",
    "author_name": "Alice Martin",
    "graph": GRAPH_EXAMPLE,
    "rating_avg": 4.5,
    "rating_count": 2,
    "runs": 12,
    "forks": 3,
    "forked_from": None,
    "published_at": EXAMPLE_AT,
}


class WorkflowMarketItem(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples(_MARKET_EXAMPLE))

    id: str
    title: str
    description: str
    lang: Lang
    author_name: str
    graph: WorkflowGraph
    rating_avg: float
    rating_count: int
    runs: int
    forks: int
    forked_from: WorkflowLineage | None = None
    published_at: datetime


class WorkflowMarketPage(BaseModel):
    model_config = ConfigDict(json_schema_extra=examples({"items": [_MARKET_EXAMPLE], "next_cursor": None}))

    items: list[WorkflowMarketItem]
    next_cursor: str | None = None


_REPORT_EXAMPLE: dict[str, Any] = {
    "workflow_id": EXAMPLE_ID,
    "workflow_title": "Article de blog SEO",
    "owner_id": "8f14e45fceea167a5a36dedd4bea2543",
    "reporter_id": "c9f0f895fb98ab9159f51fd0297e236d",
    "reason": "spam",
    "details": "Publicité déguisée pour un site.",
    "status": "open",
    "created_at": EXAMPLE_AT,
}


class WorkflowReportReceipt(BaseModel):
    """What the reporter is told: their report, without who owns the workflow."""

    model_config = ConfigDict(
        json_schema_extra=examples(
            {k: v for k, v in _REPORT_EXAMPLE.items() if k not in ("owner_id", "reporter_id")}
        )
    )

    workflow_id: str
    workflow_title: str
    reason: ReportReason
    details: str
    status: ReportStatus
    created_at: datetime


class WorkflowReportOut(WorkflowReportReceipt):
    """A report as moderators see it."""

    model_config = ConfigDict(json_schema_extra=examples(_REPORT_EXAMPLE))

    owner_id: str
    reporter_id: str


class WorkflowReportPage(BaseModel):
    """Open reports, newest first."""

    model_config = ConfigDict(json_schema_extra=examples({"items": [_REPORT_EXAMPLE], "next_cursor": None}))

    items: list[WorkflowReportOut]
    next_cursor: str | None = None
