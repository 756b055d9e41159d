"""How a simulated model answers an extraction prompt (`webox.extraction`: a workflow's Extract node,
a phone call's form): the JSON object of the requested form, each field filled from the text with a
value of its type.

Strings are read for real where the field says what it holds: a name the text gives (`je m'appelle
…`, `my name is …`), a phone number, the sentence saying why (`je voudrais …`, `I need …`); other
strings are the text's sentences in turn. In a call's transcript only the caller's lines (`Caller:`)
are read: they describe the caller, the assistant's do not."""

from __future__ import annotations

import json
import re

from webox.extraction import MARKER

_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")
_NAME = re.compile(
    r"(?:je m'appelle|je suis|my name is|this is|c'est)\s+([A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+)?)", re.I
)
_PHONE = re.compile(r"\+?\d[\d .-]{7,}\d")
_REASON = re.compile(r"\b(voudrais|veux|besoin|appelle pour|would like|want|need|calling about)\b", re.I)
_CALLER = "Caller:"


def is_extraction_prompt(prompt: str) -> bool:
    return MARKER in prompt


def _recognised(name: str, lines: list[str]) -> str | None:
    """A value read for real from the text, when the field's name says what it holds."""
    text = " ".join(lines)
    if "name" in name or "nom" in name:
        found = _NAME.search(text)
        return found.group(1) if found else None
    if any(word in name for word in ("phone", "number", "telephone", "numero")):
        phone = _PHONE.search(text)
        return re.sub(r"[ .-]", "", phone.group(0)) if phone else None
    if "reason" in name or "motif" in name:
        return next((line for line in lines if _REASON.search(line)), None)
    return None


def compose_extraction(prompt: str) -> str:
    """The JSON object a simulated model extracts: strings recognised or taken from the text's
    sentences, numbers counted, booleans true."""
    head, _, rest = prompt.partition(MARKER)
    shape_text, _, text = rest.partition("\n")
    try:
        shape = json.loads(shape_text)
    except ValueError:
        shape = {}
    said = [line.removeprefix(_CALLER).strip() for line in text.splitlines() if line.startswith(_CALLER)]
    sentences = [s.strip() for s in _SENTENCE.findall(text) if s.strip()] or [head.strip() or "…"]
    found: dict[str, object] = {}
    for index, (name, kind) in enumerate(shape.items() if isinstance(shape, dict) else []):
        kind = str(kind)
        if kind.startswith("<number>"):
            found[name] = len(text.split())
        elif kind.startswith("<boolean>"):
            found[name] = True
        elif kind.startswith("<list>"):
            found[name] = sentences[:3]
        elif said:  # a call's transcript: only what the caller said, and null for what they did not
            found[name] = _recognised(name, said)
        else:
            found[name] = _recognised(name, sentences) or sentences[index % len(sentences)][:200]
    return json.dumps(found, ensure_ascii=False)
