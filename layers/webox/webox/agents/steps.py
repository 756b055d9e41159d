"""Task-engine step kinds of agents (workflows may place `agent.run` in their plans).

- `agent.run` — input `{agent: {agent_id, name, model, instructions, tools, knowledge_base_ids,
  output_format, definition_of_done}, task, goal?}`: the agent's tools run first (see
  `webox.agents.tools` for the rule), then one streamed model call (`task.delta` frames); output
  `{agent_id, agent_name, model, text, tool_calls, citations}`. Its model counts against the task's
  budget and the plan's quota before it starts.
- `agent.synthesis` — input `{goal, lead: <agent>, members: {step_id: agent name}}`, after the
  members' steps: the lead agent's model writes the final answer from the members' answers; the
  output also lists `contributions` (which agent's step gave what) and every citation.
- `agent.email` — input `{to, subject}`, after the synthesis, with `needs_approval`: sends the
  synthesis by e-mail (SES) once approved; the send is done exactly once (`ctx.once`).

Each agent step adds to its agent's metrics (once per step run, through `ctx.once`).
"""

from __future__ import annotations

import time
from typing import Any

from webox import aio
from webox.agents import metrics, tools
from webox.providers import registry
from webox.providers import service as providers_service
from webox.providers.errors import ProviderError
from webox.providers.schemas import ChatMessage, Completed, GenerationParams, TextDelta, Usage
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult, register

DELTA_FLUSH_S = 0.1
MAX_UPSTREAM_CHARS = 6000


def _agent(ctx: StepContext, key: str = "agent") -> dict[str, Any]:
    agent = ctx.input.get(key)
    if not isinstance(agent, dict) or not isinstance(agent.get("model"), str) or not agent.get("agent_id"):
        raise StepFailed("agents.invalid_input", f"{key} must describe an agent (agent_id, model…)")
    return agent


def _system(agent: dict[str, Any]) -> str:
    parts = [str(agent.get("instructions") or "")]
    if agent.get("output_format"):
        parts.append(f"Format attendu : {agent['output_format']}")
    if agent.get("definition_of_done"):
        parts.append(f"Terminé quand : {agent['definition_of_done']}")
    return "\n\n".join(parts)


async def _call(ctx: StepContext, model: str, system: str, prompt: str) -> tuple[str, Usage]:
    text: list[str] = []
    pending: list[str] = []
    usage = Usage()
    last = time.monotonic()
    params = GenerationParams(system=system[:20_000], max_tokens=1200)
    async for event in providers_service.stream(
        model, [ChatMessage(role="user", content=prompt)], params, user_id=ctx.user_id
    ):
        if isinstance(event, TextDelta):
            text.append(event.text)
            pending.append(event.text)
            if time.monotonic() - last >= DELTA_FLUSH_S:
                ctx.delta("".join(pending))
                pending, last = [], time.monotonic()
        elif isinstance(event, Completed):
            usage = event.usage
    if pending:
        ctx.delta("".join(pending))
    return "".join(text), usage


def _model_call(ctx: StepContext, agent: dict[str, Any], prompt: str) -> tuple[str, Usage, int]:
    try:
        text, usage = aio.run(_call(ctx, agent["model"], _system(agent), prompt))
    except ProviderError as exc:
        raise StepFailed(f"agents.{exc.code}", str(exc)[:300]) from exc
    return text, usage, round(registry.cost(agent["model"], usage) * 1_000_000)


def _count(ctx: StepContext, agent_id: str, **values: Any) -> None:
    # One key per outcome: a failed step the owner retries still counts its success.
    call = "metrics" if values["succeeded"] else "metrics-failed"
    ctx.once(call, lambda: metrics.record(ctx.user_id, agent_id, **values))


def _upstream_text(ctx: StepContext) -> str:
    parts = []
    for step_id, output in ctx.upstream.items():
        if isinstance(output, dict) and output.get("text"):
            parts.append(
                f"— {output.get('agent_name', step_id)} :\n{str(output['text'])[:MAX_UPSTREAM_CHARS]}"
            )
    return "\n\n".join(parts)


def run_agent(ctx: StepContext) -> StepResult:
    """One agent on one task: its tools, then one model call."""
    agent = _agent(ctx)
    task = ctx.input.get("task")
    if not isinstance(task, str) or not task.strip():
        raise StepFailed("agents.invalid_input", "task is required")
    started = time.monotonic()
    calls, citations = tools.run_tools(ctx.user_id, agent, task)
    tool_errors = sum(1 for call in calls if "error" in call)
    prompt_parts = [f"Objectif : {ctx.input['goal']}" if ctx.input.get("goal") else "", f"Tâche : {task}"]
    if upstream := _upstream_text(ctx):
        prompt_parts.append(f"Travail des étapes précédentes :\n{upstream}")
    if context := tools.prompt_context(calls, citations):
        prompt_parts.append(context)
    try:
        text, usage, cost = _model_call(ctx, agent, "\n\n".join(p for p in prompt_parts if p))
    except StepFailed:
        _count(
            ctx,
            agent["agent_id"],
            succeeded=False,
            steps=1 + len(calls),
            cost_micro_usd=0,
            duration_ms=round((time.monotonic() - started) * 1000),
            tool_calls=len(calls),
            tool_errors=tool_errors,
        )
        raise
    _count(
        ctx,
        agent["agent_id"],
        succeeded=True,
        steps=1 + len(calls),
        cost_micro_usd=cost,
        duration_ms=round((time.monotonic() - started) * 1000),
        tool_calls=len(calls),
        tool_errors=tool_errors,
    )
    output = {
        "agent_id": agent["agent_id"],
        "agent_name": agent.get("name", agent["agent_id"]),
        "model": agent["model"],
        "text": text,
        "tool_calls": calls,
        "citations": citations,
    }
    return StepResult(
        output=output, cost_micro_usd=cost, tokens_in=usage.input_tokens, tokens_out=usage.output_tokens
    )


def synthesis(ctx: StepContext) -> StepResult:
    """The final answer, written by the lead agent from the members' answers, citing who gave what."""
    lead = _agent(ctx, "lead")
    members = ctx.input.get("members")
    if not isinstance(members, dict) or not members:
        raise StepFailed("agents.invalid_input", "members is required")
    contributions = []
    citations: list[dict[str, Any]] = []
    for step_id, name in members.items():
        output = ctx.upstream.get(step_id)
        if not isinstance(output, dict):
            continue
        contributions.append(
            {
                "step_id": step_id,
                "agent_id": output.get("agent_id"),
                "agent_name": name,
                "excerpt": str(output.get("text", ""))[:280],
            }
        )
        citations.extend({**c, "step_id": step_id} for c in output.get("citations") or [])
    if not contributions:
        raise StepFailed("agents.no_contributions", "No member step produced an answer")
    started = time.monotonic()
    prompt = (
        f"Objectif : {ctx.input.get('goal', '')}\n\n"
        "Rédige la réponse finale à partir des contributions suivantes, en citant entre crochets "
        "l'agent d'où vient chaque élément.\n\n" + _upstream_text(ctx)
    )
    text, usage, cost = _model_call(ctx, lead, prompt)
    credits = "\n".join(f"[{c['agent_name']}] {c['excerpt']}" for c in contributions)
    final = f"{text}\n\nContributions :\n{credits}"
    _count(
        ctx,
        lead["agent_id"],
        succeeded=True,
        steps=1,
        cost_micro_usd=cost,
        duration_ms=round((time.monotonic() - started) * 1000),
        tool_calls=0,
        tool_errors=0,
    )
    output = {
        "agent_id": lead["agent_id"],
        "agent_name": lead.get("name", lead["agent_id"]),
        "model": lead["model"],
        "text": final,
        "contributions": contributions,
        "citations": citations,
    }
    return StepResult(
        output=output, cost_micro_usd=cost, tokens_in=usage.input_tokens, tokens_out=usage.output_tokens
    )


def send_email(ctx: StepContext) -> StepResult:
    """The synthesis by e-mail, once this step is approved (sent exactly once)."""
    from webox import mail

    to, subject = ctx.input.get("to"), ctx.input.get("subject")
    if not isinstance(to, str) or "@" not in to or not isinstance(subject, str):
        raise StepFailed("agents.invalid_input", "to and subject are required")
    body = next(
        (str(o["text"]) for o in ctx.upstream.values() if isinstance(o, dict) and o.get("text")), None
    )
    if body is None:
        raise StepFailed("agents.nothing_to_send", "No answer to send")
    message_id = ctx.once("send", lambda: mail.send(to, subject[:200], body))
    return StepResult(output={"tool": "send_email", "to": to, "subject": subject, "message_id": message_id})


register(
    "agent.run", run_agent, models=lambda step_input: [str((step_input.get("agent") or {}).get("model", ""))]
)
register(
    "agent.synthesis",
    synthesis,
    models=lambda step_input: [str((step_input.get("lead") or {}).get("model", ""))],
)
register("agent.email", send_email)
