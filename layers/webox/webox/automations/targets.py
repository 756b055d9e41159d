"""What an automation starts, as a task the engine runs. `prompt_mail` is a model step then a mail
step; `plan` is the caller's own plan; `workflow` and `agent` are one `automations.start` step that
starts a run of the owner's workflow (its variables filled from the event) or agent (its goal filled
from the event) when the trigger or schedule fires."""

from __future__ import annotations

import json
from typing import Any

from webox.automations.schemas import AgentTarget, PlanTarget, PromptMailTarget, WorkflowTarget
from webox.placeholders import PLACEHOLDER
from webox.tasks.schemas import StepSpec, TaskCreate
from webox.tasks.service import check_startable

AnyTarget = PlanTarget | PromptMailTarget | WorkflowTarget | AgentTarget
MAX_FILLED_CHARS = 8000


def _lookup(path: str, data: Any) -> Any:
    for part in path.split("."):
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def fill(template: str, context: dict[str, Any]) -> str:
    """`template` with each `{{path}}` replaced by that dotted path of `context` (JSON for objects,
    empty when absent); one literal pass, so a value is never read as a template."""

    def value(match: Any) -> str:
        found = _lookup(str(match.group(1)), context)
        if found is None:
            return ""
        return found if isinstance(found, str) else json.dumps(found, ensure_ascii=False, default=str)

    return PLACEHOLDER.sub(value, template)[:MAX_FILLED_CHARS]


def task_for(target: AnyTarget, title: str, event: dict[str, Any] | None = None) -> TaskCreate:
    """The task one fire of `target` runs; an inbound `event` goes to its first steps as `event`."""
    if isinstance(target, WorkflowTarget | AgentTarget):
        start: dict[str, Any] = {"target": target.model_dump(mode="json")}
        if event is not None:
            start["event"] = event
        return TaskCreate(
            kind="automation",
            title=title[:200],
            plan=[StepSpec(id="start", kind="automations.start", input=start)],
        )
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


def check(user_id: str, target: AnyTarget) -> None:
    """Refuse a target that cannot start (before anything is saved): a plan users may not start
    (a reserved task kind, an unknown step kind), or a workflow or agent the caller does not have
    (404, as for another user's)."""
    if isinstance(target, PlanTarget):
        check_startable(target.task)
    elif isinstance(target, WorkflowTarget):
        from webox.workflows import service as workflows

        workflows.load(user_id, target.workflow_id)
    elif isinstance(target, AgentTarget):
        from webox.agents import catalogue

        catalogue.get_agent(user_id, target.agent_id, target.lang)
