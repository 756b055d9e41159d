"""The shape of a simulated answer: it follows the request's form (a code block when asked for code,
a table when asked for a table, the length asked for as `webox.text.requested_words` reads it, the
assistant's instructions) and states facts a judge can check — some the same for every model (the prompt decides them), some that differ
between models (the model decides them) — so a comparison finds real agreements and contradictions."""

from __future__ import annotations

import hashlib
import random
import re
import unicodedata

_CODE = re.compile(
    r"\b(code|fonction|function|script|python|javascript|typescript|sql|programme|program|snippet)\b", re.I
)
_TABLE = re.compile(r"\b(tableau|table|comparatif|comparison|compare)\b", re.I)
_TO_ENGLISH = re.compile(r"\b(in english|en anglais)\b", re.I)
_TO_FRENCH = re.compile(r"\b(in french|en français)\b", re.I)

# (topic, values): the first two are the prompt's (every model agrees), the others each model's own.
_FACTS = {
    "fr": [
        ("Année de référence", ["2018", "2019", "2020", "2021", "2022", "2023"]),
        ("Public visé", ["les débutants", "les équipes", "les particuliers", "les PME"]),
        ("Ordre de grandeur", ["environ 10 %", "environ 25 %", "environ 40 %"]),
        (
            "Source principale",
            ["les données publiques", "les études universitaires", "les rapports du secteur"],
        ),
        ("Délai typique", ["quelques jours", "deux à trois semaines", "plusieurs mois"]),
    ],
    "en": [
        ("Reference year", ["2018", "2019", "2020", "2021", "2022", "2023"]),
        ("Audience", ["beginners", "teams", "individuals", "small businesses"]),
        ("Order of magnitude", ["about 10%", "about 25%", "about 40%"]),
        ("Main source", ["public data", "academic studies", "industry reports"]),
        ("Typical delay", ["a few days", "two to three weeks", "several months"]),
    ],
}
SHARED_FACTS = 2
_LABELS = {
    "fr": {"facts": "Repères", "criterion": "Critère", "instructions": "Consigne suivie", "code": "Exemple"},
    "en": {
        "facts": "Key facts",
        "criterion": "Criterion",
        "instructions": "Instructions followed",
        "code": "Example",
    },
}


def _rng(*parts: str) -> random.Random:
    seed = hashlib.sha256("\x00".join(parts).encode()).digest()[:8]
    return random.Random(int.from_bytes(seed, "big"))


def language(prompt: str, system: str, guessed: str) -> str:
    """The answer's language: the one the instructions ask for, else the one `guessed` from the prompt."""
    for text in (system, prompt):
        if _TO_ENGLISH.search(text):
            return "en"
        if _TO_FRENCH.search(text):
            return "fr"
    return guessed


def form(prompt: str, system: str) -> str:
    """`code`, `table` or `text`: what the request asks the answer to look like."""
    asked = f"{system}\n{prompt}"
    if _CODE.search(asked):
        return "code"
    return "table" if _TABLE.search(asked) else "text"


def facts(model: str, prompt: str, lang: str) -> list[tuple[str, str]]:
    """The facts the answer states: the first ones the prompt's (shared), the others the model's."""
    chosen = []
    for index, (topic, values) in enumerate(_FACTS[lang]):
        owner = prompt if index < SHARED_FACTS else f"{model}\x00{prompt}"
        chosen.append((topic, _rng(owner, topic).choice(values)))
    return chosen


def body(model: str, topic: str, stated: list[tuple[str, str]], shape: str, lang: str) -> list[str]:
    """The answer's facts laid out as the request asks: numbered, in a table, or beside code."""
    labels = _LABELS[lang]
    if shape == "table":
        return [
            f"| {labels['criterion']} | {model} |",
            "| --- | --- |",
            *(f"| {name} | {value} |" for name, value in stated),
        ]
    lines = [
        f"**{labels['facts']}**",
        "",
        *(f"{i}. {name} : {value}." for i, (name, value) in enumerate(stated, 1)),
    ]
    if shape == "code":
        plain = unicodedata.normalize("NFKD", topic.lower()).encode("ascii", "ignore").decode()
        name = re.sub(r"[^a-z0-9]+", "_", plain).strip("_")[:30] or "answer"
        code = [
            f"**{labels['code']}**",
            "",
            "```python",
            f"def {name if name[0].isalpha() else 'f_' + name}() -> dict[str, str]:",
            f'    """{topic[:60]}"""',
            "    return {" + ", ".join(f'"{n}": "{v}"' for n, v in stated[:2]) + "}",
            "```",
            "",
        ]
        lines = code + lines
    return lines


def instructions_line(system: str, lang: str) -> list[str]:
    """The assistant's instructions, acknowledged in one line (none without instructions)."""
    text = " ".join(system.split())
    if not text:
        return []
    quoted = f"{text[:80]}{'…' if len(text) > 80 else ''}"
    label = _LABELS[lang]["instructions"]
    return ["", f"_{label} : « {quoted} »_" if lang == "fr" else f"_{label}: “{quoted}”_"]


def fit(text: str, words: int | None, filler: list[str]) -> str:
    """`text` brought to about `words` words: padded with `filler` sentences, or cut."""
    if words is None:
        return text
    count = len(text.split())
    extra = []
    index = 0
    while count < words and filler:
        sentence = filler[index % len(filler)]
        extra.append(f"{sentence[0].upper()}{sentence[1:]}.")
        count += len(sentence.split())
        index += 1
    padded = text + ("\n\n" + " ".join(extra) if extra else "")
    return "".join(re.findall(r"\S+\s*", padded)[:words]).rstrip()


_DOCUMENT = re.compile(r'<document name="([^"]+)">\n(.*?)\n</document>', re.S)


def question(prompt: str) -> str:
    """The user's own words: the prompt without the documents attached to it."""
    return _DOCUMENT.sub("", prompt).strip()


def document_lines(prompt: str, lang: str) -> list[str]:
    """One line per attached document, quoting its beginning (so the answer shows it was read)."""
    lines = []
    for name, text in _DOCUMENT.findall(prompt):
        words = text.split()
        quote = " ".join(words[:24]) + (" …" if len(words) > 24 else "")
        lines.append(f"D'après {name} : « {quote} »" if lang == "fr" else f"From {name}: “{quote}”")
    return ["", *lines] if lines else []
