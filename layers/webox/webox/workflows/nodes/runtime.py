"""What the workflow step kinds share: filling a template from the run's values and earlier nodes'
outputs, and one streamed model call priced by the registry."""

from __future__ import annotations

import json
from typing import Any

from webox.placeholders import PLACEHOLDER
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult

MAX_PROMPT_CHARS = 60_000


def text_of(output: Any) -> str:
    """A node's output as text (its `text`, or its JSON)."""
    if isinstance(output, dict) and isinstance(output.get("text"), str):
        return str(output["text"])
    if output is None:
        return ""
    return output if isinstance(output, str) else json.dumps(output, ensure_ascii=False)


def render(template: str, ctx: StepContext) -> str:
    """`template` with each `{{name}}` replaced, in one literal pass, by the run's value of that
    variable or the output of that earlier node (a value is never interpreted)."""
    values: dict[str, str] = ctx.input.get("values") or {}

    def fill(match: Any) -> str:
        name = match.group(1)
        if name in values:
            return str(values[name])
        if f"{name}-all" in ctx.upstream:  # a For-each node's collected iterations
            return text_of(ctx.upstream[f"{name}-all"])
        if name in ctx.upstream:
            return text_of(ctx.upstream[name])
        return str(match.group(0))

    text = PLACEHOLDER.sub(fill, template)
    if len(text) > MAX_PROMPT_CHARS:
        raise StepFailed(
            "workflows.prompt_too_long", f"The prompt is {len(text)} characters, over {MAX_PROMPT_CHARS}"
        )
    return text


def micro_usd(model: str, input_tokens: int, output_tokens: int) -> int:
    """A call's cost at the registry's prices, in micro-USD."""
    from webox.providers import registry
    from webox.providers.schemas import Usage

    usage = Usage(input_tokens=input_tokens, output_tokens=output_tokens)
    return round(registry.cost(model, usage) * 1_000_000)


def call_model(
    ctx: StepContext,
    model: str,
    prompt: str,
    *,
    system: str | None = None,
    temperature: float | None = None,
    max_tokens: int | None = None,
    stream: bool = True,
) -> tuple[str, StepResult]:
    """One model call through `webox.providers.service` (deltas streamed to the run's viewers when
    `stream`), recorded in the user's usage; a provider's refusal fails the step with its code."""
    from webox import aio
    from webox.errors import WeboxError
    from webox.providers import registry
    from webox.providers import service as providers
    from webox.providers.schemas import ChatMessage, Completed, GenerationParams, TextDelta
    from webox.usage import service as usage_service

    params = GenerationParams(system=system, temperature=temperature, max_tokens=max_tokens)
    messages = [ChatMessage(role="user", content=prompt)]

    async def run() -> tuple[str, Any]:
        parts: list[str] = []
        usage = None
        async for event in providers.stream(model, messages, params, user_id=ctx.user_id):
            if isinstance(event, TextDelta):
                parts.append(event.text)
                if stream:
                    ctx.delta(event.text)
            elif isinstance(event, Completed):
                usage = event.usage
        return "".join(parts), usage

    try:
        source = providers.key_source(model, ctx.user_id)
        text, usage = aio.run(run())
    except WeboxError as exc:
        raise StepFailed(exc.code, exc.message) from exc
    tokens_in = usage.input_tokens if usage else 0
    tokens_out = usage.output_tokens if usage else 0
    info = registry.get_model(model)
    cost = micro_usd(model, tokens_in, tokens_out)
    usage_service.record_safely(
        usage_service.Usage(
            user_id=ctx.user_id,
            feature="workflows",
            model=model,
            vendor=info.vendor,
            request_id=f"{ctx.task_id}:{ctx.step_id}",
            status="done",
            input_tokens=tokens_in,
            output_tokens=tokens_out,
            cost=cost / 1_000_000,
            simulated=source == "simulated",
            billed=source == "platform",
        )
    )
    return text, StepResult(cost_micro_usd=cost, tokens_in=tokens_in, tokens_out=tokens_out)
