"""How a simulated model answers a cross-verification prompt: a real comparison of the answers
(shared numbered points, points only some answers make, lexical agreement), as JSON."""

from __future__ import annotations

import json
import re
from itertools import combinations

_ANSWER = re.compile(r'<answer model="([^"]+)">\n?(.*?)\n?</answer>', re.S)
_QUESTION = re.compile(r"<question>\n?(.*?)\n?</question>", re.S)
_POINT = re.compile(r"^\s*\d+\.\s+(.*)$", re.M)
_WORD = re.compile(r"[\w']{4,}")


def is_judge_prompt(prompt: str) -> bool:
    return '<answer model="' in prompt and "<question>" in prompt


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def compose_verdict(prompt: str, judge_model: str) -> str:
    """The JSON verdict a simulated judge returns for a judge prompt."""
    answers = {model: text for model, text in _ANSWER.findall(prompt)}
    found = _QUESTION.search(prompt)
    question = found.group(1) if found else ""
    pairs = list(combinations(answers.values(), 2))
    similarity = [len(_words(a) & _words(b)) / max(1, len(_words(a) | _words(b))) for a, b in pairs]
    agreement = round(100 * sum(similarity) / len(similarity)) if similarity else 100
    points = {model: [p.strip().rstrip(".") for p in _POINT.findall(text)] for model, text in answers.items()}
    everyone = set.intersection(*(set(p) for p in points.values())) if points else set()
    shared = sorted(everyone)
    contradictions = []
    for model, own in points.items():
        unique = [p for p in own if p not in everyone]
        if unique:
            contradictions.append({"topic": unique[0][:120], "claims": {model: unique[0]}})
    best = max(
        answers, key=lambda m: sum(len(_words(answers[m]) & _words(o)) for o in answers.values()), default=""
    )
    french = any(c in question for c in "éèàùç") or bool(
        re.search(r"\b(le|la|les|des|est|pour|comment)\b", question, re.I)
    )
    lead = "Synthèse simulée" if french else "Simulated synthesis"
    fused = f"*[{lead} · {judge_model}]*\n\n" + "\n".join(f"- {p}." for p in shared or points.get(best, []))
    return json.dumps(
        {
            "agreement": agreement,
            "shared_points": shared,
            "contradictions": contradictions[:6],
            "fused_answer": fused,
        },
        ensure_ascii=False,
    )
