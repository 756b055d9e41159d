"""Runs: a goal given to one agent (it starts at once) or to a team (a plan the owner edits, then approves).

A team's plan is drafted by its supervisor, the first member, in one model call
(`webox.agents.planner`); when that fails it is derived from the members — one assignment per member
(the goal, seen from that member's speciality), independent so they run in parallel — and the run
says why (`plan_note`). The owner edits, removes or adds assignments and their order (`after`). Approving turns it into a task: one `agent.run` step per
assignment — each member's answer is its own step, never written by a supervisor — then an
`agent.synthesis` step by the first member (the lead), then, when an address was given, an
`agent.email` step that waits for approval (in the app or through a signed link).
"""

from __future__ import annotations

import uuid
from typing import Any

from webox.agents import catalogue, repository
from webox.agents.errors import InvalidPlan, NotAToolCall, RunNotDraft, RunNotFound
from webox.agents.models import AgentRun
from webox.agents.schemas import AgentOut, Assignment, Lang, PlanUpdate, RunCreate, RunOut, RunSummary
from webox.db import utcnow
from webox.errors import WeboxError
from webox.tasks import service as tasks_service
from webox.tasks.schemas import StepSpec, TaskCreate

RESERVED_STEPS = frozenset({"synthesis", "email"})
MAX_RUNS_LISTED = 50
_SUBJECT = {"fr": "Résultat de votre équipe d'agents", "en": "Your agent team's result"}


def _run_id() -> str:
    # Time-ordered, so a Query lists runs newest first.
    return f"{utcnow().strftime('%Y%m%d%H%M%S%f')}{uuid.uuid4().hex[:8]}"


def snapshot(agent: AgentOut) -> dict[str, Any]:
    """What a step needs of an agent, frozen at approval (editing the agent later changes no run)."""
    return agent.model_dump(
        include={
            "agent_id",
            "name",
            "model",
            "instructions",
            "tools",
            "knowledge_base_ids",
            "output_format",
            "definition_of_done",
            "mcp_servers",
            "allowed_hosts",
        }
    )


def _load(user_id: str, run_id: str) -> AgentRun:
    run = repository.find_run(user_id, run_id)
    if run is None:
        raise RunNotFound()
    return run


def run_out(run: AgentRun, *, with_task: bool = True) -> RunOut:
    task = tasks_service.get_task(run.user_id, run.task_id) if with_task and run.task_id else None
    return RunOut(
        run_id=run.run_id,
        goal=run.goal,
        agent_ids=list(run.agent_ids),
        status=run.status,  # type: ignore[arg-type]
        assignments=[Assignment.model_validate(a) for a in run.plan["assignments"]],
        plan_source=run.plan.get("source", "derived"),
        plan_note=run.plan.get("note"),
        email_to=run.email_to,
        budget_micro_usd=None if run.budget_micro_usd is None else int(run.budget_micro_usd),
        max_steps=int(run.max_steps),
        task_id=run.task_id,
        task=task,
        created_at=run.created_at,
    )


def draft_plan(agents: list[AgentOut], goal: str, lang: Lang) -> list[Assignment]:
    """One independent assignment per member, worded from its speciality."""
    assignments = []
    goal = goal[:3600]  # the member's wording must fit a step's 4000 characters
    for agent in agents:
        if lang == "fr":
            task = f"{goal}\n\nEn tant qu'agent {agent.name} ({agent.description}), apporte ta contribution."
        else:
            task = f"{goal}\n\nAs the {agent.name} agent ({agent.description}), give your contribution."
        step_id = agent.agent_id if agent.builtin else f"a{agent.agent_id[:30]}"
        assignments.append(Assignment(id=step_id, agent_id=agent.agent_id, task=task))
    return assignments


def _planned(user_id: str, agents: list[AgentOut], body: RunCreate, lang: Lang) -> dict[str, Any]:
    """A new run's plan: one agent's single step, else the supervisor's, else the derived one (why, in `note`)."""
    if len(agents) == 1:
        return {"assignments": draft_plan(agents, body.goal, lang), "source": "derived", "note": None}
    # Imported here: the supervisor (a model call, with the providers' schemas) plans a new team's run only.
    from webox.agents import planner

    try:
        assignments = planner.supervise(user_id, agents, body.goal, lang, body.max_steps)
    except planner.PlanRejected as exc:
        note = f"The supervisor's plan was not valid ({exc}); this plan is derived from the members."
    except WeboxError as exc:
        note = f"The supervisor could not plan ({exc.code}); this plan is derived from the members."
    else:
        return {"assignments": assignments, "source": "model", "note": None}
    return {"assignments": draft_plan(agents, body.goal, lang), "source": "derived", "note": note}


def _check_plan(
    user_id: str, run: AgentRun, assignments: list[Assignment], lang: Lang
) -> dict[str, AgentOut]:
    """Refuse a plan that cannot run: unknown agents, bad order, too many steps."""
    if len(assignments) > int(run.max_steps):
        raise InvalidPlan(f"The plan has {len(assignments)} steps; this run allows {int(run.max_steps)}")
    seen: set[str] = set()
    agents: dict[str, AgentOut] = {}
    for assignment in assignments:
        if assignment.id in RESERVED_STEPS or assignment.id in seen:
            raise InvalidPlan(f"Step id {assignment.id!r} is reserved or used twice")
        unknown = [p for p in assignment.after if p not in seen]
        if unknown:
            raise InvalidPlan(f"Step {assignment.id!r} follows {unknown[0]!r}, which is not an earlier step")
        seen.add(assignment.id)
        if assignment.agent_id not in agents:
            agents[assignment.agent_id] = catalogue.get_agent(user_id, assignment.agent_id, lang)
    return agents


def _task_plan(
    run: AgentRun, assignments: list[Assignment], agents: dict[str, AgentOut], lang: Lang
) -> list[StepSpec]:
    steps = [
        StepSpec(
            id=a.id,
            kind="agent.run",
            input={"agent": snapshot(agents[a.agent_id]), "task": a.task, "goal": run.goal, "lang": lang},
            after=a.after,
        )
        for a in assignments
    ]
    last = steps[-1].id
    if len(assignments) > 1:
        lead = agents[assignments[0].agent_id]
        members = {a.id: agents[a.agent_id].name for a in assignments}
        # The synthesis follows every member step: a step sees only its direct predecessors' outputs.
        steps.append(
            StepSpec(
                id="synthesis",
                kind="agent.synthesis",
                input={"goal": run.goal, "lead": snapshot(lead), "members": members},
                after=[a.id for a in assignments],
            )
        )
        last = "synthesis"
    if run.email_to:
        steps.append(
            StepSpec(
                id="email",
                kind="agent.email",
                input={"tool": "send_email", "to": run.email_to, "subject": _SUBJECT[lang]},
                after=[last],
                needs_approval=True,
            )
        )
    return steps


def _start(user_id: str, run: AgentRun, lang: Lang) -> AgentRun:
    assignments = [Assignment.model_validate(a) for a in run.plan["assignments"]]
    agents = _check_plan(user_id, run, assignments, lang)
    body = TaskCreate(
        kind="agent",
        title=run.goal[:100],
        plan=_task_plan(run, assignments, agents, lang),
        budget_micro_usd=None if run.budget_micro_usd is None else int(run.budget_micro_usd),
    )
    task = tasks_service.create_task(user_id, body)
    if not repository.start_run(run, task.task_id):
        tasks_service.cancel_task(user_id, task.task_id)
        raise RunNotDraft()
    return _load(user_id, run.run_id)


def create_run(user_id: str, body: RunCreate, lang: Lang) -> RunOut:
    """A run: one agent starts at once; a team's plan waits for its owner's approval."""
    if len(set(body.agent_ids)) != len(body.agent_ids):
        raise InvalidPlan("An agent is named twice in the team")
    agents = [catalogue.get_agent(user_id, agent_id, lang) for agent_id in body.agent_ids]
    if len(agents) > body.max_steps:
        raise InvalidPlan(f"A team of {len(agents)} needs at least {len(agents)} steps")
    plan = _planned(user_id, agents, body, lang)
    run = AgentRun(
        user_id,
        _run_id(),
        goal=body.goal,
        agent_ids=body.agent_ids,
        status="draft",
        plan={**plan, "assignments": [a.model_dump() for a in plan["assignments"]]},
        email_to=body.email_to,
        budget_micro_usd=body.budget_micro_usd,
        max_steps=body.max_steps,
        created_at=utcnow(),
    )
    repository.save_run(run)
    if len(agents) == 1:
        run = _start(user_id, run, lang)
    return run_out(run)


def update_plan(user_id: str, run_id: str, body: PlanUpdate, lang: Lang) -> RunOut:
    """The owner's edit of a draft plan (checked as it would run)."""
    run = _load(user_id, run_id)
    if run.status != "draft":
        raise RunNotDraft()
    _check_plan(user_id, run, body.assignments, lang)
    edited = {**run.plan, "assignments": [a.model_dump() for a in body.assignments]}
    if not repository.update_plan(run, edited):
        raise RunNotDraft()
    return run_out(_load(user_id, run_id))


def approve_plan(user_id: str, run_id: str, lang: Lang) -> RunOut:
    """Start a draft run's task from its plan as it stands."""
    run = _load(user_id, run_id)
    if run.status != "draft":
        raise RunNotDraft()
    return run_out(_start(user_id, run, lang))


def get_run(user_id: str, run_id: str) -> RunOut:
    """A run with its task and steps (404 for another user's)."""
    return run_out(_load(user_id, run_id))


def list_runs(user_id: str) -> list[RunSummary]:
    """The caller's runs, newest first."""
    return [
        RunSummary(
            run_id=run.run_id,
            goal=run.goal,
            agent_ids=list(run.agent_ids),
            status=run.status,  # type: ignore[arg-type]
            task_id=run.task_id,
            created_at=run.created_at,
        )
        for run in repository.runs_of(user_id, MAX_RUNS_LISTED)
    ]


def cancel_run(user_id: str, run_id: str) -> RunOut:
    """Stop a started run (no further step starts)."""
    run = _load(user_id, run_id)
    if run.task_id is None:
        raise RunNotDraft("A draft run has nothing to cancel")
    tasks_service.cancel_task(user_id, run.task_id)
    return run_out(run)


def decide_tool_call(user_id: str, run_id: str, step_id: str, decision: str) -> RunOut:
    """Approve (it runs once) or refuse (the model is told) a tool call of a started run."""
    from webox.agents import approvals

    run = _load(user_id, run_id)
    if run.task_id is None:
        raise NotAToolCall()
    approvals.decide(user_id, run.task_id, step_id, decision)
    return run_out(_load(user_id, run_id))
