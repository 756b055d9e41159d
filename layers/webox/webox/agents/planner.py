"""A team's draft plan, written by the supervisor (the team's first agent) in one model call.

The supervisor gets the goal and each member's description and must call `submit_plan` with the plan
graph: steps `{agent_id, task, after: [numbers of earlier steps]}`. The arguments are validated
against that JSON Schema and against the team (known members only, every member has a step of its
own, predecessors earlier, at most the run's steps). A model that cannot be called, answers without
the tool or with an invalid plan gives way to the plan derived from the members
(`runs.draft_plan`), and the run says why (`plan_note`).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from pydantic import ValidationError

from webox.agents.schemas import AgentOut, Assignment, Lang
from webox.providers.schemas import ChatMessage, GenerationParams, ToolSpec

TOOL = "submit_plan"
MAX_PLAN_TOKENS = 2000
_PROMPT = {
    "fr": (
        "{goal}\n\nTu supervises une équipe d'agents. Découpe cet objectif en étapes et attribue chacune "
        "à un agent de l'équipe ; chaque agent a au moins une étape, et tu n'écris jamais toi-même la "
        "réponse d'un agent. Appelle submit_plan avec le plan (une étape peut suivre des étapes "
        "antérieures, par leur numéro).\n\nÉquipe :\n{members}"
    ),
    "en": (
        "{goal}\n\nYou supervise a team of agents. Split this goal into steps and give each one to an "
        "agent of the team; every agent has at least one step, and you never write an agent's answer "
        "yourself. Call submit_plan with the plan (a step may follow earlier steps, by their "
        "number).\n\nTeam:\n{members}"
    ),
}


class PlanRejected(Exception):
    """The supervisor's plan is not one that can run (the message says why)."""


def plan_spec(agents: list[AgentOut], max_steps: int) -> ToolSpec:
    """The `submit_plan` tool: its parameters are the plan's JSON Schema, members by id."""
    return ToolSpec(
        name=TOOL,
        description="Submit the team's plan: the steps, which agent does each, and what each step waits for.",
        parameters={
            "type": "object",
            "properties": {
                "steps": {
                    "type": "array",
                    "minItems": 1,
                    "maxItems": max_steps,
                    "items": {
                        "type": "object",
                        "properties": {
                            "agent_id": {"type": "string", "enum": [a.agent_id for a in agents]},
                            "task": {"type": "string", "minLength": 1, "maxLength": 4000},
                            "after": {
                                "type": "array",
                                "items": {"type": "integer", "minimum": 1},
                                "description": "Numbers (from 1) of earlier steps this one needs",
                            },
                        },
                        "required": ["agent_id", "task"],
                        "additionalProperties": False,
                    },
                }
            },
            "required": ["steps"],
            "additionalProperties": False,
        },
    )


def _step_id(agent: AgentOut, taken: set[str]) -> str:
    base = agent.agent_id if agent.builtin else f"a{agent.agent_id[:30]}"
    step_id, n = base, 1
    while step_id in taken:
        n += 1
        step_id = f"{base}-{n}"
    return step_id


def validate(raw: Any, agents: list[AgentOut], max_steps: int) -> list[Assignment]:
    """The assignments a supervisor's plan (`submit_plan`'s arguments) describes, or `PlanRejected`."""
    import jsonschema

    spec = plan_spec(agents, max_steps)
    errors = sorted(
        jsonschema.Draft202012Validator(spec.parameters).iter_errors(raw), key=lambda e: list(e.path)
    )
    if errors:
        where = "/".join(str(p) for p in errors[0].path) or "(root)"
        raise PlanRejected(f"{where}: {errors[0].message}"[:300])
    by_id = {a.agent_id: a for a in agents}
    assignments: list[Assignment] = []
    for n, step in enumerate(raw["steps"], start=1):
        after = list(dict.fromkeys(step.get("after") or []))
        if any(p >= n for p in after):
            raise PlanRejected(f"step {n} waits for a step that is not earlier")
        try:
            assignments.append(
                Assignment(
                    id=_step_id(by_id[step["agent_id"]], {a.id for a in assignments}),
                    agent_id=step["agent_id"],
                    task=step["task"],
                    after=[assignments[p - 1].id for p in after],
                )
            )
        except ValidationError as exc:
            raise PlanRejected(f"step {n}: {exc.errors()[0]['msg']}") from exc
    missing = [a.name for a in agents if all(s.agent_id != a.agent_id for s in assignments)]
    if missing:
        raise PlanRejected(f"no step of its own for {', '.join(missing)}")
    return assignments


def _arguments(answer: Any) -> Any:
    call = next((c for c in answer.tool_calls if c.name == TOOL), None)
    if call is not None:
        return call.arguments
    text = str(answer.text).strip().removeprefix("```json").removeprefix("```").removesuffix("```")
    try:
        return json.loads(text)
    except ValueError as exc:
        raise PlanRejected("the supervisor answered without a plan") from exc


def supervise(
    user_id: str, agents: list[AgentOut], goal: str, lang: Lang, max_steps: int
) -> list[Assignment]:
    """The supervisor's plan, or `PlanRejected`/a `WeboxError` (the caller falls back)."""
    from webox.agents import calls
    from webox.billing import quota
    from webox.providers import service as providers

    lead = agents[0]
    members = "\n".join(f"- {a.agent_id} : {a.name} — {a.description}" for a in agents)
    prompt = _PROMPT[lang].format(goal=goal[:3600], members=members)
    quota.check_models(
        user_id,
        "agents",
        {lead.model: str(providers.key_source(lead.model, user_id))},
        prompt_chars=len(prompt),
        max_tokens=MAX_PLAN_TOKENS,
    )
    params = GenerationParams(
        system=calls.system_prompt(lead.model_dump()),
        max_tokens=MAX_PLAN_TOKENS,
        tools=(plan_spec(agents, max_steps),),
    )
    answer, _cost = calls.complete(
        user_id,
        lead.model,
        [ChatMessage(role="user", content=prompt)],
        params,
        request_id=f"plan:{uuid.uuid4().hex}",
    )
    return validate(_arguments(answer), agents, max_steps)
