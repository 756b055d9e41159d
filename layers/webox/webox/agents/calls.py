"""One whole model call of an agent (the supervisor's plan, a question to another agent): its system
prompt from the agent's definition, the call priced and recorded in the user's usage."""

from __future__ import annotations

from typing import Any

from webox.providers.schemas import ChatMessage, GenerationParams


def system_prompt(agent: dict[str, Any]) -> str:
    """An agent's system prompt: its instructions, output format and definition of done."""
    parts = [str(agent.get("instructions") or "")]
    if agent.get("output_format"):
        parts.append(f"Format attendu : {agent['output_format']}")
    if agent.get("definition_of_done"):
        parts.append(f"Terminé quand : {agent['definition_of_done']}")
    return "\n\n".join(parts)[:20_000]


def complete(
    user_id: str, model: str, messages: list[ChatMessage], params: GenerationParams, *, request_id: str
) -> tuple[Any, int]:
    """One whole (non-streamed) model call recorded in usage (feature `agents`): the answer, its cost."""
    from webox import aio
    from webox.providers import registry
    from webox.providers import service as providers
    from webox.usage import service as usage_service

    source = providers.key_source(model, user_id)
    answer = aio.run(providers.complete(model, messages, params, user_id=user_id))
    cost = round(registry.cost(model, answer.usage) * 1_000_000)
    usage_service.record_safely(
        usage_service.Usage(
            user_id=user_id,
            feature="agents",
            model=model,
            vendor=registry.get_model(model).vendor,
            request_id=request_id,
            status="done",
            input_tokens=answer.usage.input_tokens,
            output_tokens=answer.usage.output_tokens,
            cost=cost / 1_000_000,
            simulated=source == "simulated",
            billed=source == "platform",
        )
    )
    return answer, cost
