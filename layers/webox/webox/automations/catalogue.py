"""The six automation templates, French and English: what each starts on (a Connect trigger or a daily
schedule), the accounts it needs, the settings it asks for, and the prompt workflow it installs.

A workflow variable is filled from the trigger's event (`{{event}}`, `{{event.receipt_email}}`) or,
on a schedule, from the fire (`{{finished_tasks}}`): see `targets.fill`. The blog draft of the RSS
template is a plain prompt node whose output is the draft (the output node can also write a blog draft, but only for blog editors).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from webox.automations.schemas import DEFAULT_MODEL

Lang = Literal["fr", "en"]
Text = dict[str, str]  # lang -> text


@dataclass(frozen=True)
class Template:
    template_id: str
    title: Text
    description: Text
    apps: tuple[str, ...]  # accounts needed, in the order the card shows them
    settings: tuple[tuple[str, Text, str], ...]  # (name, label, default); "{email}": the owner's address
    # (lang, accounts by app, settings) -> the graph
    graph: Callable[[Lang, dict[str, str], dict[str, str]], dict[str, Any]]
    values: dict[str, str]  # workflow variable -> template over the event / the fire
    trigger: tuple[str, str | None, Callable[[dict[str, str]], dict[str, Any]]] | None = None
    schedule_time: str | None = None  # "HH:MM", every day, Europe/Paris


def _graph(
    lang: Lang, names: tuple[str, ...], prompt: Text, last: dict[str, Any] | None, *, required: bool = True
) -> dict[str, Any]:
    """Input → one prompt node (`answer`) → `last` (a Pipedream action or the output)."""
    label = {"fr": "Données reçues", "en": "Received data"}[lang]
    nodes: list[dict[str, Any]] = [
        {"id": "input", "type": "input", "label": label, "config": {}},
        {
            "id": "answer",
            "type": "prompt",
            "label": {"fr": "IA", "en": "AI"}[lang],
            "config": {"model": DEFAULT_MODEL, "template": prompt[lang]},
        },
        last or {"id": "result", "type": "output", "label": "Résultat", "config": {"template": "{{answer}}"}},
    ]
    variables: list[dict[str, Any]] = [
        {"name": name, "label": name, "type": "textarea", "required": required} for name in names
    ]
    if not required:
        for variable in variables:
            variable["default"] = "-"
    return {
        "variables": variables,
        "nodes": nodes,
        "edges": [{"source": "input", "target": "answer"}, {"source": "answer", "target": nodes[2]["id"]}],
    }


def _action(node_id: str, label: str, key: str, account: str, props: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": node_id,
        "type": "pipedream",
        "label": label,
        "config": {"component_key": key, "account_id": account, "props": props},
    }


def _slack(text: str) -> Callable[[Lang, dict[str, str], dict[str, str]], dict[str, Any] | None]:
    def build(lang: Lang, accounts: dict[str, str], settings: dict[str, str]) -> dict[str, Any]:
        props = {"channel": settings["channel"], "text": text}
        return _action("post", "Slack", "slack-send-message", accounts["slack"], props)

    return build


def _mail(to: str, subject: Text) -> Callable[[Lang, dict[str, str], dict[str, str]], dict[str, Any] | None]:
    def build(lang: Lang, accounts: dict[str, str], settings: dict[str, str]) -> dict[str, Any]:
        props = {"to": [settings.get("to", to)], "subject": subject[lang], "body": "{{answer}}"}
        return _action("mail", "Gmail", "gmail-send-email", accounts["gmail"], props)

    return build


def _with(
    names: str | tuple[str, ...],
    prompt: Text,
    last: Callable[[Lang, dict[str, str], dict[str, str]], dict[str, Any] | None],
    *,
    required: bool = True,
) -> Callable[[Lang, dict[str, str], dict[str, str]], dict[str, Any]]:
    names = (names,) if isinstance(names, str) else names
    return lambda lang, accounts, settings: _graph(
        lang, names, prompt, last(lang, accounts, settings), required=required
    )


_CHANNEL = ("channel", {"fr": "Canal Slack", "en": "Slack channel"}, "#general")

TEMPLATES: tuple[Template, ...] = (
    Template(
        template_id="gmail-summary",
        title={"fr": "Résumé des nouveaux e-mails", "en": "New e-mail summaries"},
        description={
            "fr": "Chaque nouvel e-mail Gmail est résumé par l'IA et posté dans votre canal Slack.",
            "en": "Each new Gmail e-mail is summarised by AI and posted in your Slack channel.",
        },
        apps=("gmail", "slack"),
        settings=(_CHANNEL,),
        graph=_with(
            "email",
            {
                "fr": "Résume cet e-mail en trois phrases, avec l'action attendue :\n\n{{email}}",
                "en": "Summarise this e-mail in three sentences, with the action it expects:\n\n{{email}}",
            },
            _slack("{{answer}}"),
        ),
        values={"email": "{{event}}"},
        trigger=("gmail-new-email-received", "gmail", lambda s: {"withTextPayload": True}),
    ),
    Template(
        template_id="form-lead",
        title={"fr": "Leads qualifiés depuis un formulaire", "en": "Qualified leads from a form"},
        description={
            "fr": "Chaque réponse Google Forms est notée par l'IA puis ajoutée à une feuille Google Sheets.",
            "en": "Each Google Forms answer is scored by AI, then added to a Google Sheet.",
        },
        apps=("google_forms", "google_sheets"),
        settings=(
            ("form", {"fr": "Identifiant du formulaire", "en": "Form id"}, "form-1"),
            ("sheet", {"fr": "Identifiant de la feuille", "en": "Spreadsheet id"}, "sheet-1"),
        ),
        graph=_with(
            "answer_data",
            {
                "fr": "Note ce prospect de 0 à 100 (budget, besoin, urgence) et dis pourquoi en une "
                "ligne :\n\n{{answer_data}}",
                "en": "Score this lead from 0 to 100 (budget, need, urgency) and say why in one "
                "line:\n\n{{answer_data}}",
            },
            lambda lang, accounts, settings: _action(
                "row",
                "Google Sheets",
                "google_sheets-add-single-row",
                accounts["google_sheets"],
                {"sheetId": settings["sheet"], "myColumnData": ["{{answer_data}}", "{{answer}}"]},
            ),
        ),
        values={"answer_data": "{{event}}"},
        trigger=("google_forms-new-form-answer", "google_forms", lambda s: {"formId": s["form"]}),
    ),
    Template(
        template_id="rss-blog",
        title={"fr": "Article de blog depuis un flux RSS", "en": "Blog draft from an RSS feed"},
        description={
            "fr": "Chaque nouvel article du flux devient un brouillon de billet de blog écrit par l'IA.",
            "en": "Each new item of the feed becomes a blog post draft written by AI.",
        },
        apps=(),
        settings=(("feed", {"fr": "Adresse du flux", "en": "Feed URL"}, "https://example.com/feed.xml"),),
        graph=_with(
            "item",
            {
                "fr": "Écris un brouillon de billet de blog (titre, chapeau, trois parties) inspiré de "
                "cet article :\n\n{{item}}",
                "en": "Write a blog post draft (title, lead, three parts) inspired by this item:\n\n{{item}}",
            },
            lambda lang, accounts, settings: None,
        ),
        values={"item": "{{event}}"},
        trigger=("rss-new-item-in-feed", None, lambda s: {"urls": [s["feed"]]}),
    ),
    Template(
        template_id="slack-digest",
        title={"fr": "Bilan quotidien sur Slack", "en": "Daily digest on Slack"},
        description={
            "fr": "Chaque soir à 18 h, le bilan de vos tâches terminées dans la journée est posté sur Slack.",
            "en": "Every evening at 6 pm, a digest of the tasks you finished that day is posted on Slack.",
        },
        apps=("slack",),
        settings=(_CHANNEL,),
        graph=_with(
            "tasks",
            {
                "fr": "Fais un bilan bref et positif de ces tâches terminées aujourd'hui :\n\n{{tasks}}",
                "en": "Write a short, upbeat digest of these tasks finished today:\n\n{{tasks}}",
            },
            _slack("{{answer}}"),
            required=False,
        ),
        values={"tasks": "{{finished_tasks}}"},
        schedule_time="18:00",
    ),
    Template(
        template_id="calendar-brief",
        title={"fr": "Brief avant chaque réunion", "en": "A brief before each meeting"},
        description={
            "fr": "Avant chaque événement de votre agenda, l'IA vous envoie par e-mail un brief de réunion.",
            "en": "Before each event of your calendar, AI e-mails you a meeting brief.",
        },
        apps=("google_calendar", "gmail"),
        settings=(
            ("calendar", {"fr": "Agenda", "en": "Calendar"}, "primary"),
            ("to", {"fr": "Envoyer à", "en": "Send to"}, "{email}"),
        ),
        graph=_with(
            "meeting",
            {
                "fr": "Prépare un brief de cette réunion : objectif, participants, questions à poser, "
                "points de vigilance.\n\n{{meeting}}",
                "en": "Prepare a brief of this meeting: goal, attendees, questions to ask, points to "
                "watch.\n\n{{meeting}}",
            },
            _mail("{email}", {"fr": "Brief de réunion", "en": "Meeting brief"}),
        ),
        values={"meeting": "{{event}}"},
        trigger=(
            "google_calendar-upcoming-event-alert",
            "google_calendar",
            lambda s: {"calendarId": s["calendar"], "time": 30},
        ),
    ),
    Template(
        template_id="stripe-thanks",
        title={"fr": "Remerciement après paiement", "en": "Thank-you after a payment"},
        description={
            "fr": "Chaque paiement Stripe reçu déclenche un e-mail de remerciement écrit par l'IA au client.",
            "en": "Each Stripe payment received sends the customer a thank-you e-mail written by AI.",
        },
        apps=("stripe", "gmail"),
        settings=(),
        graph=_with(
            ("payment", "customer"),
            {
                "fr": "Écris un court e-mail de remerciement chaleureux pour ce paiement (sans objet, "
                "signé « L'équipe ») :\n\n{{payment}}",
                "en": "Write a short, warm thank-you e-mail for this payment (no subject line, signed "
                "'The team'):\n\n{{payment}}",
            },
            _mail("{{customer}}", {"fr": "Merci pour votre paiement", "en": "Thank you for your payment"}),
        ),
        values={"payment": "{{event}}", "customer": "{{event.receipt_email}}"},
        trigger=("stripe-new-payment", "stripe", lambda s: {}),
    ),
)
BY_ID = {t.template_id: t for t in TEMPLATES}
