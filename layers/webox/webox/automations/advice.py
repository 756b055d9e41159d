"""The advisor's step (`automations.advise`, in the task worker): which templates would save the user
work, judged from what they did lately — the titles of their last conversations and tasks.

Each template has words that betray its job in French and English (`SIGNALS`); a template is
suggested when some of the user's recent titles hold them, with those titles as the reason, best
first. A model then writes a short note from the suggestions; the matching itself is deterministic,
so the same history always gets the same suggestions.
"""

from __future__ import annotations

import re
from typing import Any

from webox.automations import catalogue
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult
from webox.text import fold

RECENT = 30
MAX_SUGGESTIONS = 3
MAX_REASONS = 3
MAX_ANSWER_TOKENS = 400

# template → words (folded) whose presence in a recent title suggests it.
SIGNALS: dict[str, tuple[str, ...]] = {
    "gmail-summary": ("e-mail", "email", "mail", "courriel", "gmail", "boite de reception", "inbox"),
    "form-lead": ("formulaire", "form", "lead", "prospect", "questionnaire", "inscription", "google sheets"),
    "rss-blog": ("rss", "flux", "veille", "actualite", "news", "article", "blog"),
    "slack-digest": ("slack", "digest", "recapitulatif", "bilan du jour", "resume quotidien", "daily"),
    "calendar-brief": ("reunion", "rendez-vous", "rdv", "meeting", "agenda", "calendrier", "calendar"),
    "stripe-thanks": ("stripe", "paiement", "payment", "facture", "invoice", "remerciement", "thank-you"),
}
ASK = {
    "fr": "En deux ou trois phrases, dis à l'utilisateur quelles automatisations lui feraient gagner du "
    "temps et pourquoi, d'après ce qu'il a fait récemment. Suggestions :",
    "en": "In two or three sentences, tell the user which automations would save them time and why, "
    "from what they did lately. Suggestions:",
}
NOTHING = {
    "fr": "Rien dans vos dernières conversations et tâches ne ressemble encore à un modèle "
    "d'automatisation : parcourez les modèles, ou décrivez ce que vous répétez souvent.",
    "en": "Nothing in your recent conversations and tasks looks like an automation template yet: "
    "browse the templates, or describe what you often repeat.",
}


def _matches(title: str, word: str) -> bool:
    return re.search(rf"(?<![a-z0-9]){re.escape(word)}(?![a-z0-9])", fold(title)) is not None


def recent_titles(user_id: str) -> list[str]:
    """The titles of the user's last conversations and tasks (their own only)."""
    from webox.chat import repository as chats
    from webox.tasks import repository as tasks

    conversations, _ = chats.list_conversations(user_id, cursor=None, limit=RECENT, title_contains=None)
    runs, _ = tasks.page(user_id, kind=None, status=None, cursor=None, limit=RECENT)
    titles = [c.title for c in conversations] + [t.title for t in runs if t.title and t.kind != "advice"]
    return list(dict.fromkeys(title for title in titles if title))


def suggestions(titles: list[str], lang: catalogue.Lang) -> list[dict[str, Any]]:
    """The templates `titles` call for, best first: `{template_id, title, because, score}`."""
    found: list[dict[str, Any]] = []
    for template in catalogue.TEMPLATES:
        words = SIGNALS.get(template.template_id, ())
        because = [title for title in titles if any(_matches(title, word) for word in words)]
        if because:
            found.append(
                {
                    "template_id": template.template_id,
                    "title": template.title[lang],
                    "because": because[:MAX_REASONS],
                    "score": len(because),  # how many recent titles call for it
                }
            )
    found.sort(key=lambda suggestion: -suggestion["score"])
    return found[:MAX_SUGGESTIONS]


def advise(ctx: StepContext) -> StepResult:
    """The `automations.advise` step: input `{lang, model}`."""
    from webox import aio
    from webox.errors import WeboxError
    from webox.providers import registry
    from webox.providers import service as providers
    from webox.providers.schemas import ChatMessage, GenerationParams

    lang: catalogue.Lang = "en" if ctx.input.get("lang") == "en" else "fr"
    found = suggestions(recent_titles(ctx.user_id), lang)
    if not found:
        return StepResult(output={"suggestions": [], "explanation": NOTHING[lang]})
    listed = "\n".join(f"- {s['title']} : {' ; '.join(s['because'])}" for s in found)
    model = str(ctx.input.get("model") or "")
    try:
        answer = aio.run(
            providers.complete(
                model,
                [ChatMessage(role="user", content=f"{ASK[lang]}\n{listed}")],
                GenerationParams(max_tokens=MAX_ANSWER_TOKENS),
                user_id=ctx.user_id,
            )
        )
    except WeboxError as exc:
        raise StepFailed(exc.code, exc.message) from exc
    return StepResult(
        output={"suggestions": found, "explanation": answer.text.strip(), "model": model},
        cost_micro_usd=int(registry.cost(model, answer.usage) * 1_000_000),
        tokens_in=answer.usage.input_tokens,
        tokens_out=answer.usage.output_tokens,
    )
