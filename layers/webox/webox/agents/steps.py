"""Task-engine step kinds of agents (workflows may place `agent.run` in their plans).

- `agent.run` — input `{agent: {agent_id, name, model, instructions, tools, knowledge_base_ids,
  mcp_servers, output_format, definition_of_done}, task, goal?}`: a loop of streamed model calls
  (`task.delta` frames) with the agent's tools offered natively (`webox.agents.tools`): each tool the
  model calls runs, its result goes back to the model, until it answers, at most `MAX_TOOL_ROUNDS`
  rounds of tools (then the step fails with `agents.too_many_tool_rounds`). Output `{agent_id,
  agent_name, model, text, tool_calls: [{id, tool, input, result | error}], citations}`. Its model
  counts against the task's budget and the plan's quota before it starts. When the model calls a
  tool that needs approval (`model_tools.NEEDS_APPROVAL`), the step ends paused (`{paused,
  waiting_for, continued_in, state}`) and adds one `agent.tool` step per such call and a
  continuation `agent.run` step (input `resume`: the paused step) that goes on from the same round
  with each call's result or refusal (`webox.agents.approvals`); `final_output` follows the chain.
- `agent.synthesis` — input `{goal, lead: <agent>, members: {step_id: agent name}}`, after the
  members' steps: the lead agent's model writes the final answer from the members' answers; the
  output also lists `contributions` (which agent's step gave what) and every citation.
- `agent.email` — input `{to, subject}`, after the synthesis, with `needs_approval`: sends the
  synthesis by e-mail (SES) once approved; the send is done exactly once (`ctx.once`).

Every model call and every tool call goes through `ctx.once` (keys `model-<n>`, `tool-<call id>`): a
replayed step gets the recorded answers and results, so no tool runs twice and no call is paid twice.
Each model call is priced and recorded in the user's usage. Each agent step adds to its agent's
metrics (once per step run); a step that pauses hands its tally to its continuation, so a chain of
pauses counts as one run with all its costs and tool calls (`_Tally`). The run's step limit counts
plan steps: a pause resumes the same step, and its model rounds stay within `MAX_TOOL_ROUNDS`.
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Any

from webox import aio
from webox.agents import calls as agent_calls
from webox.agents import mcp_client, metrics, model_tools, tool_steps, tools
from webox.providers import registry
from webox.providers import service as providers_service
from webox.providers.errors import ProviderError
from webox.providers.schemas import (
    ChatMessage,
    Completed,
    GenerationParams,
    TextDelta,
    ToolCall,
    ToolSpec,
    Usage,
)
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import Expand, StepContext, StepResult, register
from webox.usage import service as usage_service

DELTA_FLUSH_S = 0.1
MAX_UPSTREAM_CHARS = 6000
MAX_TOOL_ROUNDS = 5
MAX_ANSWER_TOKENS = 1200


def _agent(ctx: StepContext, key: str = "agent") -> dict[str, Any]:
    agent = ctx.input.get(key)
    if not isinstance(agent, dict) or not isinstance(agent.get("model"), str) or not agent.get("agent_id"):
        raise StepFailed("agents.invalid_input", f"{key} must describe an agent (agent_id, model…)")
    return agent


async def _stream(
    ctx: StepContext, model: str, messages: list[ChatMessage], params: GenerationParams
) -> tuple[str, list[ToolCall], Usage]:
    text: list[str] = []
    pending: list[str] = []
    calls: list[ToolCall] = []
    usage = Usage()
    last = time.monotonic()
    async for event in providers_service.stream(model, messages, params, user_id=ctx.user_id):
        if isinstance(event, TextDelta):
            text.append(event.text)
            pending.append(event.text)
            if time.monotonic() - last >= DELTA_FLUSH_S:
                ctx.delta("".join(pending))
                pending, last = [], time.monotonic()
        elif isinstance(event, ToolCall):
            calls.append(event)
        elif isinstance(event, Completed):
            usage = event.usage
    if pending:
        ctx.delta("".join(pending))
    return "".join(text), calls, usage


def _model_round(
    ctx: StepContext, agent: dict[str, Any], messages: list[ChatMessage], specs: list[ToolSpec], n: int
) -> dict[str, Any]:
    """One model call (streamed), priced and recorded in usage: `{text, tool_calls, usage, cost}`."""
    model = agent["model"]
    params = GenerationParams(
        system=agent_calls.system_prompt(agent), max_tokens=MAX_ANSWER_TOKENS, tools=tuple(specs)
    )
    try:
        source = providers_service.key_source(model, ctx.user_id)
        text, calls, usage = aio.run(_stream(ctx, model, messages, params))
    except ProviderError as exc:
        raise StepFailed(f"agents.{exc.code}", str(exc)[:300]) from exc
    cost = round(registry.cost(model, usage) * 1_000_000)
    usage_service.record_safely(
        usage_service.Usage(
            user_id=ctx.user_id,
            feature="agents",
            model=model,
            vendor=registry.get_model(model).vendor,
            request_id=f"{ctx.task_id}:{ctx.step_id}:{n}",
            status="done",
            input_tokens=usage.input_tokens,
            output_tokens=usage.output_tokens,
            cost=cost / 1_000_000,
            simulated=source == "simulated",
            billed=source == "platform",
        )
    )
    return {
        "text": text,
        "tool_calls": [call.model_dump() for call in calls],
        "usage": [usage.input_tokens, usage.output_tokens],
        "cost": cost,
    }


class _Spent:
    """What a step's model calls consumed, summed."""

    def __init__(self) -> None:
        self.tokens_in = self.tokens_out = self.cost = 0

    def add(self, answer: dict[str, Any]) -> None:
        self.tokens_in += int(answer["usage"][0])
        self.tokens_out += int(answer["usage"][1])
        self.cost += int(answer["cost"])

    def add_tool(self, record: dict[str, Any]) -> None:
        """What the models a tool called (`ask_agent`, `multi_model_chat`) cost."""
        tokens = record.get("tokens") or [0, 0]
        self.tokens_in += int(tokens[0])
        self.tokens_out += int(tokens[1])
        self.cost += int(record.get("cost") or 0)


def _ask(
    ctx: StepContext,
    agent: dict[str, Any],
    messages: list[ChatMessage],
    specs: list[ToolSpec],
    n: int,
    spent: _Spent,
) -> dict[str, Any]:
    answer: dict[str, Any] = ctx.once(f"model-{n}", lambda: _model_round(ctx, agent, messages, specs, n))
    spent.add(answer)
    return answer


class _Tally:
    """What one agent step counts in its agent's metrics. A step that pauses for approvals counts
    nothing itself: it hands its tally to its continuation (in the paused state), so the whole
    chain counts once, as one run, with every model call's cost, every tool call and its active
    time (not the time it waited for the owner)."""

    def __init__(self, carried: dict[str, Any] | None = None) -> None:
        carried = carried or {}
        self.started = time.monotonic()
        self.cost = int(carried.get("cost", 0))
        self.tool_calls = int(carried.get("tool_calls", 0))
        self.tool_errors = int(carried.get("tool_errors", 0))
        self.duration_ms = int(carried.get("duration_ms", 0))

    def carry(self, spent: _Spent, mine: list[dict[str, Any]]) -> dict[str, int]:
        """The chain's tally so far: this step's model calls (`spent`) and tool calls (`mine`) added."""
        return {
            "cost": self.cost + spent.cost,
            "tool_calls": self.tool_calls + len(mine),
            # The owner refusing a call is a decision, not a tool error.
            "tool_errors": self.tool_errors
            + sum(1 for record in mine if "error" in record and record["error"] != "refused"),
            "duration_ms": self.duration_ms + round((time.monotonic() - self.started) * 1000),
        }

    def count(
        self, ctx: StepContext, agent_id: str, succeeded: bool, spent: _Spent, mine: list[dict[str, Any]]
    ) -> None:
        total = self.carry(spent, mine)
        # One key per outcome: a failed step the owner retries still counts its success.
        ctx.once(
            "metrics" if succeeded else "metrics-failed",
            lambda: metrics.record(
                ctx.user_id,
                agent_id,
                succeeded=succeeded,
                steps=1 + total["tool_calls"],  # the agent's step, and one per tool call
                cost_micro_usd=total["cost"],
                duration_ms=total["duration_ms"],
                tool_calls=total["tool_calls"],
                tool_errors=total["tool_errors"],
            ),
        )


def final_output(upstream: dict[str, Any], step_id: str) -> Any:
    """A step's answer: a paused agent step's is its last continuation's (`continued_in`)."""
    output = upstream.get(step_id)
    seen = {step_id}
    while isinstance(output, dict) and output.get("continued_in") and output["continued_in"] not in seen:
        seen.add(output["continued_in"])
        output = upstream.get(output["continued_in"])
    return output


def _upstream_text(ctx: StepContext) -> str:
    parts = []
    for step_id, output in ctx.upstream.items():
        if isinstance(output, dict) and output.get("text"):
            parts.append(
                f"— {output.get('agent_name', step_id)} :\n{str(output['text'])[:MAX_UPSTREAM_CHARS]}"
            )
    return "\n\n".join(parts)


def _prompt(ctx: StepContext, task: str) -> str:
    goal = str(ctx.input.get("goal") or "")
    # A single agent's task starts with the goal itself: said once.
    parts = [f"Objectif : {goal}" if goal and goal not in task else "", f"Tâche : {task}"]
    if upstream := _upstream_text(ctx):
        parts.append(f"Travail des étapes précédentes :\n{upstream}")
    return "\n\n".join(p for p in parts if p)


@dataclass
class _Paused:
    """A loop stopped on calls that wait for the owner's approval, and where it resumes."""

    calls: list[ToolCall]
    messages: list[ChatMessage]
    round: int


def _tool_message(record: dict[str, Any], call: ToolCall) -> ChatMessage:
    return ChatMessage(role="tool", content=record["content"], tool_call_id=call.id, name=call.name)


def _loop(
    ctx: StepContext,
    agent: dict[str, Any],
    box: tools.Toolbox,
    messages: list[ChatMessage],
    spent: _Spent,
    records: list[dict[str, Any]],
    start: int = 0,
) -> str | _Paused:
    """Model calls with the tools offered, each call run once and its result fed back, until an
    answer, or until calls that need the owner's approval (the step then pauses)."""
    offered = {spec.name for spec in box.specs}
    for n in range(start, MAX_TOOL_ROUNDS + 1):
        answer = _ask(ctx, agent, messages, box.specs, n, spent)
        calls = [ToolCall.model_validate(call) for call in answer["tool_calls"]]
        if not calls:
            return str(answer["text"])
        if n == MAX_TOOL_ROUNDS:
            break
        messages.append(ChatMessage(role="assistant", content=answer["text"], tool_calls=tuple(calls)))
        waiting = []
        for call in calls:
            if (
                call.name in model_tools.NEEDS_APPROVAL
                and call.name in offered
                and call.name not in box.remote
            ):
                waiting.append(call)
                continue
            record: dict[str, Any] = ctx.once(f"tool-{call.id}", functools.partial(box.run, call))
            box.keep_citations(record)
            spent.add_tool(record)
            records.append(record)
            messages.append(_tool_message(record, call))
        if waiting:
            return _Paused(waiting, messages, n + 1)
    raise StepFailed(
        "agents.too_many_tool_rounds", f"The model still called tools after {MAX_TOOL_ROUNDS} rounds"
    )


def _public(record: dict[str, Any]) -> dict[str, Any]:
    return {key: record[key] for key in ("id", "tool", "input", "result", "error") if key in record}


def _paused_state(ctx: StepContext) -> dict[str, Any]:
    paused = ctx.upstream.get(str(ctx.input["resume"]))
    state = paused.get("state") if isinstance(paused, dict) else None
    if not isinstance(state, dict):
        raise StepFailed("agents.invalid_input", "resume must name a paused agent step before this one")
    return state


def _resume(
    state: dict[str, Any], ctx: StepContext, box: tools.Toolbox, records: list[dict[str, Any]]
) -> tuple[list[ChatMessage], int]:
    """A continuation: the paused conversation, with each approved call's result or its refusal
    (these calls are the continuation's: `records` holds the earlier ones first)."""
    messages = [ChatMessage.model_validate(m) for m in state["messages"]]
    records.extend(state["records"])
    box.citations.extend(state["citations"])
    for pending in state["pending"]:
        call = ToolCall.model_validate(pending["call"])
        output = ctx.upstream.get(pending["step"])
        if isinstance(output, dict) and "content" in output:
            record = output
        else:  # refused by the owner (or no record at all): the call was not made
            record = {
                **_public({"id": call.id, "tool": call.name, "input": call.arguments}),
                "error": "refused",
                "content": "The owner refused this call: it was not made.",
            }
        records.append(record)
        messages.append(_tool_message(record, call))
    return messages, int(state["round"])


def _pause(
    ctx: StepContext,
    agent: dict[str, Any],
    paused: _Paused,
    box: tools.Toolbox,
    records: list[dict[str, Any]],
    spent: _Spent,
    tally: dict[str, int],
) -> Expand:
    """End this step paused: one `agent.tool` step per call to approve, then a continuation."""
    origin = str(ctx.input.get("origin") or ctx.step_id)[:32]
    k = int(ctx.input.get("pause") or 0) + 1
    lang = str(ctx.input.get("lang") or "fr")
    waiting = [
        tool_steps.tool_step(f"{origin}-t{k}-{i}", agent, call, lang, [ctx.step_id])
        for i, call in enumerate(paused.calls)
    ]
    continuation_id = f"{origin}-c{k}"
    carried = ("agent", "task", "goal", "lang")
    continuation = {
        "id": continuation_id,
        "kind": "agent.run",
        "input": {
            **{key: ctx.input[key] for key in carried if key in ctx.input},
            "resume": ctx.step_id,
            "origin": origin,
            "pause": k,
        },
        "after": [ctx.step_id, *(step["id"] for step in waiting)],
    }
    state = {
        "messages": [m.model_dump(mode="json") for m in paused.messages],
        "round": paused.round,
        "records": [{**_public(r), "content": r["content"]} for r in records],
        "citations": box.citations,
        "pending": [
            {"step": step["id"], "call": call.model_dump()}
            for step, call in zip(waiting, paused.calls, strict=True)
        ],
        "tally": tally,
    }
    output = {
        "agent_id": agent["agent_id"],
        "agent_name": agent.get("name", agent["agent_id"]),
        "model": agent["model"],
        "text": "",
        "paused": True,
        "waiting_for": [call.name for call in paused.calls],
        "continued_in": continuation_id,
        "tool_calls": [_public(r) for r in records],
        "state": state,
    }
    return Expand(
        output=output,
        cost_micro_usd=spent.cost,
        tokens_in=spent.tokens_in,
        tokens_out=spent.tokens_out,
        steps=[*waiting, continuation],
    )


def run_agent(ctx: StepContext) -> StepResult:
    """One agent on one task: model calls with its tools offered natively, until it answers (or
    pauses on calls the owner must approve; a continuation step with `resume` goes on from there)."""
    agent = _agent(ctx)
    task = ctx.input.get("task")
    if not isinstance(task, str) or not task.strip():
        raise StepFailed("agents.invalid_input", "task is required")
    spent = _Spent()
    records: list[dict[str, Any]] = []
    box = tools.toolbox(
        ctx.user_id,
        agent,
        mcp_client.offered(ctx.user_id, agent),
        lang=str(ctx.input.get("lang") or "fr"),
        request_id=f"{ctx.task_id}:{ctx.step_id}",
    )
    state = _paused_state(ctx) if ctx.input.get("resume") else None
    tally = _Tally(state.get("tally") if state else None)
    first = len(state["records"]) if state else 0  # the calls this step made or resumed
    try:
        if state is not None:
            messages, start = _resume(state, ctx, box, records)
        else:
            messages, start = [ChatMessage(role="user", content=_prompt(ctx, task))], 0
        answer = _loop(ctx, agent, box, messages, spent, records, start)
    except StepFailed:
        tally.count(ctx, agent["agent_id"], False, spent, records[first:])
        raise
    if isinstance(answer, _Paused):
        return _pause(ctx, agent, answer, box, records, spent, tally.carry(spent, records[first:]))
    tally.count(ctx, agent["agent_id"], True, spent, records[first:])
    output = {
        "agent_id": agent["agent_id"],
        "agent_name": agent.get("name", agent["agent_id"]),
        "model": agent["model"],
        "text": answer,
        "tool_calls": [_public(record) for record in records],
        "citations": box.citations,
    }
    return StepResult(
        output=output, cost_micro_usd=spent.cost, tokens_in=spent.tokens_in, tokens_out=spent.tokens_out
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
        output = final_output(ctx.upstream, step_id)
        if not isinstance(output, dict) or output.get("paused"):
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
    tally = _Tally()
    prompt = (
        f"Objectif : {ctx.input.get('goal', '')}\n\n"
        "Rédige la réponse finale à partir des contributions suivantes, en citant entre crochets "
        "l'agent d'où vient chaque élément.\n\n" + _upstream_text(ctx)
    )
    spent = _Spent()
    text = str(_ask(ctx, lead, [ChatMessage(role="user", content=prompt)], [], 0, spent)["text"])
    credits = "\n".join(f"[{c['agent_name']}] {c['excerpt']}" for c in contributions)
    final = f"{text}\n\nContributions :\n{credits}"
    tally.count(ctx, lead["agent_id"], True, spent, [])
    output = {
        "agent_id": lead["agent_id"],
        "agent_name": lead.get("name", lead["agent_id"]),
        "model": lead["model"],
        "text": final,
        "contributions": contributions,
        "citations": citations,
    }
    return StepResult(
        output=output, cost_micro_usd=spent.cost, tokens_in=spent.tokens_in, tokens_out=spent.tokens_out
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
