"""The task engine's API side: create, list, read, cancel, approve or reject, retry and re-run tasks.

Every change of a task's status goes through `lifecycle.move` (the optimistic lock and the
`task.status` frame); what can run next is enqueued here, never by a route.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime, timedelta
from typing import Any

from webox.config import get_settings
from webox.errors import WeboxError
from webox.tasks import expansion, kinds, lifecycle, progress, repository
from webox.tasks.errors import (
    ApprovalLinkInvalid,
    KindReserved,
    NotWaitingApproval,
    StepNotFailed,
    StepNotFound,
    TaskFinished,
    TaskNotFinished,
    TaskNotFound,
)
from webox.tasks.jobs import QUEUE, queue_for
from webox.tasks.models import Task, TaskStep, new_task_id
from webox.tasks.schemas import (
    FINISHED,
    ApprovalLink,
    ApprovalRequest,
    StepOut,
    StepSpec,
    TaskCreate,
    TaskDetail,
    TaskError,
    TaskOut,
    TaskPage,
)

APPROVAL_AUDIENCE = "webox-task-approval"


# --- reading -----------------------------------------------------------------------------------------


def _error(code: str | None, message: str | None) -> TaskError | None:
    return TaskError(code=code, message=message or code) if code else None


def task_out(task: Task) -> TaskOut:
    return TaskOut(
        task_id=task.task_id,
        kind=task.kind,
        title=task.title,
        status=task.status,  # type: ignore[arg-type]
        run=int(task.run),
        seq=int(task.seq),
        cost_micro_usd=int(task.cost_micro_usd),
        budget_micro_usd=None if task.budget_micro_usd is None else int(task.budget_micro_usd),
        error=_error(task.error_code, task.error_message),
        plan=[StepSpec.model_validate(step) for step in task.plan],
        created_at=task.created_at,
        updated_at=task.updated_at,
        finished_at=task.finished_at,
    )


def step_out(spec: dict[str, Any], item: TaskStep | None) -> StepOut:
    if item is None or (item.status == "pending" and item.started_at is None):
        return StepOut(
            step_id=spec["id"],
            kind=spec["kind"],
            status="pending",
            attempt=0,
            input=spec.get("input") or {},
            tokens_in=0,
            tokens_out=0,
            cost_micro_usd=0,
            latency_ms=None,
            error=None,
            decision=None,
            resume_at=None,
            started_at=None,
            finished_at=None,
        )
    return StepOut(
        step_id=item.step_id,
        kind=item.kind,
        status=item.status,  # type: ignore[arg-type]
        attempt=int(item.attempt),
        input=item.input,
        output=repository.load_output(item),
        tokens_in=int(item.tokens_in),
        tokens_out=int(item.tokens_out),
        cost_micro_usd=int(item.cost_micro_usd),
        latency_ms=None if item.latency_ms is None else int(item.latency_ms),
        error=_error(item.error_code, item.error_message),
        decision=item.decision,  # type: ignore[arg-type]
        resume_at=item.resume_at,
        started_at=item.started_at,
        finished_at=item.finished_at,
    )


def _load(user_id: str, task_id: str) -> Task:
    task = repository.find(user_id, task_id)
    if task is None:
        raise TaskNotFound()
    return task


def check_kind(kind: str) -> None:
    """Refuse a task kind with a worker of its own (`jobs.KIND_QUEUES`): its feature alone starts and
    drives such tasks, and only its functions may send to that worker's queue."""
    if queue_for(kind) != QUEUE:
        raise KindReserved()


def check_startable(body: TaskCreate) -> None:
    """Refuse, before anything is saved, a task users may not start themselves: a kind reserved to
    its feature's worker (`check_kind`) or a step kind nobody registered. The tasks API, user
    schedules and automation plans all check through here."""
    check_kind(body.kind)
    kinds.check({step.kind for step in body.plan})


def _drivable(user_id: str, task_id: str) -> Task:
    """A task this service may run again or decide on (`check_kind`)."""
    task = _load(user_id, task_id)
    check_kind(task.kind)
    return task


def detail(task: Task) -> TaskDetail:
    items = repository.steps(task.user_id, task.task_id)
    steps = [step_out(spec, items.get(spec["id"])) for spec in task.plan]
    return TaskDetail(**task_out(task).model_dump(), steps=steps)


def get_task(user_id: str, task_id: str) -> TaskDetail:
    """A task with its steps (404 for another user's)."""
    return detail(_load(user_id, task_id))


def list_tasks(
    user_id: str, *, kind: str | None, status: str | None, cursor: str | None, limit: int
) -> TaskPage:
    """The user's tasks, newest first."""
    items, next_cursor = repository.page(user_id, kind=kind, status=status, cursor=cursor, limit=limit)
    return TaskPage(items=[task_out(task) for task in items], next_cursor=next_cursor)


# --- starting and stopping ---------------------------------------------------------------------------


def create_task(user_id: str, body: TaskCreate) -> TaskDetail:
    """Store a task and enqueue its first steps."""
    check_startable(body)
    return detail(submit(user_id, body))


def submit(user_id: str, body: TaskCreate, *, task_id: str | None = None) -> Task:
    """Store a task and enqueue its first steps, for a feature starting tasks of its own kinds (which
    its worker registers: they are not looked up here), under an id of its choosing if it likes."""
    task = new_task(user_id, task_id or new_task_id(), body)
    repository.create(task)
    for step_id in lifecycle.roots(task.plan):
        lifecycle.enqueue(task, step_id)
    return task


def stop(user_id: str, task_id: str, code: str, message: str) -> bool:
    """End a feature's task `cancelled` if it is still active; False when it was not."""
    task = repository.find(user_id, task_id)
    return task is not None and lifecycle.end(task, "cancelled", code, message) is not None


def new_task(user_id: str, task_id: str, body: TaskCreate) -> Task:
    """A queued task item for `body` (not stored yet)."""
    now = datetime.now(UTC)
    return Task(
        user_id,
        task_id,
        kind=body.kind,
        title=body.title,
        status="queued",
        plan=[step.model_dump() for step in body.plan],
        run=1,
        version=0,
        seq=0,
        cost_micro_usd=0,
        budget_micro_usd=body.budget_micro_usd,
        created_at=now,
        updated_at=now,
    )


def cancel_task(user_id: str, task_id: str) -> TaskDetail:
    """Stop a task: no further step starts (a step already running finishes, its successors don't)."""
    task = _load(user_id, task_id)
    moved = lifecycle.move(
        task, "cancelled", only_from=lifecycle.ACTIVE, error=("tasks.cancelled", "Cancelled by its owner")
    )
    if moved is None:
        raise TaskFinished()
    for item in repository.steps(user_id, task_id).values():
        if item.status in {"waiting_approval", "waiting_schedule", "pending"}:
            repository.update_step(item, status="cancelled", approval_nonce=None)
            progress.step(item, user_id)
    return detail(moved)


def cancel_any_task(user_id: str, task_id: str) -> TaskDetail:
    """The tasks API's cancel, of a task of any kind: a feature keeping a state of its own beside
    its tasks (`kinds.CANCEL_HOOKS`) is told. Features cancelling their own kinds use `cancel_task`."""
    cancelled = cancel_task(user_id, task_id)
    hook = kinds.CANCEL_HOOKS.get(cancelled.kind)
    if hook is not None:
        from webox.platform import resolve  # the declarations' dataclasses: ~5 ms of a cold start

        resolve(hook)(user_id, task_id)
    return cancelled


# --- approvals ---------------------------------------------------------------------------------------


def _waiting(user_id: str, task_id: str, step_id: str) -> tuple[Task, TaskStep]:
    task = _drivable(user_id, task_id)
    item = repository.find_step(user_id, task_id, step_id)
    if item is None or item.status != "waiting_approval" or task.status not in lifecycle.ACTIVE:
        raise NotWaitingApproval()
    return task, item


_UNEDITED: Any = object()


def decide(user_id: str, task_id: str, step_id: str, decision: str, output: Any = _UNEDITED) -> TaskDetail:
    """Approve (the step runs; with `output`, it succeeds with that output instead) or reject (the
    task ends `cancelled`) a step waiting for approval."""
    task, item = _waiting(user_id, task_id, step_id)
    if decision == "approve":
        edited = None if output is _UNEDITED else {"value": output}
        repository.update_step(
            item, decision="approved", status="pending", approval_nonce=None, edited_output=edited
        )
        progress.step(item, user_id)
        task = lifecycle.move(task, "running", only_from=frozenset({"waiting_approval"})) or task
        lifecycle.enqueue(task, step_id, int(item.attempt) + 1)
    else:
        repository.update_step(item, decision="rejected", status="cancelled", approval_nonce=None)
        progress.step(item, user_id)
        task = lifecycle.end(task, "cancelled", "tasks.rejected", f"Step {step_id!r} was rejected") or task
    return detail(_load(user_id, task_id))


def approval_link(user_id: str, task_id: str, step_id: str, expires_in_s: int) -> ApprovalLink:
    """A signed link to decide once on a waiting step, without signing in; a new link voids the last."""
    from webox.auth import security

    _task, item = _waiting(user_id, task_id, step_id)
    nonce = secrets.token_urlsafe(16)
    repository.update_step(item, approval_nonce=nonce)
    claims = {"sub": user_id, "task": task_id, "step": step_id, "nonce": nonce}
    token = security.encode_link(claims, audience=APPROVAL_AUDIENCE, ttl_s=expires_in_s)
    url = f"{get_settings().public_url.rstrip('/')}/tasks/approve#{token}"
    return ApprovalLink(url=url, token=token, expires_at=datetime.now(UTC) + timedelta(seconds=expires_in_s))


def _link_claims(token: str) -> dict[str, Any]:
    from webox.auth import security

    try:
        return security.decode_link(
            token, audience=APPROVAL_AUDIENCE, required=("sub", "task", "step", "nonce")
        )
    except WeboxError as exc:
        raise ApprovalLinkInvalid() from exc


def approval_request(token: str) -> ApprovalRequest:
    """What a link would decide on (it stays usable)."""
    claims = _link_claims(token)
    task = repository.find(claims["sub"], claims["task"])
    item = repository.find_step(claims["sub"], claims["task"], claims["step"])
    if task is None or item is None or item.approval_nonce != claims["nonce"]:
        raise ApprovalLinkInvalid()
    spec: dict[str, Any] = next((step for step in task.plan if step["id"] == item.step_id), {})
    upstream: dict[str, Any] = {}
    for before in spec.get("after") or []:
        done = repository.find_step(task.user_id, task.task_id, before)
        upstream[before] = repository.load_output(done) if done is not None else None
    return ApprovalRequest(
        task_id=task.task_id,
        title=task.title,
        step_id=item.step_id,
        status=item.status,  # type: ignore[arg-type]
        kind=item.kind,
        input=item.input,
        upstream=upstream,
    )


def decide_by_link(token: str, decision: str, output: Any = _UNEDITED) -> TaskDetail:
    """Use a signed link (once)."""
    claims = _link_claims(token)
    if not repository.use_approval_nonce(claims["sub"], claims["task"], claims["step"], claims["nonce"]):
        raise ApprovalLinkInvalid()
    try:
        return decide(claims["sub"], claims["task"], claims["step"], decision, output)
    except NotWaitingApproval as exc:
        raise ApprovalLinkInvalid() from exc


# --- running again -----------------------------------------------------------------------------------


def retry_step(user_id: str, task_id: str, step_id: str) -> TaskDetail:
    """Run a failed step again (the task resumes from it)."""
    task = _drivable(user_id, task_id)
    item = repository.find_step(user_id, task_id, step_id)
    if item is None or item.status != "failed" or task.status != "failed":
        raise StepNotFailed()
    lifecycle.move(task, "running", only_from=frozenset({"failed"}))
    task = _load(user_id, task_id)
    repository.change(task, Task.error_code.remove(), Task.error_message.remove(), Task.finished_at.remove())
    lifecycle.enqueue(task, step_id, int(item.attempt) + 1)
    return detail(task)


def _descendants(plan: list[dict[str, Any]], step_id: str) -> list[str]:
    found = {step_id}
    for step in plan:  # plan order: a step only follows earlier ones
        if found & set(step.get("after") or []):
            found.add(step["id"])
    return [step["id"] for step in plan if step["id"] in found]


def _in(plan: list[dict[str, Any]], step_id: str) -> bool:
    return any(step["id"] == step_id for step in plan)


def rerun(user_id: str, task_id: str, step_id: str, step_input: dict[str, Any] | None) -> TaskDetail:
    """Run a finished task again from `step_id` (with its input replaced when given): that step and
    the steps depending on it run again, the others keep their results."""
    task = _drivable(user_id, task_id)
    if not any(step["id"] == step_id for step in task.plan):
        raise StepNotFound()
    if task.status not in FINISHED:
        raise TaskNotFinished()
    plan = [
        {**step, "input": step_input} if step["id"] == step_id and step_input is not None else step
        for step in task.plan
    ]
    again = _descendants(plan, step_id)
    # What the steps running again added to the plan goes: they add it again when they run.
    plan, expansions = expansion.undo(plan, task.expansions or {}, again)
    items = repository.steps(user_id, task_id)
    repository.delete_steps(user_id, task_id, [i for i in items if i in again or not _in(plan, i)])
    again = [i for i in again if _in(plan, i)]
    for step in plan:  # a join that runs again still has the predecessors that do not
        if step["id"] in again and len(step.get("after") or []) > 1:
            for before in step["after"]:
                if before not in again and before in items:
                    skipped = lifecycle.skips(items[before], step["id"])
                    repository.arrive(user_id, task_id, step["id"], before, skipped=skipped)
    repository.change(
        task,
        Task.plan.set(plan),
        Task.expansions.set(expansions) if expansions else Task.expansions.remove(),
        Task.run.add(1),
        Task.status.set("queued"),
        Task.seq.add(1),
        Task.error_code.remove(),
        Task.error_message.remove(),
        Task.finished_at.remove(),
    )
    progress.status(task)
    lifecycle.enqueue(task, step_id)
    return detail(task)
