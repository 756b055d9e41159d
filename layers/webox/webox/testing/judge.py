"""How a simulated model answers a cross-verification prompt: a real comparison of the answers, as
JSON. The facts they state (`Topic : value`, numbered or in a table row) are compared topic by
topic: a topic every answer gives the same value is shared, one they give different values is a
contradiction naming which model claims what; agreement is the share of topics agreed on (lexical
overlap when the answers state no such facts)."""

from __future__ import annotations

import json
import re
from itertools import combinations

_ANSWER = re.compile(r'<answer model="([^"]+)">\n?(.*?)\n?</answer>', re.S)
_QUESTION = re.compile(r"<question>\n?(.*?)\n?</question>", re.S)
_POINT = re.compile(r"^\s*\d+\.\s+(.*)$", re.M)
_WORD = re.compile(r"[\w']{4,}")
_FACT = re.compile(r"^\s*\d+\.\s+([^:\n]{2,60}?)\s*:\s*(.+)$", re.M)
_SEPARATOR = re.compile(r"^\|[\s|:-]+\|\s*$")  # under a table's header row
_ROW = re.compile(r"^\|\s*([^|\n]{2,60}?)\s*\|\s*([^|\n]+?)\s*\|\s*$", re.M)


def is_judge_prompt(prompt: str) -> bool:
    return '<answer model="' in prompt and "<question>" in prompt


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _facts(text: str) -> dict[str, str]:
    """`{topic: value}` of the facts an answer states (`1. Topic : value.` or `| Topic | value |`)."""
    lines = text.splitlines()
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        following = lines[index + 1] if index + 1 < len(lines) else ""
        if (fact := _FACT.match(line)) is not None:
            found[fact.group(1).strip()] = fact.group(2).strip().rstrip(".")
        elif (row := _ROW.match(line)) is not None and not _SEPARATOR.match(following):
            found[row.group(1).strip()] = row.group(2).strip()
    return {topic: value for topic, value in found.items() if not set(value) <= {"-", " "}}


def _compare(answers: dict[str, str]) -> tuple[list[str], list[dict[str, object]], int | None]:
    """Shared facts, contradictions and agreement (None: no fact in common to compare)."""
    stated = {model: _facts(text) for model, text in answers.items()}
    topics = [t for t in dict.fromkeys(t for facts in stated.values() for t in facts)]
    shared: list[str] = []
    contradictions: list[dict[str, object]] = []
    compared = 0
    for topic in topics:
        claims = {model: facts[topic] for model, facts in stated.items() if topic in facts}
        if len(claims) < 2:
            continue
        compared += 1
        if len(set(claims.values())) == 1:
            shared.append(f"{topic} : {next(iter(claims.values()))}")
        else:
            contradictions.append({"topic": topic, "claims": claims})
    return shared, contradictions, (round(100 * len(shared) / compared) if compared else None)


def compose_verdict(prompt: str, judge_model: str) -> str:
    """The JSON verdict a simulated judge returns for a judge prompt."""
    answers = {model: text for model, text in _ANSWER.findall(prompt)}
    found = _QUESTION.search(prompt)
    question = found.group(1) if found else ""
    shared, contradictions, agreement = _compare(answers)
    if agreement is None:
        pairs = list(combinations(answers.values(), 2))
        similarity = [len(_words(a) & _words(b)) / max(1, len(_words(a) | _words(b))) for a, b in pairs]
        agreement = round(100 * sum(similarity) / len(similarity)) if similarity else 100
    points = {model: [p.strip().rstrip(".") for p in _POINT.findall(text)] for model, text in answers.items()}
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
