"""Task bodies: the plan a task is created with, tasks and their steps as the API shows them."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

TaskStatus = Literal[
    "queued",
    "running",
    "waiting_approval",
    "waiting_schedule",
    "succeeded",
    "failed",
    "cancelled",
    "budget_exceeded",
]
StepStatus = Literal[
    "pending",
    "running",
    "waiting_approval",
    "waiting_schedule",
    "succeeded",
    "failed",
    "cancelled",
    "skipped",
]
FINISHED: frozenset[str] = frozenset({"succeeded", "failed", "cancelled", "budget_exceeded"})

StepId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9_-]{0,39}$")]
KindName = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$", max_length=64)]
TaskKind = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,31}$")]
Hex32 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]

MAX_STEPS = 500
# A plan lives in the task's item (DynamoDB: 400 KB at most, with the rest of the task).
MAX_PLAN_BYTES = 256_000

_PLAN_EXAMPLE: Any = [
    {"id": "draft", "kind": "noop", "input": {"text": "Brouillon"}, "after": [], "needs_approval": False},
    {"id": "review", "kind": "approval", "input": {}, "after": ["draft"], "needs_approval": True},
    {"id": "publish", "kind": "noop", "input": {}, "after": ["review"], "needs_approval": False},
]
_STEP_EXAMPLE: dict[str, Any] = {
    "step_id": "review",
    "kind": "approval",
    "status": "waiting_approval",
    "attempt": 1,
    "input": {},
    "output": None,
    "tokens_in": 0,
    "tokens_out": 0,
    "cost_micro_usd": 0,
    "latency_ms": None,
    "error": None,
    "decision": None,
    "resume_at": None,
    "started_at": "2025-01-31T09:30:01Z",
    "finished_at": None,
}
_TASK_EXAMPLE: dict[str, Any] = {
    "task_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0",
    "kind": "workflow",
    "title": "Article de blog",
    "status": "waiting_approval",
    "run": 1,
    "seq": 4,
    "cost_micro_usd": 1200,
    "budget_micro_usd": 50000,
    "error": None,
    "plan": _PLAN_EXAMPLE,
    "created_at": "2025-01-31T09:30:00Z",
    "updated_at": "2025-01-31T09:30:01Z",
    "finished_at": None,
}


class StepSpec(BaseModel):
    """One step of a plan: what runs (`kind`, a registered step kind), on what, and after which steps."""

    model_config = ConfigDict(extra="forbid")

    id: StepId
    kind: KindName
    input: dict[str, Any] = Field(default_factory=dict)
    after: list[StepId] = Field(default_factory=list, max_length=50)
    needs_approval: bool = Field(
        default=False, description="Stop in `waiting_approval` until someone approves the step."
    )


def check_plan(steps: list[StepSpec]) -> list[StepSpec]:
    """A plan is a graph whose steps only follow earlier ones (so it has no cycle) with unique ids."""
    seen: set[str] = set()
    for step in steps:
        if step.id in seen:
            raise ValueError(f"step id {step.id!r} is used twice")
        unknown = [p for p in step.after if p not in seen]
        if unknown:
            raise ValueError(f"step {step.id!r} follows {unknown[0]!r}, which is not an earlier step")
        if len(set(step.after)) != len(step.after):
            raise ValueError(f"step {step.id!r} names a predecessor twice")
        seen.add(step.id)
    return steps


class TaskCreate(BaseModel):
    """A task to run: its plan and the most it may cost."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "kind": "workflow",
                    "title": "Article de blog",
                    "plan": _PLAN_EXAMPLE,
                    "budget_micro_usd": 50000,
                }
            ]
        },
    )

    kind: TaskKind = "workflow"
    title: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None
    plan: list[StepSpec] = Field(min_length=1, max_length=MAX_STEPS)
    budget_micro_usd: int | None = Field(
        default=None, ge=0, description="Cost ceiling (micro-USD); over it the task ends `budget_exceeded`."
    )

    @model_validator(mode="after")
    def _graph(self) -> TaskCreate:
        check_plan(self.plan)
        size = sum(len(step.model_dump_json()) for step in self.plan)
        if size > MAX_PLAN_BYTES:
            raise ValueError(
                f"the plan takes {size} bytes, over {MAX_PLAN_BYTES}: keep large inputs in files"
            )
        return self


class TaskError(BaseModel):
    code: str
    message: str


class StepOut(BaseModel):
    model_config = ConfigDict(json_schema_extra={"examples": [_STEP_EXAMPLE]})

    step_id: str
    kind: str
    status: StepStatus
    attempt: int
    input: dict[str, Any] | None
    output: Any = None
    tokens_in: int
    tokens_out: int
    cost_micro_usd: int
    latency_ms: int | None
    error: TaskError | None
    decision: Literal["approved", "rejected"] | None
    resume_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None


class TaskOut(BaseModel):
    """A task; `seq` is the last progress frame's number: frames with a higher one are news."""

    model_config = ConfigDict(json_schema_extra={"examples": [_TASK_EXAMPLE]})

    task_id: str
    kind: str
    title: str | None
    status: TaskStatus
    run: int
    seq: int
    cost_micro_usd: int
    budget_micro_usd: int | None
    error: TaskError | None
    plan: list[StepSpec]
    created_at: datetime
    updated_at: datetime
    finished_at: datetime | None


class TaskDetail(TaskOut):
    """A task with its steps, in plan order (a step that has not run yet is `pending`)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{**_TASK_EXAMPLE, "steps": [_STEP_EXAMPLE]}]})

    steps: list[StepOut]


class TaskPage(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"items": [_TASK_EXAMPLE], "next_cursor": None}]}
    )

    items: list[TaskOut]
    next_cursor: str | None = None


MAX_EDITED_OUTPUT_BYTES = 64_000


class Decision(BaseModel):
    """Approve or reject the step waiting for approval; an approval may carry the step's `output`
    (edited by the approver): the step then succeeds with it without running, and its successors
    see it."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"decision": "approve"}, {"decision": "approve", "output": {"text": "Corrigé"}}]
        },
    )

    decision: Literal["approve", "reject"]
    output: Any = Field(default=None, description="Only with `approve`: the step's output, as edited.")

    @model_validator(mode="after")
    def _edit(self) -> Decision:
        if "output" in self.model_fields_set:
            if self.decision != "approve":
                raise ValueError("only an approval carries an edited output")
            size = len(json.dumps(self.output, separators=(",", ":")).encode())
            if size > MAX_EDITED_OUTPUT_BYTES:
                raise ValueError(f"the edited output takes {size} bytes, over {MAX_EDITED_OUTPUT_BYTES}")
        return self

    @property
    def edited(self) -> bool:
        """Whether the approver gave the step's output (possibly `null`)."""
        return "output" in self.model_fields_set


class StepDecision(Decision):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"step_id": "review", "decision": "approve"}]}
    )

    step_id: StepId


class ApprovalLinkCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"step_id": "review", "expires_in_s": 86400}]}
    )

    step_id: StepId
    expires_in_s: int = Field(default=86400, ge=60, le=7 * 86400)


class ApprovalLink(BaseModel):
    """A link anyone holding it may use once, before `expires_at`, to approve or reject the step."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "url": "https://webox.example/tasks/approve#eyJhbGciOi…",
                    "token": "eyJhbGciOi…",
                    "expires_at": "2025-02-01T09:30:00Z",
                }
            ]
        }
    )

    url: str
    token: str
    expires_at: datetime


class ApprovalRequest(BaseModel):
    """What a signed approval link is about (shown before deciding)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "task_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0",
                    "title": "Article de blog",
                    "step_id": "review",
                    "status": "waiting_approval",
                }
            ]
        }
    )

    task_id: str
    title: str | None
    step_id: str
    status: StepStatus
    kind: str | None = None
    input: dict[str, Any] | None = None
    upstream: dict[str, Any] = Field(
        default_factory=dict, description="The outputs of the steps before it: what is to approve."
    )


ApprovalToken = Annotated[str, StringConstraints(min_length=20, max_length=2048)]


class ApprovalLookup(BaseModel):
    """A signed approval link's token, in a body (a path would put it in the server's logs)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"token": "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOi…"}]}
    )

    token: ApprovalToken


class LinkDecision(Decision):
    """A decision through a signed link's token (in the body, out of every URL)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [{"token": "eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOi…", "decision": "approve"}]
        },
    )

    token: ApprovalToken


class StepRetry(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"step_id": "publish"}]})

    step_id: StepId


class Rerun(BaseModel):
    """Run a finished task again from one step, with that step's input replaced (if given); only the
    steps that depend on it run again."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"step_id": "draft", "input": {"text": "Brouillon corrigé"}}]},
    )

    step_id: StepId
    input: dict[str, Any] | None = None


Cron = Annotated[
    str,
    StringConstraints(pattern=r"^[0-9*?,/LW#A-Z-]+( [0-9*?,/LW#A-Z-]+){5}$", max_length=100),
]


class ScheduleCreate(BaseModel):
    """Start a task at a date (`run_at`) or on a cron (EventBridge's six fields: minutes hours
    day-of-month month day-of-week year), read in `timezone`."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "cron": "0 9 ? * MON-FRI *",
                    "timezone": "Europe/Paris",
                    "task": {"kind": "workflow", "title": "Revue de presse", "plan": _PLAN_EXAMPLE[:1]},
                }
            ]
        },
    )

    run_at: datetime | None = Field(
        default=None, description="A date; without an offset, read in `timezone`."
    )
    cron: Cron | None = None
    timezone: str = "Europe/Paris"
    task: TaskCreate

    @model_validator(mode="after")
    def _when(self) -> ScheduleCreate:
        if (self.run_at is None) == (self.cron is None):
            raise ValueError("give either run_at or cron")
        try:
            ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {self.timezone!r}") from exc
        return self

    def expression(self) -> str:
        """The Scheduler expression (`at(...)` as wall-clock time in `timezone`, or `cron(...)`)."""
        if self.cron is not None:
            return f"cron({self.cron})"
        assert self.run_at is not None
        at = self.run_at.astimezone(ZoneInfo(self.timezone)) if self.run_at.tzinfo else self.run_at
        return f"at({at:%Y-%m-%dT%H:%M:%S})"


class ScheduleOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "schedule_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d1",
                    "expression": "cron(0 9 ? * MON-FRI *)",
                    "timezone": "Europe/Paris",
                    "task": {"kind": "workflow", "title": "Revue de presse", "plan": _PLAN_EXAMPLE[:1]},
                    "created_at": "2025-01-31T09:30:00Z",
                }
            ]
        }
    )

    schedule_id: str
    expression: str
    timezone: str
    task: TaskCreate
    created_at: datetime


class ScheduleList(BaseModel):
    items: list[ScheduleOut]
