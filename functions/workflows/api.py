"""Workflows over HTTP: the library (versions, diff, restore, export, import), built-in workflows,
runs (estimate, start, read, cancel, re-run from a node, retry a node) and the marketplace."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from webox.auth.dependencies import AdminUser, require_scope
from webox.auth.principals import Principal
from webox.db import InvalidCursor
from webox.http import create_app, error_responses, lambda_handler
from webox.languages import Lang
from webox.marketplace.schemas import ModerationIn, RateIn, RatingOut, ReportIn
from webox.tasks.errors import NotWaitingApproval, StepNotFailed, TaskFinished, TaskNotFinished
from webox.workflows import builtin, marketplace
from webox.workflows import service as workflows
from webox.workflows.builtin import BuiltinWorkflowList
from webox.workflows.errors import (
    AlreadyReported,
    CannotRateOwn,
    CannotReportOwn,
    EditConflict,
    InvalidGraph,
    InvalidRunValues,
    NodeNotFound,
    NotPublished,
    OverBudget,
    RunNotFound,
    VersionNotFound,
    WorkflowModerated,
    WorkflowNotFound,
)
from webox.workflows.market_schemas import (
    WorkflowMarketItem,
    WorkflowMarketPage,
    WorkflowReportPage,
    WorkflowReportReceipt,
)
from webox.workflows.run_schemas import (
    RunEstimate,
    RunEstimateIn,
    WorkflowDecision,
    WorkflowRerun,
    WorkflowRetry,
    WorkflowRunCreate,
    WorkflowRunOut,
    WorkflowRunPage,
)
from webox.workflows.schemas import (
    GraphValidation,
    WorkflowCreate,
    WorkflowExport,
    WorkflowGraph,
    WorkflowOut,
    WorkflowPage,
    WorkflowUpdate,
    WorkflowVersionDiff,
    WorkflowVersionList,
)

WriteCaller = Annotated[Principal, Depends(require_scope("workflows"))]
ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
WorkflowId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="Workflow id")]
RunId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="Run id")]
Slug = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,64}$", description="Built-in workflow")]
VersionNo = Annotated[int, Path(ge=1, le=100_000)]

router = APIRouter(prefix="/api/workflows", tags=["workflows"])


@router.get("", responses=error_responses(InvalidCursor))
def list_workflows(
    caller: ReadCaller,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> WorkflowPage:
    """The caller's workflows, newest first."""
    return workflows.list_workflows(caller.user_id, cursor, limit)


@router.post("", status_code=201)
def create_workflow(caller: WriteCaller, body: WorkflowCreate) -> WorkflowOut:
    """Save a new workflow (version 1); it may be incomplete (see `validate`)."""
    return workflows.create(caller.user_id, body)


@router.post("/validate")
def validate_graph(caller: ReadCaller, body: WorkflowGraph) -> GraphValidation:
    """A graph's problems (cycles, missing inputs, unknown references), each naming its node."""
    return workflows.validate(caller.user_id, body)


@router.post("/import", status_code=201)
def import_workflow(caller: WriteCaller, body: WorkflowExport) -> WorkflowOut:
    """A new workflow from an export file."""
    return workflows.import_workflow(caller.user_id, body)


@router.get("/builtin")
def list_builtin(caller: ReadCaller, lang: Annotated[Lang, Query()] = "fr") -> BuiltinWorkflowList:
    """The built-in workflows, in French or English."""
    return builtin.list_builtin(lang)


@router.post("/builtin/{slug}/copy", status_code=201, responses=error_responses(WorkflowNotFound))
def copy_builtin(caller: WriteCaller, slug: Slug, lang: Annotated[Lang, Query()] = "fr") -> WorkflowOut:
    """A copy of a built-in workflow in the caller's library."""
    return builtin.copy(caller.user_id, slug, lang)


@router.get("/market", responses=error_responses(InvalidCursor))
def browse_market(
    caller: ReadCaller,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> WorkflowMarketPage:
    """Published workflows, newest first, with ratings, runs and forks."""
    return marketplace.browse(cursor, limit)


@router.get("/market/{workflow_id}", responses=error_responses(NotPublished))
def get_market_item(caller: ReadCaller, workflow_id: WorkflowId) -> WorkflowMarketItem:
    """One published workflow."""
    return marketplace.get(workflow_id)


@router.post("/market/{workflow_id}/fork", status_code=201, responses=error_responses(NotPublished))
def fork_workflow(caller: WriteCaller, workflow_id: WorkflowId) -> WorkflowOut:
    """Copy a published workflow into the caller's library (it keeps its lineage)."""
    return marketplace.fork(caller.user_id, workflow_id)


@router.put("/market/{workflow_id}/rating", responses=error_responses(NotPublished, CannotRateOwn))
def rate_workflow(caller: WriteCaller, workflow_id: WorkflowId, body: RateIn) -> RatingOut:
    """Rate someone else's published workflow (1 to 5 stars)."""
    return marketplace.rate(caller.user_id, workflow_id, body.stars)


@router.post(
    "/market/{workflow_id}/report",
    status_code=201,
    responses=error_responses(NotPublished, CannotReportOwn, AlreadyReported),
)
def report_workflow(caller: WriteCaller, workflow_id: WorkflowId, body: ReportIn) -> WorkflowReportReceipt:
    """Report someone else's published workflow to the administrators (once per user)."""
    return marketplace.report(caller.user_id, workflow_id, body)


@router.get("/admin/reports", responses=error_responses(InvalidCursor))
def list_reports(
    admin: AdminUser,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> WorkflowReportPage:
    """Open reports on marketplace workflows, newest first (administrators)."""
    return marketplace.open_reports(cursor=cursor, limit=limit)


@router.post(
    "/market/{workflow_id}/admin-unpublish", status_code=204, responses=error_responses(NotPublished)
)
def admin_unpublish(admin: AdminUser, workflow_id: WorkflowId, body: ModerationIn | None = None) -> Response:
    """Remove a workflow from the marketplace for good and close its reports (administrators)."""
    marketplace.moderate(workflow_id, body or ModerationIn())
    return Response(status_code=204)


@router.get("/runs/{run_id}", responses=error_responses(RunNotFound))
def get_run(caller: ReadCaller, run_id: RunId) -> WorkflowRunOut:
    """A run, node by node: status, output, tokens, cost and time."""
    return workflows.get_run(caller.user_id, run_id)


@router.post("/runs/{run_id}/cancel", responses=error_responses(RunNotFound, TaskFinished))
def cancel_run(caller: WriteCaller, run_id: RunId) -> WorkflowRunOut:
    """Stop a run: no further node starts."""
    return workflows.cancel_run(caller.user_id, run_id)


@router.post("/runs/{run_id}/rerun", responses=error_responses(RunNotFound, NodeNotFound, TaskNotFinished))
def rerun(caller: WriteCaller, run_id: RunId, body: WorkflowRerun) -> WorkflowRunOut:
    """Run again from a node, optionally with its output edited; only the nodes after it run again."""
    return workflows.rerun(caller.user_id, run_id, body.node, body.output)


@router.post("/runs/{run_id}/decision", responses=error_responses(RunNotFound, NotWaitingApproval))
def decide(caller: WriteCaller, run_id: RunId, body: WorkflowDecision) -> WorkflowRunOut:
    """Approve (optionally with an edited output) or reject a step waiting for approval."""
    return workflows.decide(caller.user_id, run_id, body)


@router.post("/runs/{run_id}/retry", responses=error_responses(RunNotFound, NodeNotFound, StepNotFailed))
def retry_node(caller: WriteCaller, run_id: RunId, body: WorkflowRetry) -> WorkflowRunOut:
    """Run a failed node again; the run resumes from it."""
    return workflows.retry_node(caller.user_id, run_id, body.node)


@router.get("/{workflow_id}", responses=error_responses(WorkflowNotFound))
def get_workflow(caller: ReadCaller, workflow_id: WorkflowId) -> WorkflowOut:
    """One of the caller's workflows, as of its latest version."""
    return workflows.workflow_out(workflows.load(caller.user_id, workflow_id))


@router.put("/{workflow_id}", responses=error_responses(WorkflowNotFound, EditConflict))
def update_workflow(caller: WriteCaller, workflow_id: WorkflowId, body: WorkflowUpdate) -> WorkflowOut:
    """Save a new version (refused if another save happened since `base_version`)."""
    return workflows.update(caller.user_id, workflow_id, body)


@router.delete("/{workflow_id}", status_code=204, responses=error_responses(WorkflowNotFound))
def delete_workflow(caller: WriteCaller, workflow_id: WorkflowId) -> Response:
    """Delete a workflow with its versions and marketplace listing."""
    workflows.delete(caller.user_id, workflow_id)
    return Response(status_code=204)


@router.get("/{workflow_id}/versions", responses=error_responses(WorkflowNotFound))
def list_versions(caller: ReadCaller, workflow_id: WorkflowId) -> WorkflowVersionList:
    """Every saved version, newest first."""
    return workflows.versions(caller.user_id, workflow_id)


@router.get("/{workflow_id}/diff", responses=error_responses(WorkflowNotFound, VersionNotFound))
def diff_versions(
    caller: ReadCaller,
    workflow_id: WorkflowId,
    a: Annotated[int, Query(ge=1, le=100_000)],
    b: Annotated[int, Query(ge=1, le=100_000)],
) -> WorkflowVersionDiff:
    """What changed between two versions."""
    return workflows.diff(caller.user_id, workflow_id, a, b)


@router.post(
    "/{workflow_id}/versions/{version}/restore", responses=error_responses(WorkflowNotFound, VersionNotFound)
)
def restore_version(caller: WriteCaller, workflow_id: WorkflowId, version: VersionNo) -> WorkflowOut:
    """Make an old version current again (saved as a new version)."""
    return workflows.restore(caller.user_id, workflow_id, version)


@router.get("/{workflow_id}/export", responses=error_responses(WorkflowNotFound))
def export_workflow(caller: ReadCaller, workflow_id: WorkflowId) -> WorkflowExport:
    """The workflow as a JSON file that `import` reads back."""
    return workflows.export(caller.user_id, workflow_id)


@router.post(
    "/{workflow_id}/estimate", responses=error_responses(WorkflowNotFound, InvalidGraph, InvalidRunValues)
)
def estimate_run(caller: ReadCaller, workflow_id: WorkflowId, body: RunEstimateIn) -> RunEstimate:
    """What a run with these values should cost, call by call."""
    return workflows.estimate(caller.user_id, workflow_id, dict(body.values))


@router.post(
    "/{workflow_id}/runs",
    status_code=201,
    responses=error_responses(WorkflowNotFound, InvalidGraph, InvalidRunValues, OverBudget),
)
def start_run(caller: WriteCaller, workflow_id: WorkflowId, body: WorkflowRunCreate) -> WorkflowRunOut:
    """Run the workflow with the form's values (refused, naming the field, before anything runs)."""
    return workflows.start_run(caller.user_id, workflow_id, body)


@router.get("/{workflow_id}/runs", responses=error_responses(WorkflowNotFound))
def list_runs(
    caller: ReadCaller, workflow_id: WorkflowId, limit: Annotated[int, Query(ge=1, le=20)] = 10
) -> WorkflowRunPage:
    """The workflow's latest runs."""
    return workflows.list_runs(caller.user_id, workflow_id, limit)


@router.post(
    "/{workflow_id}/publish", responses=error_responses(WorkflowNotFound, InvalidGraph, WorkflowModerated)
)
def publish_workflow(caller: WriteCaller, workflow_id: WorkflowId) -> WorkflowMarketItem:
    """List the workflow in the marketplace under the caller's name."""
    return marketplace.publish(caller.user, workflow_id)


@router.post("/{workflow_id}/unpublish", responses=error_responses(WorkflowNotFound))
def unpublish_workflow(caller: WriteCaller, workflow_id: WorkflowId) -> WorkflowOut:
    """Take the workflow out of the marketplace."""
    return marketplace.unpublish(caller.user_id, workflow_id)


app = create_app(
    router,
    title="Workflows",
    description="Prompt workflows: a graph of model steps run on the task engine, resumable from any node.",
)
handler = lambda_handler(app)
