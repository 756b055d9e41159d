"""Tasks over HTTP: list, read, cancel, approve or reject (also by signed link), retry and re-run."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from webox.auth.dependencies import require_scope
from webox.auth.principals import Principal
from webox.db import InvalidCursor
from webox.http import create_app, error_responses, lambda_handler
from webox.tasks import service as tasks_service
from webox.tasks import user_schedules
from webox.tasks.errors import (
    ApprovalLinkInvalid,
    KindReserved,
    NotWaitingApproval,
    ScheduleNotFound,
    StepNotFailed,
    StepNotFound,
    TaskFinished,
    TaskNotFinished,
    TaskNotFound,
    UnknownStepKind,
)
from webox.tasks.schemas import (
    ApprovalLink,
    ApprovalLinkCreate,
    ApprovalLookup,
    ApprovalRequest,
    Decision,
    LinkDecision,
    Rerun,
    ScheduleCreate,
    ScheduleList,
    ScheduleOut,
    StepDecision,
    StepRetry,
    TaskCreate,
    TaskDetail,
    TaskKind,
    TaskPage,
    TaskStatus,
)

WriteCaller = Annotated[Principal, Depends(require_scope("tasks"))]
ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
TaskId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="Task id")]
ScheduleId = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$", description="Schedule id")]
LinkToken = Annotated[str, Path(min_length=20, max_length=2048, description="The signed link's token")]

tasks = APIRouter(prefix="/api/tasks", tags=["tasks"])


@tasks.post("", status_code=201, responses=error_responses(UnknownStepKind, KindReserved))
def create_task(caller: WriteCaller, body: TaskCreate) -> TaskDetail:
    """Start a task: its first steps are queued at once."""
    return tasks_service.create_task(caller.user_id, body)


@tasks.get("", responses=error_responses(InvalidCursor))
def list_tasks(
    caller: ReadCaller,
    kind: Annotated[TaskKind | None, Query()] = None,
    status: Annotated[TaskStatus | None, Query()] = None,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> TaskPage:
    """The caller's tasks, newest first, filtered by kind and status."""
    return tasks_service.list_tasks(caller.user_id, kind=kind, status=status, cursor=cursor, limit=limit)


# Before `/{task_id}`: the first route whose path matches answers.
@tasks.post("/schedules", status_code=201, responses=error_responses(UnknownStepKind, KindReserved))
def create_schedule(caller: WriteCaller, body: ScheduleCreate) -> ScheduleOut:
    """Start a task at a date or on a cron (Europe/Paris unless another time zone is given)."""
    return user_schedules.create_schedule(caller.user_id, body)


@tasks.get("/schedules")
def list_schedules(caller: ReadCaller) -> ScheduleList:
    """The caller's schedules, newest first."""
    return user_schedules.list_schedules(caller.user_id)


@tasks.delete("/schedules/{schedule_id}", status_code=204, responses=error_responses(ScheduleNotFound))
def delete_schedule(caller: WriteCaller, schedule_id: ScheduleId) -> Response:
    """Stop a schedule; the tasks it started go on."""
    user_schedules.delete_schedule(caller.user_id, schedule_id)
    return Response(status_code=204)


@tasks.post("/approval", responses=error_responses(ApprovalLinkInvalid))
def read_approval(body: ApprovalLookup) -> ApprovalRequest:
    """What a signed approval link decides on, its token in the body (reading does not use it)."""
    return tasks_service.approval_request(body.token)


@tasks.post("/approval/decision", responses=error_responses(ApprovalLinkInvalid))
def decide_by_token(body: LinkDecision) -> TaskDetail:
    """Approve (optionally with the edited output) or reject through a signed link's token, once."""
    if body.edited:
        return tasks_service.decide_by_link(body.token, body.decision, body.output)
    return tasks_service.decide_by_link(body.token, body.decision)


@tasks.get("/{task_id}", responses=error_responses(TaskNotFound))
def get_task(caller: ReadCaller, task_id: TaskId) -> TaskDetail:
    """One task with its steps, and the `seq` of the last progress frame it reflects."""
    return tasks_service.get_task(caller.user_id, task_id)


@tasks.post("/{task_id}/cancel", responses=error_responses(TaskNotFound, TaskFinished))
def cancel_task(caller: WriteCaller, task_id: TaskId) -> TaskDetail:
    """Cancel a task: no further step starts."""
    return tasks_service.cancel_any_task(caller.user_id, task_id)


@tasks.post("/{task_id}/decision", responses=error_responses(TaskNotFound, NotWaitingApproval, KindReserved))
def decide(caller: WriteCaller, task_id: TaskId, body: StepDecision) -> TaskDetail:
    """Approve (the step runs, or succeeds with the edited `output`) or reject (the task is cancelled)."""
    if body.edited:
        return tasks_service.decide(caller.user_id, task_id, body.step_id, body.decision, body.output)
    return tasks_service.decide(caller.user_id, task_id, body.step_id, body.decision)


@tasks.post(
    "/{task_id}/approval-links",
    status_code=201,
    responses=error_responses(TaskNotFound, NotWaitingApproval, KindReserved),
)
def create_approval_link(caller: WriteCaller, task_id: TaskId, body: ApprovalLinkCreate) -> ApprovalLink:
    """A signed, single-use, expiring link to decide on a waiting step without signing in."""
    return tasks_service.approval_link(caller.user_id, task_id, body.step_id, body.expires_in_s)


@tasks.get("/approvals/{token}", responses=error_responses(ApprovalLinkInvalid))
def get_approval(token: LinkToken) -> ApprovalRequest:
    """What a signed approval link decides on (reading it does not use it)."""
    return tasks_service.approval_request(token)


@tasks.post("/approvals/{token}", responses=error_responses(ApprovalLinkInvalid))
def decide_by_link(token: LinkToken, body: Decision) -> TaskDetail:
    """Approve or reject through a signed link (usable once, before it expires)."""
    if body.edited:
        return tasks_service.decide_by_link(token, body.decision, body.output)
    return tasks_service.decide_by_link(token, body.decision)


@tasks.post("/{task_id}/retry", responses=error_responses(TaskNotFound, StepNotFailed, KindReserved))
def retry_step(caller: WriteCaller, task_id: TaskId, body: StepRetry) -> TaskDetail:
    """Run a failed step again; the task resumes from it."""
    return tasks_service.retry_step(caller.user_id, task_id, body.step_id)


@tasks.post(
    "/{task_id}/rerun", responses=error_responses(TaskNotFound, StepNotFound, TaskNotFinished, KindReserved)
)
def rerun_task(caller: WriteCaller, task_id: TaskId, body: Rerun) -> TaskDetail:
    """Run a finished task again from one step, with its input edited; only the steps after it rerun."""
    return tasks_service.rerun(caller.user_id, task_id, body.step_id, body.input)


app = create_app(
    tasks,
    title="Tasks",
    description="Durable multi-step tasks: progress, approvals, retries and re-runs.",
)
handler = lambda_handler(app)
