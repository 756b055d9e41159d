"""The automations assistants' front doors. Each runs as a one-step task in the task worker (the
engine checks the plan's quota before its model call; the page follows the task live):

- the **troubleshooter**: a diagnosis of the caller's run that did not finish (kind `diagnosis`,
  step `automations.troubleshoot`: `webox.automations.diagnosis`);
- the **advisor**: templates suggested from the caller's recent conversations and tasks (kind
  `advice`, step `automations.advise`: `webox.automations.advice`);
- the **generator**: a checked automation draft from a description or a conversation (kind `draft`,
  step `automations.generate`: `webox.automations.generator`), saved by `install_draft`.
"""

from __future__ import annotations

from typing import Any

from webox.automations.errors import DraftNotAccepted, DraftNotReady, NothingToDiagnose
from webox.automations.schemas import (
    DEFAULT_MODEL,
    AdviceRequest,
    AssistantStarted,
    DiagnosisRequest,
    DraftInstall,
    DraftInstalled,
    DraftRequest,
)
from webox.tasks import repository as tasks
from webox.tasks.errors import TaskNotFound
from webox.tasks.models import Task

DIAGNOSABLE = ("failed", "budget_exceeded", "cancelled")
ASSISTANT_KINDS = ("diagnosis", "advice", "draft")


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


def start_draft(user_id: str, body: DraftRequest) -> AssistantStarted:
    """Generate an automation from a description, or from the caller's conversation (404 for
    another user's)."""
    from webox.automations import generator

    description = body.description
    if body.conversation_id is not None:
        description = generator.conversation_description(user_id, body.conversation_id, body.description)
    prefix = "Automatisation : " if body.lang == "fr" else "Automation: "
    step_input = {"description": description, "lang": body.lang, "model": body.model}
    return _submit(
        user_id, "draft", prefix + " ".join(description.split())[:120], "automations.generate", step_input
    )


def install_draft(user_id: str, task_id: str, body: DraftInstall) -> DraftInstalled:
    """Save the caller's generated draft as a workflow with its trigger or schedule. The draft is read
    from the generator's own output (never from the caller) and compiled again with the caller's
    accounts: 404 for another user's task, 409 while it runs or when its checks failed."""
    from webox.automations import drafts, installing

    task = tasks.find(user_id, task_id)
    if task is None or task.kind != "draft":
        raise TaskNotFound()
    if task.status != "succeeded":
        raise DraftNotReady()
    step = tasks.find_step(user_id, task_id, "draft")
    output = tasks.load_output(step) if step is not None else None
    if not isinstance(output, dict):
        raise DraftNotAccepted()
    if not output.get("accepted") or not isinstance(output.get("draft"), dict):
        raise DraftNotAccepted()
    spec = drafts.DraftSpec.model_validate(output["draft"])
    chosen = installing.accounts_for(user_id, tuple(drafts.apps_of(spec)), dict(body.accounts))
    graph, values = drafts.compile_graph(spec, body.lang, chosen)
    made = installing.install(
        user_id,
        title=spec.title,
        description=str(task.title or spec.title)[:500],
        lang=body.lang,
        graph=graph,
        values=values,
        starter=drafts.starter_of(spec),
        accounts_by_app=chosen,
    )
    return DraftInstalled(
        task_id=task_id, workflow_id=made.workflow_id, hook_id=made.hook_id, schedule_id=made.schedule_id
    )
