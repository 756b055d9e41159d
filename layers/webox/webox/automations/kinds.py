"""Step kinds automations add to the task engine:

- `pipedream.action` runs a Connect action with the owner's account (props checked against the
  component's definition first); the run is a side effect, done once per step run (`ctx.once`).
  Workflows place it as a node.
- `automations.prompt` asks a model (the engine checks budget and quota before it: `models=`).
- `automations.mail` mails the previous step's text to the owner's own address, once.
- `automations.troubleshoot` explains why a run did not finish (`webox.automations.diagnosis`).
- `automations.advise` suggests templates from the owner's recent work (`webox.automations.advice`).
- `automations.generate` turns a description into a checked automation draft
  (`webox.automations.generator`).
- `automations.start` starts a run of the owner's workflow or agent, once, from a trigger's event or
  a schedule's fire (`webox.automations.targets`).
"""

from __future__ import annotations

from typing import Any

from webox import aio, mail
from webox.automations import advice, components, diagnosis, generator, targets
from webox.automations.schemas import DEFAULT_MODEL
from webox.errors import WeboxError
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult, register

MAX_EVENT_CHARS = 8000


def run_connect_action(ctx: StepContext, key: str, account_id: str, props: dict[str, Any]) -> StepResult:
    """Run a Connect action once per step run; Pipedream down (5xx) is retried, a refusal fails."""
    try:
        result = ctx.once("run", lambda: components.run_action(ctx.user_id, key, account_id, props))
    except WeboxError as exc:
        if exc.status >= 500:
            raise  # Pipedream down: SQS delivers the step again
        raise StepFailed(exc.code, exc.message) from exc
    return StepResult(output=result)


def pipedream_action(ctx: StepContext) -> StepResult:
    key, account_id = ctx.input.get("component_key"), ctx.input.get("account_id")
    props = ctx.input.get("props") or {}
    if not isinstance(key, str) or not isinstance(account_id, str) or not isinstance(props, dict):
        raise StepFailed("automations.invalid_props", "component_key, account_id and props are required")
    return run_connect_action(ctx, key, account_id, props)


def _prompt_text(ctx: StepContext) -> str:
    prompt = str(ctx.input.get("prompt") or "").strip()
    if not prompt:
        raise StepFailed("automations.invalid_input", "a prompt is required")
    event = ctx.input.get("event")
    if event:
        import json

        prompt += "\n\n" + json.dumps(event, ensure_ascii=False, default=str)[:MAX_EVENT_CHARS]
    return prompt


def prompt(ctx: StepContext) -> StepResult:
    from webox.providers import registry
    from webox.providers import service as providers
    from webox.providers.schemas import ChatMessage

    model = str(ctx.input.get("model") or DEFAULT_MODEL)
    try:
        answer = aio.run(
            providers.complete(
                model, [ChatMessage(role="user", content=_prompt_text(ctx))], user_id=ctx.user_id
            )
        )
    except WeboxError as exc:
        raise StepFailed(exc.code, exc.message) from exc
    return StepResult(
        output={"text": answer.text, "model": model},
        cost_micro_usd=int(registry.cost(model, answer.usage) * 1_000_000),
        tokens_in=answer.usage.input_tokens,
        tokens_out=answer.usage.output_tokens,
    )


def _models(step_input: dict[str, Any]) -> list[str]:
    return [str(step_input.get("model") or DEFAULT_MODEL)]


def mail_owner(ctx: StepContext) -> StepResult:
    from webox.auth import repository as users

    texts = [
        str(out.get("text")) for out in ctx.upstream.values() if isinstance(out, dict) and out.get("text")
    ]
    if not texts:
        raise StepFailed("automations.nothing_to_mail", "the previous step produced no text")
    user = users.get_user(ctx.user_id)
    if user is None:
        raise StepFailed("automations.no_owner", "the task's owner is gone")
    subject = str(ctx.input.get("subject") or "WeBox")[:200]
    message_id = ctx.once("mail", lambda: mail.send(user.email, subject, "\n\n".join(texts)))
    return StepResult(output={"sent": True, "message_id": message_id})


def _schedule_context(user_id: str) -> dict[str, Any]:
    """What a schedule's fire offers its target: the time, and the owner's tasks finished in the
    last day (their titles, one a line)."""
    from datetime import timedelta

    from webox.db import utcnow
    from webox.tasks import repository as tasks_repository

    now = utcnow()
    done, _ = tasks_repository.page(user_id, kind=None, status="succeeded", cursor=None, limit=100)
    titles = [
        f"- {task.title}"
        for task in done
        if task.kind != "automation" and task.finished_at and now - task.finished_at < timedelta(days=1)
    ]
    return {"fired_at": now.isoformat(), "finished_tasks": "\n".join(titles)}


def start(ctx: StepContext) -> StepResult:
    """Start the target's workflow or agent run (a deleted one fails the step with its 404 code)."""
    from pydantic import TypeAdapter

    from webox.automations.schemas import AgentTarget, WorkflowTarget

    target = TypeAdapter(WorkflowTarget | AgentTarget).validate_python(ctx.input.get("target"))
    event = ctx.input.get("event")
    context = {"event": event} if event is not None else _schedule_context(ctx.user_id)

    def launch() -> dict[str, Any]:
        if isinstance(target, WorkflowTarget):
            from webox.workflows import service as workflows
            from webox.workflows.run_schemas import WorkflowRunCreate

            values = {name: targets.fill(t, context) for name, t in target.values.items()}
            run = workflows.start_run(ctx.user_id, target.workflow_id, WorkflowRunCreate(values=values))
            return {"workflow_id": target.workflow_id, "workflow_run_id": run.id}
        from webox.agents import runs
        from webox.agents.schemas import RunCreate

        goal = targets.fill(target.goal, context).strip() or target.goal
        agent_run = runs.create_run(
            ctx.user_id, RunCreate(goal=goal[:4000], agent_ids=[target.agent_id]), target.lang
        )
        return {"agent_run_id": agent_run.run_id, "task_id": agent_run.task_id}

    try:
        return StepResult(output=ctx.once("start", launch))
    except WeboxError as exc:
        raise StepFailed(exc.code, exc.message) from exc


register("pipedream.action", pipedream_action)
register("automations.start", start)
register("automations.prompt", prompt, models=_models)
register("automations.mail", mail_owner)
register("automations.troubleshoot", diagnosis.diagnose, models=_models)
register("automations.advise", advice.advise, models=_models)
register("automations.generate", generator.generate, models=_models)
