"""What every simulated vendor shares: plausible answers, pacing, and injected faults.

Answers are deterministic for a (model, prompt) pair, vary with both, follow the prompt's language
(French or English) and are always marked as simulated, so nobody mistakes them for a real model.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import random
import re
from collections import deque
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from webox.testing import answers
from webox.testing.automation_drafts import compose_draft, is_draft_prompt
from webox.testing.extraction import compose_extraction, is_extraction_prompt
from webox.testing.judge import compose_verdict, is_judge_prompt
from webox.text import requested_words

# "401" answers as the vendor does to a rejected key; "failed": a vendor running work as jobs
# (Replicate) accepts it, then reports it failed; the others as their names say.
FAULTS = ("429", "500", "401", "timeout", "malformed", "cut", "failed")
FAULT_HEADER = "x-webox-fault"

R = TypeVar("R")

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


# The tools' rule (`webox.knowledge.tool`): passages found are numbered `[n] file (p. X) : text`.
_FIRST_SOURCE = re.compile(r"^\[1\] (.+?) \(p\. \d+\) : (.+?)(?=\n\[\d+\] |\Z)", re.M | re.S)


def _grounded(prompt: str, lang: str) -> list[str]:
    """When the prompt carries sources, the simulated answer rests on the first one, quoted."""
    found = _FIRST_SOURCE.search(prompt)
    if found is None:
        return []
    filename, text = found.group(1), " ".join(found.group(2).split())
    return ["", f"D'après {filename} : {text}" if lang == "fr" else f"According to {filename}: {text}"]


# An image as a simulator received it: its media type and its bytes in base64.
SeenImage = tuple[str, str]
_DATA_URL = re.compile(r"^data:([\w.+-]+/[\w.+-]+);base64,(.+)$", re.S)


def data_url_image(url: Any) -> SeenImage | None:
    """The image a `data:` URL carries (chat completions' `image_url`), or None."""
    found = _DATA_URL.match(str(url or ""))
    return (found.group(1), found.group(2)) if found else None


def chat_images(content: Any) -> list[SeenImage]:
    """The images of a chat-completions message: `image_url` parts, the URL bare (Mistral) or in
    `{"url": …}` (OpenAI)."""
    if not isinstance(content, list):
        return []
    urls = [
        part.get("image_url")
        for part in content
        if isinstance(part, dict) and part.get("type") == "image_url"
    ]
    found = [data_url_image(url.get("url") if isinstance(url, dict) else url) for url in urls]
    return [image for image in found if image is not None]


def chat_system(messages: list[dict[str, Any]]) -> str:
    """The system messages of a chat-completions request, joined (the assistant's instructions)."""
    return "\n\n".join(str(m.get("content") or "") for m in messages if m.get("role") == "system")


def _image_lines(images: Iterable[SeenImage], lang: str) -> list[str]:
    """One line per image received, with facts a test can check: its type, size and digest."""
    lines = []
    for number, (media_type, data) in enumerate(images, 1):
        raw = base64.b64decode(data, validate=False)
        digest = hashlib.sha256(raw).hexdigest()[:8]
        lines.append(
            f"Image {number} reçue : {media_type}, {len(raw)} octets, empreinte {digest}."
            if lang == "fr"
            else f"Image {number} received: {media_type}, {len(raw)} bytes, digest {digest}."
        )
    return ["", *lines] if lines else []


def compose_answer(
    model: str,
    prompt: str,
    *,
    max_words: int | None = None,
    images: Iterable[SeenImage] = (),
    system: str = "",
) -> str:
    """A plausible, clearly simulated answer that depends on the model and the prompt, in the form the
    request asks for (`webox.testing.answers`), acknowledging each image and document it was shown."""
    if is_judge_prompt(prompt):
        return compose_verdict(prompt, model)
    if is_draft_prompt(prompt):
        return compose_draft(prompt)
    if is_extraction_prompt(prompt):
        return compose_extraction(prompt)
    seed = int.from_bytes(hashlib.sha256(f"{model}\x00{prompt}".encode()).digest()[:8], "big")
    rng = random.Random(seed)
    lang = answers.language(prompt, system, language_of(prompt))
    question = answers.question(prompt)
    topic = " ".join(question.split()[:12]) or "…"
    points = rng.sample(_POINTS[lang], k=3)
    stated = answers.facts(model, question, lang)
    lines = [
        f"*[{_LABEL[lang]} · {model}]*",
        "",
        rng.choice(_OPENERS[lang]),
        *answers.instructions_line(system, lang),
        *_image_lines(images, lang),
        *answers.document_lines(prompt, lang),
        *_grounded(prompt, lang),
        "",
        f"> {topic}",
        "",
        *answers.body(model, topic, stated, answers.form(question, system), lang),
        "",
        (f"Conclusion ({model}) : {points[0]}." if lang == "fr" else f"Bottom line ({model}): {points[0]}."),
    ]
    text = answers.fit("\n".join(lines), requested_words(question, system), points + _POINTS[lang])
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
    # Streams the client closed before their end (a consumer that stopped reading, a cancelled call).
    disconnects: int = 0
    # The JSON body of the latest request, so tests can check what an SDK actually sent.
    last_body: dict[str, Any] | None = None
    # `make dev` only: streams take a few seconds at each model's own speed (tests keep zero delay).
    realistic: bool = False
    # The "panne simulée" switch (`/dev/outage` on the local host): models whose next answer breaks
    # off mid-stream as when the vendor goes down (the `cut` fault: past the first token nobody
    # retries it), so the column fails and its Retry can be shown.
    outages: set[str] = field(default_factory=set)

    def reset(self) -> None:
        """Back to a fast, fault-free server with zeroed counters (tests call it between cases)."""
        self.__dict__.update(Behaviour().__dict__)

    def next_fault(self, header: str | None, model: str | None = None) -> str | None:
        self.requests += 1
        if header in FAULTS:
            return header
        if model is not None and model in self.outages:
            self.outages.discard(model)  # one answer fails: the retry goes through
            return "cut"
        return self.faults.popleft() if self.faults else None

    async def pace(self, n_chunks: int) -> float:
        """Delay between chunks so the stream lasts `duration_s`."""
        return self.duration_s / max(1, n_chunks - 1)

    def timing(self, model: str, n_chunks: int) -> tuple[float, float]:
        """Time to the first chunk and between chunks: the behaviour's own, or in `realistic` mode the
        model's (deterministic per model: 0.3–1.2 s to the first token, 12–45 words a second, a
        stream of at most 12 s)."""
        if not self.realistic:
            return self.ttft_s, self.duration_s / max(1, n_chunks - 1)
        rng = random.Random(model)
        ttft, words_per_s = rng.uniform(0.3, 1.2), rng.uniform(12, 45)
        return ttft, min(3 / words_per_s, 12 / max(1, n_chunks))

    async def hold(self) -> None:
        await asyncio.sleep(self.timeout_hold_s)


class CutStream(Exception):
    """Raised inside a stream to drop the connection midway, as a network cut would."""


def sse(data: Any, event: str | None = None, *, separator: str = "\n\n") -> bytes:
    """One server-sent event: an optional `event:` line and a JSON (or literal string) `data:` line."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}{separator}".encode()


async def opening_fault(
    behaviour: Behaviour, fault: str | None, error: Callable[[int, dict[str, str]], R]
) -> R | None:
    """The vendor's error response for a fault that strikes before any answer (or None to answer).

    `error(status, headers)` renders the vendor's own error body; a timeout holds the request instead.
    """
    if fault == "429":
        return error(429, {"retry-after": str(behaviour.retry_after_s)})
    if fault == "500":
        return error(500, {})
    if fault == "401":
        return error(401, {})
    if fault == "timeout":
        await behaviour.hold()
    return None


async def paced_stream(
    behaviour: Behaviour,
    fault: str | None,
    *,
    pieces: list[str],
    piece: Callable[[str], bytes],
    head: Iterable[bytes] = (),
    tail: Iterable[bytes] = (),
    malformed: bytes,
    model: str = "",
) -> AsyncIterator[bytes]:
    """A vendor's SSE body: `head`, one event per piece paced by `behaviour` (for `model`), then `tail`.

    A "malformed" fault replaces the middle event by `malformed` and ends the body; a "cut" fault drops
    the connection there. A stream the client leaves early counts in `behaviour.disconnects`.
    """
    ended = False
    try:
        first, gap = behaviour.timing(model, len(pieces))
        await asyncio.sleep(first)
        for event in head:
            yield event
        for index, text in enumerate(pieces):
            if index:
                await asyncio.sleep(gap)
            if fault in ("malformed", "cut") and index == len(pieces) // 2:
                ended = True
                if fault == "cut":
                    raise CutStream("stream cut (simulated)")
                yield malformed
                return
            yield piece(text)
        for event in tail:
            yield event
        ended = True
    finally:
        if not ended:
            behaviour.disconnects += 1


async def paced_bytes(
    behaviour: Behaviour, data: bytes, fault: str | None, piece: int
) -> AsyncIterator[bytes]:
    """A binary body (audio) in `piece`-byte parts spread over the behaviour's `duration_s`, after its
    time to first byte; a "cut" fault drops the connection halfway."""
    pieces = [data[i : i + piece] for i in range(0, len(data), piece)] or [b""]
    await asyncio.sleep(behaviour.ttft_s)
    gap = await behaviour.pace(len(pieces))
    for index, part in enumerate(pieces):
        if index:
            await asyncio.sleep(gap)
        if fault == "cut" and index == len(pieces) // 2:
            raise CutStream("stream cut (simulated)")
        yield part
