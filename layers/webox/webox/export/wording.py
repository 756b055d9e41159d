"""The words and figures every export format prints the same way, in French or English."""

from __future__ import annotations

from datetime import datetime

from webox.export.document import model_label
from webox.export.schemas import (
    ConversationExport,
    ExportedAnswer,
    ExportedContradiction,
    ExportedError,
    ExportedTurn,
    ExportedVerdict,
)

LABELS: dict[str, dict[str, str]] = {
    "fr": {
        "conversation": "Conversation",
        "created": "Créée le",
        "updated": "Mise à jour le",
        "exported": "Exportée le",
        "turns": "Tours",
        "turn": "Tour",
        "you": "Vous",
        "tokens": "jetons",
        "cost": "coût",
        "ttft": "premier jeton",
        "duration": "durée",
        "total": "Total",
        "verdict": "Vérification croisée",
        "judge": "juge",
        "agreement": "accord",
        "shared_points": "Points communs",
        "contradictions": "Contradictions",
        "fused": "Réponse fusionnée",
        "chosen": "réponse retenue",
        "simulated": "simulée",
        "error": "Erreur",
        "empty": "(aucun texte)",
        "done": "terminée",
        "streaming": "en cours",
        "pending": "en attente",
        "stopped": "arrêtée",
        "failed": "en erreur",
        "system": "Consigne système",
    },
    "en": {
        "conversation": "Conversation",
        "created": "Created",
        "updated": "Updated",
        "exported": "Exported",
        "turns": "Turns",
        "turn": "Turn",
        "you": "You",
        "tokens": "tokens",
        "cost": "cost",
        "ttft": "first token",
        "duration": "duration",
        "total": "Total",
        "verdict": "Cross-verification",
        "judge": "judge",
        "agreement": "agreement",
        "shared_points": "Shared points",
        "contradictions": "Contradictions",
        "fused": "Fused answer",
        "chosen": "chosen answer",
        "simulated": "simulated",
        "error": "Error",
        "empty": "(no text)",
        "done": "done",
        "streaming": "streaming",
        "pending": "pending",
        "stopped": "stopped",
        "failed": "failed",
        "system": "System prompt",
    },
}


def labels_for(lang: str) -> dict[str, str]:
    """The labels of `lang`, French for any language WeBox does not speak."""
    return LABELS.get(lang, LABELS["fr"])


def when(moment: datetime) -> str:
    """A time as every format prints it, with its zone's abbreviation (`CET`, `CEST`, `UTC`)."""
    return f"{moment:%Y-%m-%d %H:%M} {moment.tzname() or 'UTC'}"


def money(amount: float) -> str:
    return f"{amount:.6f} $"


def status_label(answer: ExportedAnswer, labels: dict[str, str]) -> str:
    return labels["failed"] if answer.status == "error" else labels[answer.status]


def metrics(answer: ExportedAnswer, labels: dict[str, str]) -> str:
    """Tokens in → out, cost, time to first token and duration."""
    parts = [
        f"{answer.usage.input_tokens} → {answer.usage.output_tokens} {labels['tokens']}",
        f"{labels['cost']} {money(answer.cost)}",
    ]
    if answer.ttft_ms is not None:
        parts.append(f"{labels['ttft']} {answer.ttft_ms} ms")
    if answer.duration_ms is not None:
        parts.append(f"{labels['duration']} {answer.duration_ms} ms")
    return " · ".join(parts)


def answer_heading(answer: ExportedAnswer, turn: ExportedTurn, labels: dict[str, str]) -> str:
    """`Model name (model-id) — status, chosen answer, simulated`."""
    notes = [status_label(answer, labels)]
    if turn.chosen_model == answer.model:
        notes.append(labels["chosen"])
    if answer.simulated:
        notes.append(labels["simulated"])
    return f"{answer.model_name} ({answer.model}) — {', '.join(notes)}"


def error_line(error: ExportedError | None, labels: dict[str, str]) -> str | None:
    return f"{labels['error']} : {error.code} — {error.message}" if error else None


def verdict_heading(verdict: ExportedVerdict, labels: dict[str, str]) -> str:
    judge, _ = model_label(verdict.judge_model)
    return f"{labels['verdict']} — {labels['agreement']} {verdict.agreement} % ({labels['judge']} : {judge})"


def claims(contradiction: ExportedContradiction) -> list[tuple[str, str]]:
    """(model name, claim) of each model a contradiction opposes."""
    return [(model_label(model)[0], claim) for model, claim in contradiction.claims.items()]


def header_lines(doc: ConversationExport, labels: dict[str, str]) -> list[tuple[str, str]]:
    """(name, value) of the document's header: dates, number of turns, totals."""
    c = doc.conversation
    return [
        (labels["created"], when(c.created_at)),
        (labels["updated"], when(c.updated_at)),
        (labels["exported"], when(doc.exported_at)),
        (labels["turns"], str(len(doc.turns))),
        (
            labels["total"],
            f"{doc.totals.input_tokens} → {doc.totals.output_tokens} {labels['tokens']} · "
            f"{labels['cost']} {money(doc.totals.cost)}",
        ),
    ]
