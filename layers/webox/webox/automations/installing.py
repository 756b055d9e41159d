"""Installing an automation, as a template's one click and a generated draft's save both do: the
accounts it uses, then its workflow, then what starts it (a trigger deployed at Pipedream, or a
schedule; nothing for a workflow run by hand). An install that cannot finish leaves nothing behind."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from webox.automations import accounts, schedules, triggers
from webox.automations.errors import AccountRequired, InvalidProps
from webox.automations.schemas import AutomationScheduleCreate, TriggerCreate, WorkflowTarget
from webox.errors import WeboxError


@dataclass(frozen=True)
class Starter:
    """What starts the workflow: a Connect trigger (`trigger_key`, its app or None for a native one,
    its props) or a schedule (`schedule`: the create body without its target)."""

    trigger_key: str | None = None
    trigger_app: str | None = None
    trigger_props: dict[str, Any] | None = None
    schedule: dict[str, Any] | None = None


@dataclass(frozen=True)
class Installed:
    workflow_id: str
    hook_id: str | None
    schedule_id: str | None


def accounts_for(user_id: str, apps: tuple[str, ...], chosen: dict[str, str]) -> dict[str, str]:
    """The account used for each app: the one named (the caller's, of that app), else the caller's
    first healthy one; 409 naming the first app with none."""
    found: dict[str, str] = {}
    for app in apps:
        if app in chosen:
            account = accounts.owned_account(user_id, chosen[app])
            if account.app != app:
                raise InvalidProps(f"{chosen[app]!r} is not a {app} account")
            found[app] = account.account_id
            continue
        healthy = [a for a in accounts.list_accounts(user_id, app).items if a.healthy]
        if not healthy:
            raise AccountRequired(f"Connect a {app} account first", extra={"app": app})
        found[app] = healthy[0].account_id
    return found


def install(
    user_id: str,
    *,
    title: str,
    description: str,
    lang: str,
    graph: dict[str, Any],
    values: dict[str, str],
    starter: Starter,
    accounts_by_app: dict[str, str],
) -> Installed:
    """Create the workflow (checked for its owner: `InvalidProps` naming the first problem), then its
    trigger or schedule; the workflow is removed when that cannot be made."""
    from webox.workflows import service as workflows
    from webox.workflows.schemas import WorkflowCreate, WorkflowGraph

    checked = WorkflowGraph.model_validate(graph)
    problems = workflows.validate(user_id, checked).problems
    if problems:
        raise InvalidProps(problems[0].message)
    workflow = workflows.create(
        user_id, WorkflowCreate(title=title, description=description, lang=lang, graph=checked)
    )
    target = WorkflowTarget(workflow_id=workflow.id, values=values)
    try:
        if starter.trigger_key:
            made = triggers.deploy(
                user_id,
                TriggerCreate(
                    component_key=starter.trigger_key,
                    account_id=accounts_by_app[starter.trigger_app] if starter.trigger_app else None,
                    props=starter.trigger_props or {},
                    target=target,
                ),
            )
            return Installed(workflow.id, made.hook_id, None)
        if starter.schedule is not None:
            schedule = schedules.create(
                user_id, AutomationScheduleCreate.model_validate({**starter.schedule, "target": target})
            )
            return Installed(workflow.id, None, schedule.schedule_id)
    except WeboxError:
        workflows.delete(user_id, workflow.id)
        raise
    return Installed(workflow.id, None, None)
