"""How a simulated model answers an extraction prompt (a workflow's Extract node): the JSON object of
the requested form, each field filled from the text with a value of its type."""

from __future__ import annotations

import json
import re

MARKER = "reply with ONE JSON object and nothing else, of this form: "
_SENTENCE = re.compile(r"[^.!?\n]+[.!?]?")


def is_extraction_prompt(prompt: str) -> bool:
    return MARKER in prompt


def compose_extraction(prompt: str) -> str:
    """The JSON object a simulated model extracts: strings and lists taken from the text's sentences,
    numbers counted, booleans true."""
    head, _, rest = prompt.partition(MARKER)
    shape_text, _, text = rest.partition("\n")
    try:
        shape = json.loads(shape_text)
    except ValueError:
        shape = {}
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
        else:
            found[name] = sentences[index % len(sentences)][:200]
    return json.dumps(found, ensure_ascii=False)
