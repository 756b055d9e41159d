"""How a simulated model answers the automation generator (`webox.automations.generator`): it reads
the catalogue and the request from the prompt and designs the automation a careful person would.

- An app the catalogue lacks (Trello, WhatsApp…) named in the request: it declines (`unsupported`).
- A time with a rhythm ("chaque jour à 8 h", "every weekday at 9:30") or a date ("le 12 mars à
  9 h 30"): a schedule. Else the app spoken of as an event ("chaque nouvel e-mail", "when a Stripe
  payment…", "avant chaque réunion") starts it, with that app's trigger. Else it is run by hand.
- One AI step doing what the request says with what started the run, then one action for each
  other app named (in the request's order), its required props filled from the request (a Slack
  channel, an address, a quoted id, a URL) or from the AI step's output.

Like a real model it trusts the user: an action key the request names (`slack-post-message`) is used
as given, catalogue or not, until a repair prompt says it is not a Pipedream component.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from webox.text import fold

# Words (folded) that name an app in French or English.
APP_WORDS: dict[str, tuple[str, ...]] = {
    "gmail": (
        "gmail",
        "e-mail",
        "e-mails",
        "email",
        "emails",
        "mail",
        "mails",
        "courriel",
        "courriels",
        "inbox",
    ),
    "slack": ("slack",),
    "google_sheets": ("google sheets", "sheets", "feuille", "tableur", "spreadsheet", "sheet"),
    "notion": ("notion",),
    "google_forms": ("google forms", "formulaire", "form", "questionnaire"),
    "google_calendar": (
        "agenda",
        "calendrier",
        "calendar",
        "reunion",
        "reunions",
        "rendez-vous",
        "meeting",
        "meetings",
    ),
    "stripe": ("stripe", "paiement", "paiements", "payment", "payments"),
    "rss": ("rss", "flux", "feed"),
}
UNKNOWN_APPS = (
    "trello", "whatsapp", "dropbox", "hubspot", "salesforce", "asana", "jira", "discord", "telegram",
    "twitter", "linkedin", "instagram", "facebook", "shopify", "airtable", "outlook", "zoom", "github",
    "mailchimp", "teams", "sms",
)  # fmt: skip
EVENT_WORDS = (
    "quand", "lorsque", "lorsqu", "des qu", "chaque", "nouveau", "nouvel", "nouvelle", "nouveaux",
    "nouvelles", "avant", "when", "whenever", "each", "every", "new", "before", "recois", "arrive",
    "receive", "receives", "received",
)  # fmt: skip
DAILY = (
    "chaque jour",
    "tous les jours",
    "quotidien",
    "quotidienne",
    "chaque matin",
    "chaque soir",
    "every day",
    "daily",
    "each day",
    "every morning",
    "every evening",
    "each morning",
    "each evening",
)
WEEKDAYS = (
    "jours ouvres",
    "jours de semaine",
    "en semaine",
    "du lundi au vendredi",
    "weekday",
    "weekdays",
    "monday to friday",
)
MONTHS = {
    **{m: i for i, m in enumerate(("janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout",
                                   "septembre", "octobre", "novembre", "decembre"), 1)},
    **{m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august",
                                   "september", "october", "november", "december"), 1)},
}  # fmt: skip
_TIME = re.compile(r"\b([01]?\d|2[0-3])\s*(?:h|:)\s*([0-5]\d)?\b|\b(1[0-2]|0?\d)\s*(am|pm)\b")
_DATE = re.compile(
    r"\b(\d{1,2})(?:er)?\s+(" + "|".join(MONTHS) + r")\b|\b(" + "|".join(MONTHS) + r")\s+(\d{1,2})\b"
)
_CHANNEL = re.compile(r"#[\w-]+")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
_URL = re.compile(r"https?://[^\s>\"'»]+")
_QUOTED = re.compile(r"[\"«“]\s*([^\"»”]{1,60}?)\s*[\"»”]")
_LINE = re.compile(r"^(trigger|action) (\S+) — .*?Props: (.*)$")
_PROP = re.compile(r"(\w+)(\*?) \(([^)]+)\)")
_KEY = re.compile(r"(?<![\w-])([a-z0-9_]+(?:-[a-z0-9_]+)+)(?![\w-])")
_REFUSED = re.compile(r"'([a-z0-9_-]+)' is not a Pipedream component")
DEFAULT_IDS = {"sheetId": "sheet-1", "sheetID": "sheet-1", "formId": "form-1", "calendarId": "primary"}


@dataclass(frozen=True)
class Component:
    kind: str
    key: str
    props: tuple[tuple[str, bool, str], ...]  # (name, required, type)

    @property
    def app(self) -> str:
        return self.key.split("-", 1)[0]


def is_draft_prompt(prompt: str) -> bool:
    from webox.automations.generator import MARKER

    return MARKER in prompt


def _catalogue(prompt: str) -> list[Component]:
    part = prompt.partition("Catalogue:\n")[2].partition("\n\nRequest:")[0]
    found = []
    for line in part.splitlines():
        match = _LINE.match(line.strip())
        if match:
            props = tuple((n, r == "*", t) for n, r, t in _PROP.findall(match.group(3)))
            found.append(Component(match.group(1), match.group(2), props))
    return found


def _mentions(text: str) -> list[tuple[int, str]]:
    """(position, app) of each app's first mention, in order."""
    found = []
    for app, words in APP_WORDS.items():
        spots = [m.start() for w in words for m in re.finditer(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text)]
        if spots:
            found.append((min(spots), app))
    return sorted(found)


def _as_event(text: str, position: int) -> bool:
    """Whether the words just before `position` speak of an event ("chaque nouvel", "when a")."""
    before = text[max(0, position - 40) : position]
    return any(re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", before) for w in EVENT_WORDS)


def _schedule(text: str, today: date) -> dict[str, Any] | None:
    clock = _TIME.search(text)
    day = _DATE.search(text)
    rhythm = (
        "weekday" if any(w in text for w in WEEKDAYS) else "day" if any(w in text for w in DAILY) else None
    )
    if rhythm is None and day is None:
        return None
    hour, minute = 9, 0
    if clock:
        if clock.group(3):
            hour = int(clock.group(3)) % 12 + (12 if clock.group(4) == "pm" else 0)
        else:
            hour, minute = int(clock.group(1)), int(clock.group(2) or 0)
    elif "soir" in text or "evening" in text:
        hour = 18
    time = f"{hour:02d}:{minute:02d}"
    if rhythm is not None:
        return {"every": rhythm, "time": time, "date": None}
    assert day is not None
    number, month = (day.group(1), day.group(2)) if day.group(1) else (day.group(4), day.group(3))
    when = date(today.year, MONTHS[month], int(number))
    if when < today:
        when = when.replace(year=today.year + 1)
    return {"every": "once", "time": time, "date": when.isoformat()}


def _value(prop: tuple[str, bool, str], request: str, context: dict[str, Any]) -> Any:
    name, _, kind = prop
    lower = name.lower()
    if lower in ("text", "body", "content", "message"):
        return "{{" + context["last"] + "}}"
    if lower in ("channel", "conversations"):
        channel = (_CHANNEL.findall(request) or ["#general"])[0]
        return [channel] if kind.endswith("[]") else channel
    if lower == "to":
        found = _EMAIL.findall(request)
        to = found[0] if found else context["recipient"]
        return [to] if kind.endswith("[]") else to
    if lower in ("subject", "title"):
        return context["title"]
    if lower == "urls":
        return _URL.findall(request)[:3] or ["https://example.com/feed.xml"]
    if lower == "mycolumndata":
        return ["{{event}}", "{{" + context["last"] + "}}"]
    if name in DEFAULT_IDS:
        quoted = _QUOTED.findall(request)
        return quoted[0] if quoted else DEFAULT_IDS[name]
    if kind == "integer":
        return 30
    if kind == "boolean":
        return True
    if kind.endswith("[]"):
        return ["{{" + context["last"] + "}}"]
    return "{{" + context["last"] + "}}"


def _title(request: str) -> str:
    first = re.split(r"[.!?\n]", request.strip(), maxsplit=1)[0].strip()
    return (first[:1].upper() + first[1:])[:60].rstrip(" ,;:") or "Automatisation"


def compose_draft(prompt: str) -> str:
    request = prompt.partition("Request:\n<<<\n")[2].partition("\n>>>")[0].strip()
    text = fold(request)
    lang = "fr" if "in French" in prompt else "en"
    unknown = [app for app in UNKNOWN_APPS if re.search(rf"(?<![\w-]){app}(?![\w-])", text)]
    if unknown:
        why = (
            f"Le catalogue ne propose pas {unknown[0].capitalize()}."
            if lang == "fr"
            else f"The catalogue has no {unknown[0].capitalize()}."
        )
        return json.dumps({"unsupported": why}, ensure_ascii=False)
    catalogue = _catalogue(prompt)
    triggers = {c.app: c for c in catalogue if c.kind == "trigger"}
    actions = {c.app: c for c in catalogue if c.kind == "action"}
    today_match = re.search(r"Today is (\d{4}-\d{2}-\d{2})", prompt)
    today = date.fromisoformat(today_match.group(1)) if today_match else date.today()
    owner = re.search(r"owner's e-mail address is (\S+?)\.?\n", prompt)
    mentions = _mentions(text)
    named, refused = _KEY.findall(request), set(_REFUSED.findall(prompt))
    schedule = _schedule(text, today)
    trigger = None
    if schedule is None:
        events = [app for position, app in mentions if app in triggers and _as_event(text, position)]
        trigger = triggers[events[0]] if events else None
    title = _title(request)
    data = "{{event}}"
    steps: list[dict[str, Any]] = [
        {
            "kind": "prompt",
            "prompt": (f"{request}\n\nDonnées :\n{data}" if lang == "fr" else f"{request}\n\nData:\n{data}"),
        }
    ]
    context = {"last": "step1", "title": title, "recipient": owner.group(1) if owner else "me@example.com"}
    if (
        trigger is not None
        and trigger.app == "stripe"
        and re.search(r"\b(client|customer|payeur|acheteur|buyer)", text)
    ):
        context["recipient"] = "{{event.receipt_email}}"
    for _, app in mentions:
        if app == (trigger.app if trigger else None) or app not in actions:
            continue
        action = actions[app]
        props = {p[0]: _value(p, request, context) for p in action.props if p[1]}
        key = next((k for k in named if k.startswith(f"{app}-") and k not in refused), action.key)
        steps.append({"kind": "action", "component_key": key, "props": props})
    save_to = "result"
    if len(steps) == 1 and re.search(r"\b(blog|billet|brouillon d'article|draft post)", text):
        save_to = "blog_draft"
    elif len(steps) == 1 and re.search(r"\b(bibliotheque|library)", text):
        save_to = "library"
    draft = {
        "title": title,
        "starts_on": "schedule" if schedule else "trigger" if trigger else "manual",
        "trigger": {
            "component_key": trigger.key,
            "props": {p[0]: _value(p, request, context) for p in trigger.props if p[1]},
        }
        if trigger
        else None,
        "schedule": schedule,
        "steps": steps,
        "save_to": save_to,
    }
    return json.dumps(draft, ensure_ascii=False)
