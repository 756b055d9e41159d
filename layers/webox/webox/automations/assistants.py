"""The automations assistants' front doors. Each runs as a one-step task in the task worker (the
engine checks the plan's quota before its model call; the page follows the task live):

- the **troubleshooter**: a diagnosis of the caller's run that did not finish (kind `diagnosis`,
  step `automations.troubleshoot`: `webox.automations.diagnosis`);
- the **advisor**: templates suggested from the caller's recent conversations and tasks (kind
  `advice`, step `automations.advise`: `webox.automations.advice`).
"""

from __future__ import annotations

from typing import Any

from webox.automations.errors import NothingToDiagnose
from webox.automations.schemas import DEFAULT_MODEL, AdviceRequest, AssistantStarted, DiagnosisRequest
from webox.tasks import repository as tasks
from webox.tasks.errors import TaskNotFound
from webox.tasks.models import Task

DIAGNOSABLE = ("failed", "budget_exceeded", "cancelled")
ASSISTANT_KINDS = ("diagnosis", "advice")


def diagnosable(task: Task | None) -> bool:
    """A run that did not finish, and not itself an assistant's."""
    return task is not None and task.status in DIAGNOSABLE and task.kind not in ASSISTANT_KINDS


def _submit(
    user_id: str, kind: str, title: str, step_kind: str, step_input: dict[str, Any]
) -> AssistantStarted:
    from webox.providers import registry
    from webox.tasks import service as tasks_service
    from webox.tasks.schemas import TaskCreate

    model = step_input.get("model") or DEFAULT_MODEL
    registry.get_model(model)  # an unknown model is refused before anything runs
    step = {"id": kind, "kind": step_kind, "input": {**step_input, "model": model}}
    created = tasks_service.submit(
        user_id, TaskCreate.model_validate({"kind": kind, "title": title[:200], "plan": [step]})
    )
    return AssistantStarted(task_id=created.task_id, status=str(created.status))


def start_diagnosis(user_id: str, body: DiagnosisRequest) -> AssistantStarted:
    """Diagnose the caller's run (404 for another user's; 409 for a run that did not fail)."""
    task = tasks.find(user_id, body.task_id)
    if task is None:
        raise TaskNotFound()
    if not diagnosable(task):
        raise NothingToDiagnose()
    title = ("Diagnostic : " if body.lang == "fr" else "Diagnosis: ") + (task.title or task.kind)
    return _submit(user_id, "diagnosis", title, "automations.troubleshoot", body.model_dump())


def start_advice(user_id: str, body: AdviceRequest) -> AssistantStarted:
    """Suggest templates from the caller's own recent conversations and tasks."""
    title = "Suggestions d'automatisations" if body.lang == "fr" else "Automation suggestions"
    return _submit(user_id, "advice", title, "automations.advise", body.model_dump())
