"""A panel of models answering one question, judged by the chat's cross-verification: what the
workflows' Multi-model node and the agents' `multi_model_chat` tool share.

`judged` picks the judge (the wanted one when the plan allows it, else `service.choose_judge`), asks
for the verdict and prices it; `answer_all` asks several models the same question in parallel, each
call recorded in the user's usage; `panel_models` picks the models a user may put on a panel."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

from webox.errors import WeboxError
from webox.providers.schemas import Usage
from webox.verification.schemas import Verdict

MIN_MODELS = 2
MAX_MODELS = 4


@dataclass(frozen=True)
class Judged:
    """A verdict with the best answer it gives and what judging cost (micro-USD, tokens)."""

    verdict: Verdict
    best: str
    cost_micro_usd: int
    tokens_in: int
    tokens_out: int


def _micro_usd(model: str, usage: Usage) -> int:
    from webox.providers import registry

    return round(registry.cost(model, usage) * 1_000_000)


def judge_allowed(user_id: str, model: str) -> bool:
    """Whether `model` may judge for this user now (its key source, and the plan for the platform's)."""
    from webox.billing import quota
    from webox.providers import service as providers

    try:
        return quota.judge_allowed(user_id, model, providers.key_source(model, user_id))
    except WeboxError:
        return False


async def judged(
    user_id: str, question: str, answers: dict[str, str], *, request_id: str, judge: str | None = None
) -> Judged:
    """The cross-verification of `answers` (model → text): the fused answer (or the longest when the
    judge gave none) and the judge's cost."""
    from webox.verification import service as verification

    chosen = judge if judge and judge_allowed(user_id, judge) else None
    if chosen is None:
        picked = verification.choose_judge(user_id, list(answers))
        chosen = picked[0] if picked else None
    spent: list[Usage] = []
    verdict = await verification.cross_verify(
        user_id, question, answers, request_id=request_id, judge=chosen, spent=spent
    )
    best = verdict.fused_answer or max(answers.values(), key=len)
    return Judged(
        verdict=verdict,
        best=best,
        cost_micro_usd=sum(_micro_usd(verdict.judge_model, u) for u in spent),
        tokens_in=sum(u.input_tokens for u in spent),
        tokens_out=sum(u.output_tokens for u in spent),
    )


def panel_models(user_id: str, wanted: list[str] | None = None, count: int = MIN_MODELS + 1) -> list[str]:
    """Up to `count` (2–4) models the user may ask now, from `wanted` first, one per vendor when
    possible; fewer than two means no panel can be formed."""
    from webox.billing import quota
    from webox.providers import service as providers

    usable = [
        m
        for m in quota.mark_in_plan(user_id, providers.available_models(user_id))
        if m.available and m.in_plan
    ]
    by_id = {m.id: m for m in usable}
    count = max(MIN_MODELS, min(MAX_MODELS, count))
    chosen = [m for m in dict.fromkeys(wanted or []) if m in by_id][:count]
    vendors = {by_id[m].vendor for m in chosen}
    for model in usable:
        if len(chosen) >= count:
            break
        if model.id not in chosen and model.vendor not in vendors:
            chosen.append(model.id)
            vendors.add(model.vendor)
    return chosen


async def answer_all(
    user_id: str, models: list[str], question: str, *, feature: str, request_id: str, max_tokens: int
) -> dict[str, tuple[str, Usage] | WeboxError]:
    """Each model's whole answer to `question`, asked in parallel, each recorded in usage; a model
    that fails gives its error instead of failing the others."""
    from webox.providers import registry
    from webox.providers import service as providers
    from webox.providers.schemas import ChatMessage, GenerationParams
    from webox.usage import service as usage_service

    messages = [ChatMessage(role="user", content=question)]
    params = GenerationParams(max_tokens=max_tokens)

    async def one(model: str) -> tuple[str, Usage] | WeboxError:
        try:
            source = providers.key_source(model, user_id)
            answer = await providers.complete(model, messages, params, user_id=user_id)
        except WeboxError as exc:
            return exc
        usage_service.record_safely(
            usage_service.Usage(
                user_id=user_id,
                feature=feature,
                model=model,
                vendor=registry.get_model(model).vendor,
                request_id=f"{request_id}:{model}",
                status="done",
                input_tokens=answer.usage.input_tokens,
                output_tokens=answer.usage.output_tokens,
                cost=registry.cost(model, answer.usage),
                simulated=source == "simulated",
                billed=source == "platform",
            )
        )
        return answer.text, answer.usage

    results: list[Any] = await asyncio.gather(*(one(model) for model in models))
    return dict(zip(models, results, strict=True))


def cost_of(model: str, usage: Usage) -> int:
    """A call's cost at the registry's prices, in micro-USD."""
    return _micro_usd(model, usage)
