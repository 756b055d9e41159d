"""How a simulated model answers a structured-extraction prompt (a phone call's form fields): it
reads the caller's lines for real — a name they gave, a phone number, the sentence saying why they
call — and answers the JSON object the prompt's schema asks for."""

from __future__ import annotations

import json
import re

MARK = "<voice-extraction>"
_CALL = re.compile(r"<call>\n?(.*?)\n?</call>", re.S)
_SCHEMA = re.compile(r"^Schema: (\{.*\})$", re.M)
_NAME = re.compile(
    r"(?:je m'appelle|je suis|my name is|this is|c'est)\s+([A-ZÀ-Ý][\w'-]+(?:\s+[A-ZÀ-Ý][\w'-]+)?)", re.I
)
_PHONE = re.compile(r"\+?\d[\d .-]{7,}\d")
_REASON = re.compile(r"\b(voudrais|veux|besoin|appelle pour|would like|want|need|calling about)\b", re.I)


def is_extraction_prompt(prompt: str) -> bool:
    return prompt.startswith(MARK)


def compose_extraction(prompt: str) -> str:
    found = _CALL.search(prompt)
    lines = [
        line.split(":", 1)[1].strip()
        for line in (found.group(1) if found else "").splitlines()
        if line.startswith("Caller:")
    ]
    schema = _SCHEMA.search(prompt)
    keys = list(json.loads(schema.group(1))) if schema else []
    text = " ".join(lines)
    name = _NAME.search(text)
    phone = _PHONE.search(text)
    reason = next((line for line in lines if _REASON.search(line)), None)
    values = {
        "name": name.group(1) if name else None,
        "callback_number": re.sub(r"[ .-]", "", phone.group(0)) if phone else None,
        "reason": reason,
    }
    return json.dumps({key: values.get(key) for key in keys}, ensure_ascii=False)
