"""What every simulated vendor shares: plausible answers, pacing, and injected faults.

Answers are deterministic for a (model, prompt) pair, vary with both, follow the prompt's language
(French or English) and are always marked as simulated, so nobody mistakes them for a real model.
"""

from __future__ import annotations

import asyncio
import hashlib
import random
import re
from collections import deque
from dataclasses import dataclass, field

FAULTS = ("429", "500", "timeout", "malformed", "cut")
FAULT_HEADER = "x-webox-fault"

_FRENCH_HINTS = re.compile(
    r"\b(le|la|les|des|une|est|pour|avec|que|qui|quoi|comment|pourquoi|bonjour|merci|je|tu|vous)\b", re.I
)

_OPENERS = {
    "fr": [
        "Voici une réponse structurée à votre question.",
        "Bonne question : prenons-la point par point.",
        "En résumé, plusieurs éléments entrent en jeu.",
        "Je vous propose une approche en trois temps.",
    ],
    "en": [
        "Here is a structured answer to your question.",
        "Good question: let's take it step by step.",
        "In short, several factors are at play.",
        "Let me suggest a three-part approach.",
    ],
}
_POINTS = {
    "fr": [
        "il faut d'abord clarifier l'objectif et le public visé",
        "les sources fiables méritent d'être comparées entre elles",
        "un exemple concret rend l'idée plus facile à retenir",
        "le contexte change souvent la meilleure réponse",
        "une vérification croisée limite les erreurs",
        "mieux vaut commencer petit puis itérer",
        "les chiffres doivent être datés et sourcés",
        "la clarté compte autant que l'exactitude",
    ],
    "en": [
        "first clarify the goal and the audience",
        "reliable sources should be compared with each other",
        "a concrete example makes the idea easier to remember",
        "context often changes the best answer",
        "cross-checking limits mistakes",
        "start small, then iterate",
        "figures should be dated and sourced",
        "clarity matters as much as accuracy",
    ],
}
_LABEL = {"fr": "Réponse simulée", "en": "Simulated answer"}


def language_of(text: str) -> str:
    """'fr' when the text reads as French, else 'en'."""
    return "fr" if len(_FRENCH_HINTS.findall(text)) >= 1 or any(c in text for c in "éèàùçê") else "en"


def compose_answer(model: str, prompt: str, *, max_words: int | None = None) -> str:
    """A plausible, clearly simulated answer that depends on the model and the prompt."""
    seed = int.from_bytes(hashlib.sha256(f"{model}\x00{prompt}".encode()).digest()[:8], "big")
    rng = random.Random(seed)
    lang = language_of(prompt)
    topic = " ".join(prompt.split()[:12]) or "…"
    points = rng.sample(_POINTS[lang], k=3)
    lines = [
        f"*[{_LABEL[lang]} · {model}]*",
        "",
        rng.choice(_OPENERS[lang]),
        "",
        f"> {topic}",
        "",
        *(f"{i}. {p[0].upper()}{p[1:]}." for i, p in enumerate(points, 1)),
        "",
        (
            f"Conclusion ({model}) : {points[0]}."
            if lang == "fr"
            else f"Bottom line ({model}): {points[0]}."
        ),
    ]
    text = "\n".join(lines)
    if max_words is not None:
        words = text.split(" ")
        text = " ".join(words[: max(1, max_words)])
    return text


def count_tokens(text: str) -> int:
    """A stable token estimate (about 4 characters per token, as vendors' English averages)."""
    return max(1, (len(text) + 3) // 4)


def chunks(text: str, size: int = 3) -> list[str]:
    """Split an answer into streaming pieces of about `size` words, keeping whitespace."""
    words = re.findall(r"\S+\s*|\s+", text)
    return ["".join(words[i : i + size]) for i in range(0, len(words), size)]


@dataclass
class Behaviour:
    """How a fake vendor server behaves; tests and benchmarks change it while it runs."""

    ttft_s: float = 0.0
    duration_s: float = 0.0  # time from first to last chunk of a stream
    latency_s: float = 0.0  # extra delay of a non-streamed answer
    retry_after_s: int = 1
    timeout_hold_s: float = 30.0
    faults: deque[str] = field(default_factory=deque)  # consumed one per request, in order
    requests: int = 0

    def next_fault(self, header: str | None) -> str | None:
        self.requests += 1
        if header in FAULTS:
            return header
        return self.faults.popleft() if self.faults else None

    async def pace(self, n_chunks: int) -> float:
        """Delay between chunks so the stream lasts `duration_s`."""
        return self.duration_s / max(1, n_chunks - 1)

    async def hold(self) -> None:
        await asyncio.sleep(self.timeout_hold_s)
