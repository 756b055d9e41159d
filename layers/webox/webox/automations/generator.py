"""The generator (`automations.generate`, a one-step task in the task worker): a French or English
description becomes a checked automation draft (`webox.automations.drafts`).

The model reads the rules, the shape of its answer, the Connect catalogue of the apps WeBox offers
(each component's key, name and props, required ones starred) and the description, and answers one
JSON object. The draft is checked; when it is not accepted, the model sees its problems and answers
once more. A model may also say the catalogue cannot do it (`unsupported`): the draft is then
refused with its reason rather than invented. The simulated models recognise `MARKER`
(`webox.testing.automation_drafts`).

`/automatiser` in the chat starts the same task with the conversation's messages as the description.
"""

from __future__ import annotations

import json
from typing import Any

from webox.automations import drafts
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult
from webox.ttl_cache import TtlCache

MARKER = "Design the WeBox automation the request below asks for and answer with it as ONE JSON object"
# The apps whose components the model may use: those WeBox's templates and guides cover.
APPS = ("gmail", "slack", "google_sheets", "notion", "google_forms", "google_calendar", "stripe", "rss")
ATTEMPTS = 2
MAX_ANSWER_TOKENS = 1500
MAX_DESCRIPTION_CHARS = 4000
SHAPE = {
    "title": "<short title>",
    "starts_on": "trigger | schedule | manual",
    "trigger": {"component_key": "<a trigger of the catalogue>", "props": {"<prop>": "<value>"}},
    "schedule": {"every": "day | weekday | once", "time": "HH:MM", "date": "YYYY-MM-DD or null"},
    "steps": [
        {"kind": "prompt", "prompt": "<what the AI does, reading {{event}} or {{stepN}}>"},
        {"kind": "action", "component_key": "<an action of the catalogue>", "props": {"<prop>": "<value>"}},
    ],
    "save_to": "result | library | blog_draft",
}
RULES = """Rules:
- starts_on "trigger" needs `trigger` (a trigger of the catalogue); "schedule" needs `schedule` (every "day", "weekday" or "once" with a `date`; `time` in Europe/Paris); "manual" (run by hand) needs neither. Set the unused one to null.
- Steps run in order, at most 8. A "prompt" step asks an AI model; an "action" step runs an action of the catalogue with the owner's account.
- In a prompt or a prop, {{event}} is what started the run (the trigger's event; on a schedule, the time and the owner's tasks finished that day), {{event.field}} one field of the event, {{stepN}} the output of step N (numbered from 1).
- Give every required prop (marked *) with its type; use only the components and props of the catalogue.
- save_to: "result" (kept with the run), "library" (a document of the owner's library) or "blog_draft" (a draft on the owner's blog).
- When the catalogue cannot do what is asked, answer {"unsupported": "<why, in one sentence>"} instead."""
_catalogue: TtlCache[str, str] = TtlCache(3600.0)


def catalogue_text() -> str:
    """One line per component of `APPS`: `trigger|action key — App: Name. Props: name* (type), …`
    (cached an hour: the catalogue changes with Pipedream's releases, not between requests)."""

    def load() -> str:
        from webox.automations import components

        lines = []
        for app in APPS:
            for kind in ("trigger", "action"):
                for component in components.list_components(app, kind).items:
                    props = ", ".join(
                        f"{p.name}{'' if p.optional else '*'} ({p.type})"
                        for p in component.props
                        if p.type != "app"
                    )
                    lines.append(f"{kind} {component.key} — {component.name}. Props: {props or 'none'}")
        return "\n".join(lines)

    return _catalogue.get_or_set("catalogue", load)


def prompt_for(description: str, lang: str, email: str, today: str) -> str:
    language = "French" if lang == "fr" else "English"
    return (
        f"You design automations for WeBox. {MARKER}, of this shape:\n"
        f"{json.dumps(SHAPE, ensure_ascii=False)}\n\n{RULES}\n"
        f"- Write the title and the prompts in {language}. Today is {today}. "
        f"The owner's e-mail address is {email}.\n\n"
        f"Catalogue:\n{catalogue_text()}\n\nRequest:\n<<<\n{description}\n>>>\n"
    )


def repair_prompt(first: str, answer: str, problems: list[drafts.Problem]) -> str:
    listed = "\n".join(f"- {p.where}: {p.message}" for p in problems)
    return (
        f"{first}\nYour previous answer:\n{answer[:6000]}\n\nIt cannot be saved:\n{listed}\n"
        "Answer again, with every problem fixed, in the same shape."
    )


def generate(ctx: StepContext) -> StepResult:
    """The `automations.generate` step: input `{description, lang, model}`; output a checked draft
    (`drafts.Checked`) with `unsupported` (the model's reason when it declined), `attempts`, `model`."""
    from webox import aio, extraction
    from webox.auth import repository as users
    from webox.db import utcnow
    from webox.errors import WeboxError
    from webox.providers import registry
    from webox.providers import service as providers
    from webox.providers.schemas import ChatMessage, GenerationParams

    lang = "en" if ctx.input.get("lang") == "en" else "fr"
    model = str(ctx.input.get("model") or "")
    user = users.get_user(ctx.user_id)
    first = prompt_for(
        str(ctx.input.get("description") or "")[:MAX_DESCRIPTION_CHARS],
        lang,
        user.email if user else "",
        utcnow().date().isoformat(),
    )
    prompt, cost, tokens_in, tokens_out = first, 0, 0, 0
    checked: drafts.Checked | None = None
    unsupported: str | None = None
    attempts = 0
    while attempts < ATTEMPTS:
        attempts += 1
        try:
            answer = aio.run(
                providers.complete(
                    model,
                    [ChatMessage(role="user", content=prompt)],
                    GenerationParams(max_tokens=MAX_ANSWER_TOKENS, temperature=0),
                    user_id=ctx.user_id,
                )
            )
        except WeboxError as exc:
            raise StepFailed(exc.code, exc.message) from exc
        cost += int(registry.cost(model, answer.usage) * 1_000_000)
        tokens_in += answer.usage.input_tokens
        tokens_out += answer.usage.output_tokens
        data: dict[str, Any] | None = extraction.json_object(answer.text)
        if data is not None and isinstance(data.get("unsupported"), str) and "steps" not in data:
            unsupported, checked = data["unsupported"].strip()[:500], None
            break
        spec, problems = drafts.read(data)
        checked = (
            drafts.check(spec, lang)
            if spec is not None
            else drafts.Checked(accepted=False, draft=None, problems=problems, apps=[])
        )
        if checked.accepted:
            break
        prompt = repair_prompt(first, answer.text, checked.problems)
    result = checked or drafts.Checked(accepted=False, draft=None, problems=[], apps=[])
    return StepResult(
        output={**result.model_dump(), "unsupported": unsupported, "attempts": attempts, "model": model},
        cost_micro_usd=cost,
        tokens_in=tokens_in,
        tokens_out=tokens_out,
    )


def conversation_description(user_id: str, conversation_id: str, extra: str) -> str:
    """What `/automatiser` asks for: the user's messages of the conversation (the branch shown, the
    newest last) and what they typed after the command (404 for another user's conversation). Read
    from the chat's items directly: the messages are all it needs, not their answers or files."""
    from webox.chat import repository as chats
    from webox.chat import versions
    from webox.chat.errors import ConversationNotFound

    conversation = chats.get_conversation(user_id, conversation_id)
    if conversation is None:
        raise ConversationNotFound("Conversation not found")
    asked = sorted(
        (item for item in chats.items(user_id, conversation_id) if item.kind == "turn"),
        key=lambda i: int(i.turn),
    )
    tree = {int(item.turn): int(item.parent or 0) for item in asked}
    shown = set(versions.path_to(tree, versions.shown_leaf(tree, conversation.leaf)))
    said = [(item.content or "").strip() for item in asked if int(item.turn) in shown]
    text = "\n\n".join(part for part in [*said, extra.strip()] if part)
    return text[-MAX_DESCRIPTION_CHARS:]
