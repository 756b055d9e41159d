"""The templates' in-app guides, written from each template's own definition: the workflow installing
it would create (built with example accounts and the default settings), what starts it, and what
each step does, in French or English."""

from __future__ import annotations

import json
from typing import Any

from webox.automations import catalogue
from webox.automations.catalogue import Lang
from webox.automations.errors import TemplateNotFound
from webox.automations.template_schemas import GuideStep, TemplateGuide, TemplateSetting

EXAMPLE_ACCOUNT = "apn_example"
EXAMPLE_EMAIL = "vous@example.fr"

WORDS: dict[str, dict[Lang, str]] = {
    "trigger": {
        "fr": "Un déclencheur Pipedream ({key}){account} : chaque événement lance une exécution.",
        "en": "A Pipedream trigger ({key}){account}: each event starts a run.",
    },
    "trigger_account": {"fr": " avec votre compte {app}", "en": " with your {app} account"},
    "schedule": {
        "fr": "Chaque jour à {time} (heure de Paris).",
        "en": "Every day at {time} (Paris time).",
    },
    "input": {
        "fr": "Reçoit ce que l'événement apporte : {names}.",
        "en": "Receives what the event brings: {names}.",
    },
    "prompt": {
        "fr": "Le modèle {model} reçoit cette consigne :\n{prompt}",
        "en": "The model {model} gets these instructions:\n{prompt}",
    },
    "pipedream": {
        "fr": "Lance l'action Pipedream {key} avec votre compte, avec : {props}.",
        "en": "Runs the Pipedream action {key} with your account, with: {props}.",
    },
    "output": {
        "fr": "Garde le résultat dans l'exécution (visible dans Tâches).",
        "en": "Keeps the result in the run (shown in Tasks).",
    },
}


def _props(props: dict[str, Any]) -> str:
    return ", ".join(
        f"{name} = {value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)}"
        for name, value in props.items()
        if name != "account_id"
    )


def _detail(node: dict[str, Any], graph: dict[str, Any], lang: Lang) -> str:
    config = node.get("config") or {}
    kind = node.get("type", "")
    if kind == "input":
        names = ", ".join(v["name"] for v in graph.get("variables") or []) or "—"
        return WORDS["input"][lang].format(names=names)
    if kind == "prompt":
        return WORDS["prompt"][lang].format(model=config.get("model", ""), prompt=config.get("template", ""))
    if kind == "pipedream":
        return WORDS["pipedream"][lang].format(
            key=config.get("component_key", ""), props=_props(config.get("props") or {})
        )
    return WORDS["output"][lang]


def template_guide(template_id: str, lang: Lang) -> TemplateGuide:
    """The guide of one template (404 for an unknown id)."""
    template = catalogue.BY_ID.get(template_id)
    if template is None:
        raise TemplateNotFound()
    settings = {
        name: default.replace("{email}", EXAMPLE_EMAIL) for name, _label, default in template.settings
    }
    graph = template.graph(lang, {app: EXAMPLE_ACCOUNT for app in template.apps}, settings)
    if template.trigger:
        key, app, _props_of = template.trigger
        account = WORDS["trigger_account"][lang].format(app=app) if app else ""
        starts = WORDS["trigger"][lang].format(key=key, account=account)
    else:
        starts = WORDS["schedule"][lang].format(time=template.schedule_time)
    return TemplateGuide(
        template_id=template.template_id,
        title=template.title[lang],
        description=template.description[lang],
        apps=list(template.apps),
        starts=starts,
        steps=[
            GuideStep(
                id=node["id"],
                label=node.get("label") or node["id"],
                type=node["type"],
                detail=_detail(node, graph, lang),
            )
            for node in graph["nodes"]
        ],
        settings=[
            TemplateSetting(name=name, label=label[lang], default=settings[name])
            for name, label, _default in template.settings
        ],
    )
