"""The troubleshooter's step (`automations.troubleshoot`, in the task worker): why a run (any task:
a workflow's, an automation's, an agent's) did not finish, and what to do about it.

A diagnosis is itself a one-step task (`automations.troubleshoot`, on the engine: the plan's quota
is checked before its model call). Its output has two parts:

- `fixes`: for each step that failed, the fix its error code calls for — the same code always gets
  the same advice and the same action the run page can offer (`retry`, `edit_input`,
  `reconnect_account`, `raise_budget`, `change_model`, `upgrade_plan`, `check_access`, `wait`);
- `explanation`: a model's plain-language account of what went wrong, written from the run's steps
  (kinds, statuses, errors, a bounded excerpt of each failed step's input) and those fixes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from webox.automations.assistants import diagnosable
from webox.tasks import repository as tasks
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult
from webox.tasks.models import Task

MAX_INPUT_CHARS = 600
MAX_REPORT_CHARS = 8000
MAX_ANSWER_TOKENS = 700
ASK = {
    "fr": "Explique en français, en quelques phrases simples pour quelqu'un qui n'est pas développeur, "
    "pourquoi cette exécution n'a pas abouti et quoi faire, en t'appuyant sur les corrections proposées.",
    "en": "Explain in English, in a few plain sentences for someone who is not a developer, why this "
    "run did not finish and what to do, building on the proposed fixes.",
}
FIXES_HEADING = {"fr": "Corrections proposées :", "en": "Proposed fixes:"}


@dataclass(frozen=True)
class Fix:
    action: str
    fr: str
    en: str


# The first rule whose words are all in the error code applies (codes are `feature.reason`).
RULES: tuple[tuple[tuple[str, ...], Fix], ...] = (
    (
        ("budget",),
        Fix(
            "raise_budget",
            "Le budget de l'exécution est atteint : relancez-la avec un budget plus élevé, ou allégez les "
            "étapes les plus coûteuses.",
            "The run reached its budget: run it again with a higher budget, or lighten its costliest steps.",
        ),
    ),
    (
        ("quota",),
        Fix(
            "upgrade_plan",
            "Le quota de votre offre est épuisé pour cette période : attendez sa remise à zéro, passez à "
            "une offre supérieure ou utilisez votre propre clé.",
            "Your plan's quota for this period is used up: wait for it to reset, upgrade, or use your own key.",
        ),
    ),
    (
        ("email", "verified"),
        Fix(
            "check_access",
            "Vérifiez votre adresse e-mail : les appels payés par la plateforme l'exigent.",
            "Verify your e-mail address: calls the platform pays for require it.",
        ),
    ),
    (
        ("rate", "limit"),
        Fix(
            "wait",
            "Le fournisseur limite le débit : patientez une minute puis relancez l'étape.",
            "The vendor is rate limiting: wait a minute, then retry the step.",
        ),
    ),
    (
        ("account",),
        Fix(
            "reconnect_account",
            "Le compte connecté n'est plus utilisable : reconnectez-le dans Automatisations, puis "
            "relancez l'étape.",
            "The connected account can no longer be used: connect it again in Automations, then retry.",
        ),
    ),
    (
        ("props",),
        Fix(
            "edit_input",
            "Les paramètres de l'action ne correspondent pas à sa définition : corrigez le champ nommé "
            "dans l'erreur puis relancez.",
            "The action's settings do not match its definition: fix the field the error names, then retry.",
        ),
    ),
    (
        ("host",),
        Fix(
            "edit_input",
            "L'adresse appelée n'est pas autorisée : ajoutez son domaine aux hôtes permis ou changez d'URL.",
            "The address called is not allowed: add its host to the allowed hosts or use another URL.",
        ),
    ),
    (
        ("not_in_plan",),
        Fix(
            "change_model",
            "Ce modèle n'est pas inclus dans votre offre : choisissez-en un autre ou ajoutez votre clé.",
            "This model is not in your plan: pick another one or add your own key.",
        ),
    ),
    (
        ("model",),
        Fix(
            "change_model",
            "Le modèle n'a pas pu répondre : relancez l'étape ou choisissez un autre modèle.",
            "The model could not answer: retry the step or pick another model.",
        ),
    ),
    (
        ("invalid",),
        Fix(
            "edit_input",
            "Une valeur d'entrée est invalide : corrigez-la dans le formulaire ou l'étape précédente.",
            "An input value is invalid: fix it in the form or the previous step.",
        ),
    ),
    (
        ("not_found",),
        Fix(
            "check_access",
            "Un élément utilisé par l'étape n'existe plus ou ne vous appartient pas : choisissez-en un autre.",
            "Something the step uses no longer exists or is not yours: pick another one.",
        ),
    ),
)
FALLBACK = Fix(
    "retry",
    "L'étape a échoué sur une erreur passagère ou inconnue : relancez-la ; si elle échoue encore, "
    "lisez son message d'erreur.",
    "The step failed on a passing or unknown error: retry it; if it fails again, read its error message.",
)
CANCELLED = Fix(
    "retry",
    "L'exécution a été annulée : relancez-la quand vous voulez.",
    "The run was cancelled: run it again whenever you like.",
)


def fix_for(code: str) -> Fix:
    """The fix an error code calls for."""
    words = code.lower()
    for needed, fix in RULES:
        if all(word in words for word in needed):
            return fix
    return FALLBACK


def _excerpt(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False, default=str) if value is not None else ""
    return text if len(text) <= MAX_INPUT_CHARS else text[: MAX_INPUT_CHARS - 1] + "…"


def _fix(step_id: str | None, code: str, fix: Fix) -> dict[str, Any]:
    return {"step_id": step_id, "code": code, "action": fix.action, "fr": fix.fr, "en": fix.en}


def fixes(task: Task) -> list[dict[str, Any]]:
    """One fix per step that failed, in plan order (or the run's own error when no step has one)."""
    items = tasks.steps(task.user_id, task.task_id)
    found = [
        _fix(item.step_id, str(item.error_code), fix_for(str(item.error_code)))
        for spec in task.plan
        if (item := items.get(spec["id"])) is not None and item.status == "failed" and item.error_code
    ]
    if not found and task.status == "cancelled":
        found.append(_fix(None, "cancelled", CANCELLED))
    elif not found and task.error_code:
        found.append(_fix(None, str(task.error_code), fix_for(str(task.error_code))))
    return found


def report(task: Task) -> str:
    """The run as the model reads it: its steps in plan order, each failed one with its error and
    an excerpt of its input."""
    items = tasks.steps(task.user_id, task.task_id)
    lines = [f"Exécution « {task.title or task.kind} » ({task.kind}) : statut {task.status}."]
    if task.error_code:
        lines.append(f"Erreur de l'exécution : {task.error_code} — {task.error_message or ''}")
    for spec in task.plan:
        item = items.get(spec["id"])
        status = item.status if item else "pending"
        line = f"- étape {spec['id']} ({spec.get('kind')}) : {status}"
        if item is not None and item.status == "failed":
            line += f", tentative {int(item.attempt)}, erreur {item.error_code} — {item.error_message or ''}"
            line += f"\n  entrée : {_excerpt(item.input)}"
        lines.append(line)
    return "\n".join(lines)[:MAX_REPORT_CHARS]


def diagnose(ctx: StepContext) -> StepResult:
    """The `automations.troubleshoot` step: input `{task_id, lang, model}`."""
    from webox import aio
    from webox.automations.schemas import DEFAULT_MODEL
    from webox.errors import WeboxError
    from webox.providers import registry
    from webox.providers import service as providers
    from webox.providers.schemas import ChatMessage, GenerationParams

    task = tasks.find(ctx.user_id, str(ctx.input.get("task_id") or ""))
    if task is None or not diagnosable(task):
        raise StepFailed("automations.nothing_to_diagnose", "The run is gone or did not fail")
    lang = "en" if ctx.input.get("lang") == "en" else "fr"
    proposed = fixes(task)
    advice = "\n".join(f"- {f['step_id'] or '—'} ({f['code']}) : {f[lang]}" for f in proposed)
    asked = f"{ASK[lang]}\n\n{report(task)}\n\n{FIXES_HEADING[lang]}\n{advice or '-'}"
    model = str(ctx.input.get("model") or DEFAULT_MODEL)
    try:
        answer = aio.run(
            providers.complete(
                model,
                [ChatMessage(role="user", content=asked)],
                GenerationParams(max_tokens=MAX_ANSWER_TOKENS),
                user_id=ctx.user_id,
            )
        )
    except WeboxError as exc:
        raise StepFailed(exc.code, exc.message) from exc
    return StepResult(
        output={
            "task_id": task.task_id,
            "explanation": answer.text.strip(),
            "model": model,
            "fixes": [
                {k: f[k] for k in ("step_id", "code", "action")} | {"advice": f[lang]} for f in proposed
            ],
        },
        cost_micro_usd=int(registry.cost(model, answer.usage) * 1_000_000),
        tokens_in=answer.usage.input_tokens,
        tokens_out=answer.usage.output_tokens,
    )
