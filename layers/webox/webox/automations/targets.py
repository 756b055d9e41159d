"""What an automation starts, as a task the engine runs. `prompt_mail` is a model step then a mail
step; `plan` is the caller's own plan. Workflow and agent runs plug in here once those land."""

from __future__ import annotations

from typing import Any

from webox.automations.schemas import PlanTarget, PromptMailTarget
from webox.tasks import kinds
from webox.tasks.schemas import StepSpec, TaskCreate


def task_for(
    target: PlanTarget | PromptMailTarget, title: str, event: dict[str, Any] | None = None
) -> TaskCreate:
    """The task one fire of `target` runs; an inbound `event` goes to its first steps as `event`."""
    if isinstance(target, PromptMailTarget):
        ask: dict[str, Any] = {"prompt": target.prompt, "model": target.model}
        if event is not None:
            ask["event"] = event
        return TaskCreate(
            kind="automation",
            title=title[:200],
            plan=[
                StepSpec(id="answer", kind="automations.prompt", input=ask),
                StepSpec(
                    id="mail",
                    kind="automations.mail",
                    input={"subject": target.subject or title[:200]},
                    after=["answer"],
                ),
            ],
        )
    task = target.task
    if event is None:
        return task
    plan = [
        step.model_copy(update={"input": {**step.input, "event": event}}) if not step.after else step
        for step in task.plan
    ]
    return task.model_copy(update={"plan": plan})


def check(target: PlanTarget | PromptMailTarget) -> None:
    """Refuse a target whose plan names an unknown step kind (before anything is saved)."""
    if isinstance(target, PlanTarget):
        kinds.check({step.kind for step in target.task.plan})
