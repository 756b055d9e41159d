"""Task errors, each with a stable code."""

from __future__ import annotations

from webox.errors import Conflict, Invalid, NotFound, Unauthorized


class TaskNotFound(NotFound):
    code, title = "tasks.not_found", "Task not found"


class ScheduleNotFound(NotFound):
    code, title = "tasks.schedule_not_found", "Schedule not found"


class StepNotFound(NotFound):
    code, title = "tasks.step_not_found", "Step not found in this task"


class UnknownStepKind(Invalid):
    code, title = "tasks.unknown_step_kind", "Unknown step kind"


class KindReserved(Conflict):
    code, title = "tasks.kind_reserved", "Tasks of this kind are started and run by their own feature"


class TaskFinished(Conflict):
    code, title = "tasks.finished", "The task has already finished"


class TaskNotFinished(Conflict):
    code, title = "tasks.not_finished", "The task is still running"


class NotWaitingApproval(Conflict):
    code, title = "tasks.not_waiting_approval", "The step is not waiting for approval"


class StepNotFailed(Conflict):
    code, title = "tasks.step_not_failed", "Only a failed step can be retried"


class ApprovalLinkInvalid(Unauthorized):
    code, title = "tasks.approval_link_invalid", "This approval link is invalid, used or expired"


class StepFailed(Exception):
    """Raised by a step kind: the step failed for good (no retry), the task ends `failed`."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


class EffectInProgress(Exception):
    """A side effect with this key was started by a delivery that has not finished (or crashed less
    than its claim's lifetime ago): retried later rather than done twice."""
