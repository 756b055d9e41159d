"""Templates: the catalogue in the caller's language, and the one-click install, which creates the
template's workflow, then its trigger (deployed at Pipedream) or its daily schedule, both starting
that workflow. An install that cannot finish leaves nothing behind."""

from __future__ import annotations

from webox.automations import catalogue, installing
from webox.automations.catalogue import Lang, Template
from webox.automations.errors import TemplateNotFound
from webox.automations.template_schemas import (
    TemplateInstall,
    TemplateInstalled,
    TemplateList,
    TemplateOut,
    TemplateSetting,
)


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


def install(user_id: str, template_id: str, body: TemplateInstall) -> TemplateInstalled:
    """Create the template's workflow and what starts it; the workflow is removed if the trigger or
    schedule cannot be made."""
    template = catalogue.BY_ID.get(template_id)
    if template is None:
        raise TemplateNotFound()
    chosen = installing.accounts_for(user_id, template.apps, dict(body.accounts))
    defaults = {s.name: s.default for s in _settings_of(template, body.lang, _email(user_id))}
    settings = {**defaults, **{k: v for k, v in body.settings.items() if k in defaults and v}}
    if template.trigger:
        key, app, props = template.trigger
        starter = installing.Starter(trigger_key=key, trigger_app=app, trigger_props=props(settings))
    else:
        starter = installing.Starter(
            schedule={"label": template.title[body.lang], "every": "day", "time": template.schedule_time}
        )
    made = installing.install(
        user_id,
        title=template.title[body.lang],
        description=template.description[body.lang],
        lang=body.lang,
        graph=template.graph(body.lang, chosen, settings),
        values=template.values,
        starter=starter,
        accounts_by_app=chosen,
    )
    return TemplateInstalled(
        template_id=template_id,
        workflow_id=made.workflow_id,
        hook_id=made.hook_id,
        schedule_id=made.schedule_id,
    )
