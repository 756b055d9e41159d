"""Templates: the catalogue in the caller's language, and the one-click install, which creates the
template's workflow, then its trigger (deployed at Pipedream) or its daily schedule, both starting
that workflow. An install that cannot finish leaves nothing behind."""

from __future__ import annotations

from webox.automations import accounts, catalogue, schedules, triggers
from webox.automations.catalogue import Lang, Template
from webox.automations.errors import AccountRequired, InvalidProps, TemplateNotFound
from webox.automations.schemas import AutomationScheduleCreate, TriggerCreate, WorkflowTarget
from webox.automations.template_schemas import (
    TemplateInstall,
    TemplateInstalled,
    TemplateList,
    TemplateOut,
    TemplateSetting,
)
from webox.errors import WeboxError


def _settings_of(template: Template, lang: Lang, email: str) -> list[TemplateSetting]:
    return [
        TemplateSetting(name=name, label=label[lang], default=default.replace("{email}", email))
        for name, label, default in template.settings
    ]


def _email(user_id: str) -> str:
    from webox.auth import repository as users

    user = users.get_user(user_id)
    return user.email if user else ""


def template_out(template: Template, lang: Lang, email: str = "") -> TemplateOut:
    return TemplateOut(
        template_id=template.template_id,
        title=template.title[lang],
        description=template.description[lang],
        apps=list(template.apps),
        starts_on="trigger" if template.trigger else "schedule",
        component_key=template.trigger[0] if template.trigger else None,
        settings=_settings_of(template, lang, email),
    )


def list_templates(user_id: str, lang: Lang) -> TemplateList:
    """The six templates, each with the accounts it needs and the settings it asks for."""
    email = _email(user_id)
    return TemplateList(items=[template_out(t, lang, email) for t in catalogue.TEMPLATES])


def _accounts(user_id: str, template: Template, chosen: dict[str, str]) -> dict[str, str]:
    """The account used for each app the template needs: the one named (the caller's, of that app),
    else the caller's first healthy one; 409 naming the first app with none."""
    found: dict[str, str] = {}
    for app in template.apps:
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


def install(user_id: str, template_id: str, body: TemplateInstall) -> TemplateInstalled:
    """Create the template's workflow and what starts it; the workflow is removed if the trigger or
    schedule cannot be made."""
    from webox.workflows import service as workflows
    from webox.workflows.schemas import WorkflowCreate, WorkflowGraph

    template = catalogue.BY_ID.get(template_id)
    if template is None:
        raise TemplateNotFound()
    chosen = _accounts(user_id, template, dict(body.accounts))
    defaults = {s.name: s.default for s in _settings_of(template, body.lang, _email(user_id))}
    settings = {**defaults, **{k: v for k, v in body.settings.items() if k in defaults and v}}
    graph = WorkflowGraph.model_validate(template.graph(body.lang, chosen, settings))
    problems = workflows.validate(user_id, graph).problems
    if problems:
        raise InvalidProps(problems[0].message)
    title = template.title[body.lang]
    workflow = workflows.create(
        user_id,
        WorkflowCreate(title=title, description=template.description[body.lang], lang=body.lang, graph=graph),
    )
    target = WorkflowTarget(workflow_id=workflow.id, values=template.values)
    try:
        if template.trigger:
            key, app, props = template.trigger
            made = triggers.deploy(
                user_id,
                TriggerCreate(
                    component_key=key,
                    account_id=chosen[app] if app else None,
                    props=props(settings),
                    target=target,
                ),
            )
            return TemplateInstalled(
                template_id=template_id, workflow_id=workflow.id, hook_id=made.hook_id, schedule_id=None
            )
        schedule = schedules.create(
            user_id,
            AutomationScheduleCreate(label=title, every="day", time=template.schedule_time, target=target),
        )
    except WeboxError:
        workflows.delete(user_id, workflow.id)
        raise
    return TemplateInstalled(
        template_id=template_id, workflow_id=workflow.id, hook_id=None, schedule_id=schedule.schedule_id
    )
