"""A generated automation's draft, from what a model proposes to what may be saved.

The model proposes a `DraftSpec`: what starts it (a Connect trigger, a schedule, or nothing: run by
hand), then a chain of steps, each a prompt to a model or a Connect action. `check` says whether it
can be saved, naming each problem:

1. the spec's shape (the model's JSON read strictly);
2. only real components: the trigger is a Connect trigger, each action a Connect action that uses
   an account (`components.get_component`);
3. props present and typed (`components.check_props`; an action's props may read `{{event}}` and
   earlier steps);
4. the workflow it compiles to passes the workflow validator (every `{{reference}}` points before it);
5. a dry run: every action's props are filled from a sample event and sample step outputs, as a
   run would fill them, and checked again, untemplated (a required prop that comes out empty fails).

Nothing runs and no account is needed to check; saving (`install`) compiles the graph again with
the caller's accounts and installs it as a template is (`webox.automations.installing`).
"""

from __future__ import annotations

import itertools
import re
from datetime import date as Date
from datetime import datetime
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, ValidationError

from webox.automations import components, installing, targets
from webox.automations.schemas import DEFAULT_MODEL, ComponentOut
from webox.errors import WeboxError
from webox.placeholders import PLACEHOLDER, map_strings, strings_in

MAX_STEPS = 8
TIMEZONE = "Europe/Paris"
EVENT = "event"
# Read by the dry run in place of a real event and of each step's output.
SAMPLE_EVENT = {
    "id": "evt_sample",
    "subject": "Sample subject",
    "text": "Sample text of the event.",
    "email": "someone@example.com",
}
_FIELD = re.compile(r"^event\.([A-Za-z0-9_]{1,30}(?:\.[A-Za-z0-9_]{1,30}){0,2})$")
_DRAFT_ACCOUNT = "apn_draft"  # stands for the caller's account while a draft is only checked

Key = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=128)]
Props = dict[Annotated[str, StringConstraints(max_length=64)], Any]


class DraftTrigger(BaseModel):
    model_config = ConfigDict(extra="ignore")

    component_key: Key
    props: Props = Field(default_factory=dict, max_length=20)


class DraftSchedule(BaseModel):
    """Every day or weekday at `time`, or once on `date` at `time` (Europe/Paris)."""

    model_config = ConfigDict(extra="ignore")

    every: Literal["day", "weekday", "once"]
    time: Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]
    date: Date | None = None


class DraftStep(BaseModel):
    model_config = ConfigDict(extra="ignore")

    kind: Literal["prompt", "action"]
    prompt: Annotated[str, StringConstraints(max_length=4000)] | None = None
    component_key: Key | None = None
    props: Props = Field(default_factory=dict, max_length=20)


class DraftSpec(BaseModel):
    """What the generator's model answers (see `webox.automations.generator.SHAPE`)."""

    model_config = ConfigDict(extra="ignore")

    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    starts_on: Literal["trigger", "schedule", "manual"]
    trigger: DraftTrigger | None = None
    schedule: DraftSchedule | None = None
    steps: list[DraftStep] = Field(min_length=1, max_length=MAX_STEPS)
    save_to: Literal["result", "library", "blog_draft"] = "result"


class Problem(BaseModel):
    """`where`: `spec`, `trigger`, `schedule`, `step1`… or a node of the compiled workflow."""

    where: str
    message: str


class Checked(BaseModel):
    """A checked draft: `accepted` when it can be saved; `apps`: the accounts it needs."""

    accepted: bool
    draft: dict[str, Any] | None
    problems: list[Problem]
    apps: list[str]


def read(answer: dict[str, Any] | None) -> tuple[DraftSpec | None, list[Problem]]:
    """The spec in a model's JSON answer, or the problems that keep it from being one."""
    if answer is None:
        return None, [Problem(where="spec", message="the answer is not a JSON object")]
    try:
        return DraftSpec.model_validate(answer), []
    except ValidationError as exc:
        return None, [
            Problem(where="spec", message=f"{'.'.join(str(p) for p in e['loc']) or 'spec'}: {e['msg']}")
            for e in exc.errors()[:10]
        ]


def _component(key: str, kind: str, where: str, problems: list[Problem]) -> ComponentOut | None:
    try:
        component = components.get_component(key)
    except WeboxError as exc:
        if exc.status >= 500:
            raise  # Pipedream unreachable: the step is retried, the draft is not judged
        problems.append(Problem(where=where, message=f"{key!r} is not a Pipedream component"))
        return None
    if component.component_type not in (None, kind):
        problems.append(Problem(where=where, message=f"{key!r} is not a {kind}"))
        return None
    return component


def _check_props(
    component: ComponentOut, props: dict[str, Any], where: str, problems: list[Problem], **kw: Any
) -> bool:
    try:
        components.check_props(component, props, **kw)
    except WeboxError as exc:
        problems.append(Problem(where=where, message=exc.message))
        return False
    return True


def _fields(spec: DraftSpec) -> list[str]:
    """The event's fields the steps read (`{{event.receipt_email}}`), in order of appearance."""
    texts = [s.prompt or "" for s in spec.steps] + [t for s in spec.steps for t in strings_in(s.props)]
    names = [m.group(1).strip() for text in texts for m in PLACEHOLDER.finditer(text)]
    return list(dict.fromkeys(match.group(1) for match in map(_FIELD.match, names) if match))


def _field_variable(path: str) -> str:
    return "event_" + path.replace(".", "_")[:32]


def _rewrite(value: Any, mapping: dict[str, str]) -> Any:
    """`{{event.x}}` becomes `{{event_x}}` (a workflow variable filled from the event)."""

    def rename(match: re.Match[str]) -> str:
        name = match.group(1).strip()
        return "{{" + mapping[name] + "}}" if name in mapping else match.group(0)

    return map_strings(value, lambda text: PLACEHOLDER.sub(rename, text))


def apps_of(spec: DraftSpec) -> list[str]:
    """The apps whose accounts the draft uses, trigger first (component keys are `app-…`)."""
    keys = ([spec.trigger.component_key] if spec.starts_on == "trigger" and spec.trigger else []) + [
        s.component_key for s in spec.steps if s.kind == "action" and s.component_key
    ]
    found: list[str] = []
    for key in keys:
        try:
            app = components.app_of(components.get_component(key))
        except WeboxError:
            continue
        if app and app not in found:
            found.append(app)
    return found


def compile_graph(
    spec: DraftSpec, lang: str, accounts: dict[str, str]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The workflow graph (input → step1 → … → output) and the target's values filling its variables
    from the trigger's event or the schedule's fire."""
    fields = _fields(spec)
    mapping = {f"event.{path}": _field_variable(path) for path in fields}
    label = {"fr": "Données reçues", "en": "Received data"}.get(lang, "Received data")
    scheduled = spec.starts_on == "schedule"
    variables: list[dict[str, Any]] = [
        {
            "name": EVENT,
            "label": label,
            "type": "textarea",
            "required": not scheduled,
            **({"default": "-"} if scheduled else {}),
        },
        *(
            {"name": mapping[f"event.{p}"], "label": p, "type": "text", "required": False, "default": "-"}
            for p in fields
        ),
    ]
    nodes: list[dict[str, Any]] = [{"id": "input", "type": "input", "label": label, "config": {}}]
    for number, step in enumerate(spec.steps, 1):
        node_id = f"step{number}"
        if step.kind == "prompt":
            nodes.append(
                {
                    "id": node_id,
                    "type": "prompt",
                    "label": {"fr": "IA", "en": "AI"}.get(lang, "AI"),
                    "config": {"model": DEFAULT_MODEL, "template": _rewrite(step.prompt or "", mapping)},
                }
            )
            continue
        key = step.component_key or ""
        app = key.split("-", 1)[0]
        nodes.append(
            {
                "id": node_id,
                "type": "pipedream",
                "label": key[:80],
                "config": {
                    "component_key": key,
                    "account_id": accounts.get(app, _DRAFT_ACCOUNT),
                    "props": _rewrite(step.props, mapping),
                },
            }
        )
    last = nodes[-1]["id"]
    nodes.append(
        {
            "id": "result",
            "type": "output",
            "label": {"fr": "Résultat", "en": "Result"}.get(lang, "Result"),
            "config": {"template": "{{" + last + "}}", "destination": spec.save_to, "title": spec.title[:80]}
            if spec.save_to != "result"
            else {"template": "{{" + last + "}}"},
        }
    )
    edges = [{"source": a["id"], "target": b["id"]} for a, b in itertools.pairwise(nodes)]
    if spec.starts_on == "trigger":
        values = {EVENT: "{{event}}", **{mapping[f"event.{p}"]: "{{event." + p + "}}" for p in fields}}
    elif scheduled:
        values = {EVENT: "{{fired_at}}\n{{finished_tasks}}"}
    else:
        values = {}
    return {"variables": variables, "nodes": nodes, "edges": edges}, values


def _starter(spec: DraftSpec, problems: list[Problem]) -> None:
    """The trigger's or the schedule's problems."""
    if spec.starts_on == "trigger":
        if spec.trigger is None:
            problems.append(Problem(where="trigger", message="a trigger is needed to start on one"))
            return
        component = _component(spec.trigger.component_key, "trigger", "trigger", problems)
        if component is not None:
            _check_props(component, spec.trigger.props, "trigger", problems)
    elif spec.starts_on == "schedule":
        if spec.schedule is None:
            problems.append(Problem(where="schedule", message="a schedule is needed to start on one"))
        elif spec.schedule.every == "once":
            when = run_at(spec.schedule)
            if when is None or when <= datetime.now(ZoneInfo(TIMEZONE)):
                problems.append(Problem(where="schedule", message="a one-off schedule needs a date to come"))


def run_at(schedule: DraftSchedule) -> datetime | None:
    if schedule.date is None:
        return None
    hour, minute = (int(part) for part in schedule.time.split(":"))
    return datetime.combine(schedule.date, datetime.min.time()).replace(
        hour=hour, minute=minute, tzinfo=ZoneInfo(TIMEZONE)
    )


def _steps(spec: DraftSpec, problems: list[Problem]) -> dict[str, ComponentOut]:
    """Each step's own problems; the actions' components by step id."""
    found: dict[str, ComponentOut] = {}
    for number, step in enumerate(spec.steps, 1):
        where = f"step{number}"
        if step.kind == "prompt":
            if not (step.prompt or "").strip():
                problems.append(Problem(where=where, message="a prompt step needs its prompt"))
            continue
        if not step.component_key:
            problems.append(Problem(where=where, message="an action step needs its component_key"))
            continue
        component = _component(step.component_key, "action", where, problems)
        if component is None:
            continue
        if components.app_of(component) is None:
            problems.append(Problem(where=where, message=f"{step.component_key!r} uses no connected account"))
            continue
        if _check_props(component, step.props, where, problems, templated=True):
            found[where] = component
    return found


def _dry_run(spec: DraftSpec, actions: dict[str, ComponentOut], problems: list[Problem]) -> None:
    """Fill each action's props as a run would, from a sample event and sample step outputs, and
    check them again as Pipedream will receive them."""
    # Every field the steps read exists in the sample: what an event holds is not known in advance.
    event = {**{path.split(".")[0]: f"sample {path}" for path in _fields(spec)}, **SAMPLE_EVENT}
    context: dict[str, Any] = {EVENT: event}
    for number, step in enumerate(spec.steps, 1):
        where = f"step{number}"
        if where in actions:
            filled = map_strings(step.props, lambda text: targets.fill(text, context))
            if _check_props(actions[where], filled, where, problems):
                required = {p.name for p in actions[where].props if not p.optional and p.type != "app"}
                for name in sorted(required):
                    if filled.get(name) in ("", []) or filled.get(name) == [""]:
                        problems.append(Problem(where=where, message=f"Prop {name!r} comes out empty"))
        context[where] = f"(output of {where})"


def check(spec: DraftSpec, lang: str) -> Checked:
    """Every problem that keeps `spec` from being saved (none: accepted)."""
    from webox.workflows import graph as graphs
    from webox.workflows.schemas import WorkflowGraph

    problems: list[Problem] = []
    _starter(spec, problems)
    actions = _steps(spec, problems)
    if not problems:
        graph, _ = compile_graph(spec, lang, {})
        try:
            found = graphs.problems(WorkflowGraph.model_validate(graph))
        except ValidationError as exc:
            found = [{"message": e["msg"]} for e in exc.errors()[:5]]
        problems += [Problem(where=p.get("node") or "workflow", message=p["message"]) for p in found]
    if not problems:
        _dry_run(spec, actions, problems)
    accepted = not problems
    return Checked(
        accepted=accepted,
        draft=spec.model_dump(mode="json"),
        problems=problems,
        apps=apps_of(spec) if accepted else [],
    )


def starter_of(spec: DraftSpec) -> installing.Starter:
    if spec.starts_on == "trigger" and spec.trigger is not None:
        key = spec.trigger.component_key
        return installing.Starter(
            trigger_key=key,
            trigger_app=components.app_of(components.get_component(key)),
            trigger_props=spec.trigger.props,
        )
    if spec.starts_on == "schedule" and spec.schedule is not None:
        if spec.schedule.every == "once":
            return installing.Starter(schedule={"label": spec.title, "run_at": run_at(spec.schedule)})
        return installing.Starter(
            schedule={"label": spec.title, "every": spec.schedule.every, "time": spec.schedule.time}
        )
    return installing.Starter()
