"""Cross-verification: a judge model — another vendor's when possible — reads every answer of a
turn and returns how much they agree, what they share, where they contradict each other, and one
fused best answer."""

from __future__ import annotations

import json
import re
from typing import Any

from pydantic import ValidationError

from webox.billing import quota
from webox.errors import WeboxError
from webox.providers import registry
from webox.providers import service as providers
from webox.providers.schemas import ChatMessage, GenerationParams, Usage
from webox.usage import service as usage_service
from webox.verification.schemas import ErrorOut, Verdict

# Strong generalist models first; the first available one from a vendor that did not answer wins.
JUDGES = (
    "claude-sonnet-4-6",
    "gpt-4o",
    "gemini-2.5-pro",
    "mistral-large-latest",
    "gpt-4o-mini",
    "gemini-2.5-flash",
    "claude-haiku-4-5",
    "mistral-small-latest",
)

INSTRUCTIONS = """You are a meticulous fact-checker. Several AI models answered the same question.
Compare their answers and reply with ONE JSON object and nothing else, of this form:
{"agreement": <integer 0-100: how much the answers agree on substance>,
 "shared_points": [<short statements every answer supports>],
 "contradictions": [{"topic": <what they disagree on>, "claims": {<model id>: <what that model claims>}}],
 "fused_answer": <the best answer, combining what is right in each, in Markdown>}
Judge substance, not style. Write every text in the language of the question."""

_MAX_ANSWER_CHARS = 12_000


def choose_judge(
    user_id: str,
    answering: list[str],
    *,
    own: frozenset[str] | None = None,
    known: quota.Standing | None = None,
) -> tuple[str, str] | None:
    """The preferred available judge with its key source, from a vendor none of the answering models
    belongs to if possible. Only a judge the user's plan allows (or one the user's own key or a
    local simulator answers) is chosen: the judge is spent like any other model. `own` and `known`:
    the user's own vendors and standing, when the caller read them already."""
    sources = {m.id: str(m.key_source) for m in providers.available_models(user_id, own=own) if m.available}
    available = quota.judges_allowed(user_id, sources, known)
    vendors = {registry.get_model(m).vendor for m in answering}
    preferred = [m for m in JUDGES if m in available] + [m for m in available if m not in JUDGES]
    outside = [m for m in preferred if registry.get_model(m).vendor not in vendors]
    candidates = outside or preferred
    return (candidates[0], sources[candidates[0]]) if candidates else None


def judge_prompt(question: str, answers: dict[str, str]) -> str:
    """The user message the judge reads: the question, then each answer tagged with its model."""
    blocks = "\n".join(
        f'<answer model="{model}">\n{text[:_MAX_ANSWER_CHARS]}\n</answer>' for model, text in answers.items()
    )
    return f"<question>\n{question}\n</question>\n{blocks}"


def parse_verdict(raw: str, judge: str, models: list[str], simulated: bool) -> Verdict:
    """Read the judge's JSON (tolerating code fences and prose around it); keep only known models."""
    match = re.search(r"\{.*\}", raw, re.S)
    if match is None:
        raise ValueError("no JSON object in the judge's answer")
    data: dict[str, Any] = json.loads(match.group(0))
    data["agreement"] = max(0, min(100, round(float(data.get("agreement", 0)))))
    data["contradictions"] = [
        {
            "topic": str(c.get("topic", ""))[:300],
            "claims": {m: str(v) for m, v in (c.get("claims") or {}).items() if m in models},
        }
        for c in data.get("contradictions") or []
        if isinstance(c, dict)
    ]
    data["shared_points"] = [str(p) for p in data.get("shared_points") or []][:20]
    return Verdict(
        judge_model=judge,
        simulated=simulated,
        **{k: data[k] for k in ("agreement", "shared_points", "contradictions", "fused_answer") if k in data},
    )


async def cross_verify(
    user_id: str,
    question: str,
    answers: dict[str, str],
    *,
    request_id: str,
    judge: str | None = None,
    spent: list[Usage] | None = None,
) -> Verdict:
    """Ask `judge` (chosen, and counted against the plan, when the turn was checked) for a verdict
    on `answers` (model → text); failures become a verdict error. Without a judge (none could be
    had within the plan) the verdict says so: a judge is never chosen here, unchecked. The judge's
    usage is appended to `spent` when given (a caller that prices its own steps)."""
    models = list(answers)
    if judge is None:
        return Verdict(
            judge_model="", agreement=0, error=ErrorOut(code="no_judge", message="No judge model available")
        )
    source = providers.key_source(judge, user_id)
    simulated = source == "simulated"
    messages = [ChatMessage(role="user", content=judge_prompt(question, answers))]
    params = GenerationParams(temperature=0, max_tokens=quota.JUDGE_OUTPUT_TOKENS, system=INSTRUCTIONS)
    try:
        answer = await providers.complete(judge, messages, params, user_id=user_id)
    except WeboxError as error:
        return Verdict(
            judge_model=judge,
            agreement=0,
            simulated=simulated,
            error=ErrorOut(code=error.code, message=error.message),
        )
    info, usage = registry.get_model(judge), answer.usage
    if spent is not None:
        spent.append(usage)
    usage_service.record_safely(
        usage_service.Usage(
            user_id=user_id,
            feature="verification",
            model=judge,
            vendor=info.vendor,
            request_id=request_id,
            status="done",
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cost=registry.cost(info, usage),
            simulated=simulated,
            billed=source == "platform",
        )
    )
    try:
        return parse_verdict(answer.text, judge, models, simulated)
    except (ValueError, ValidationError, TypeError):
        return Verdict(
            judge_model=judge,
            agreement=0,
            simulated=simulated,
            error=ErrorOut(
                code="verdict_unreadable", message="The judge did not answer in the expected form"
            ),
        )
