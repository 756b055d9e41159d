"""The troubleshooter's front door: a diagnosis of the caller's run is a one-step task (kind
`diagnosis`, step `automations.troubleshoot`, run by the task worker: `webox.automations.diagnosis`)."""

from __future__ import annotations

from webox.automations.errors import NothingToDiagnose
from webox.automations.schemas import DiagnosisRequest, DiagnosisStarted
from webox.tasks import repository as tasks
from webox.tasks.errors import TaskNotFound
from webox.tasks.models import Task

DIAGNOSABLE = ("failed", "budget_exceeded", "cancelled")


def diagnosable(task: Task | None) -> bool:
    """A run that did not finish, and not itself a diagnosis."""
    return task is not None and task.status in DIAGNOSABLE and task.kind != "diagnosis"


def start(user_id: str, body: DiagnosisRequest) -> DiagnosisStarted:
    """Diagnose the caller's run (404 for another user's; 409 for a run that did not fail)."""
    from webox.automations.schemas import DEFAULT_MODEL
    from webox.providers import registry
    from webox.tasks import service as tasks_service
    from webox.tasks.schemas import TaskCreate

    model = body.model or DEFAULT_MODEL
    registry.get_model(model)  # an unknown model is refused before anything runs
    task = tasks.find(user_id, body.task_id)
    if task is None:
        raise TaskNotFound()
    if not diagnosable(task):
        raise NothingToDiagnose()
    title = ("Diagnostic : " if body.lang == "fr" else "Diagnosis: ") + (task.title or task.kind)
    step = {
        "id": "diagnose",
        "kind": "automations.troubleshoot",
        "input": {**body.model_dump(), "model": model},
    }
    created = tasks_service.submit(
        user_id, TaskCreate.model_validate({"kind": "diagnosis", "title": title[:200], "plan": [step]})
    )
    return DiagnosisStarted(task_id=created.task_id, status=str(created.status))
