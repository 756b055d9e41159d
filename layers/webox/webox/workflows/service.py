"""Workflows: the user's library (create, versions, diff, restore, export and import) and runs on
the task engine (estimate, start, read, cancel, re-run from a node, retry a node)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from webox.db import utcnow
from webox.prompts.errors import InvalidValues
from webox.prompts.rendering import resolve_values
from webox.tasks import service as tasks_service
from webox.tasks.errors import StepNotFailed
from webox.tasks.schemas import TaskCreate, TaskDetail
from webox.workflows import files, repository
from webox.workflows import graph as graphs
from webox.workflows.errors import (
    EditConflict,
    InvalidGraph,
    InvalidRunValues,
    NodeNotFound,
    OverBudget,
    RunNotFound,
    VersionNotFound,
    WorkflowNotFound,
)
from webox.workflows.models import Workflow, new_id
from webox.workflows.run_schemas import (
    RunEstimate,
    WorkflowDecision,
    WorkflowNodeRun,
    WorkflowRunCreate,
    WorkflowRunOut,
    WorkflowRunPage,
)
from webox.workflows.schemas import (
    GraphProblem,
    GraphValidation,
    WorkflowCreate,
    WorkflowEdge,
    WorkflowExport,
    WorkflowGraph,
    WorkflowLineage,
    WorkflowNodeChange,
    WorkflowOut,
    WorkflowPage,
    WorkflowUpdate,
    WorkflowVersionDiff,
    WorkflowVersionList,
    WorkflowVersionSummary,
)

if TYPE_CHECKING:
    from webox.workflows.nodes.base import RunInfo

# --- the library -------------------------------------------------------------------------------------


def workflow_out(workflow: Workflow) -> WorkflowOut:
    return WorkflowOut(
        id=workflow.workflow_id,
        title=workflow.title,
        description=workflow.description,
        lang=workflow.lang,  # type: ignore[arg-type]
        graph=WorkflowGraph.model_validate(workflow.graph),
        version=int(workflow.version),
        run_count=int(workflow.run_count),
        published=bool(workflow.published),
        forked_from=WorkflowLineage.model_validate(workflow.forked_from) if workflow.forked_from else None,
        created_at=workflow.created_at,
        updated_at=workflow.updated_at,
    )


def load(user_id: str, workflow_id: str) -> Workflow:
    """The user's workflow, or 404 (also for another user's)."""
    workflow = repository.find(user_id, workflow_id)
    if workflow is None:
        raise WorkflowNotFound()
    return workflow


def create(
    user_id: str, body: WorkflowCreate, *, source: str = "create", forked_from: WorkflowLineage | None = None
) -> WorkflowOut:
    """Save a new workflow (version 1)."""
    now = utcnow()
    workflow = Workflow(
        user_id,
        new_id(),
        title=body.title,
        description=body.description,
        lang=body.lang,
        graph=body.graph.model_dump(mode="json"),
        version=1,
        run_count=0,
        published=False,
        forked_from=forked_from.model_dump() if forked_from else None,
        created_at=now,
        updated_at=now,
    )
    repository.create(workflow, source)
    return workflow_out(workflow)


def list_workflows(user_id: str, cursor: str | None, limit: int) -> WorkflowPage:
    """The user's workflows, newest first."""
    items, next_cursor = repository.list_own(user_id, cursor, limit)
    return WorkflowPage(items=[workflow_out(w) for w in items], next_cursor=next_cursor)


def update(user_id: str, workflow_id: str, body: WorkflowUpdate, *, source: str = "edit") -> WorkflowOut:
    """Save a new version (refused if someone saved since `base_version`)."""
    workflow = load(user_id, workflow_id)
    changes = {
        "title": body.title,
        "description": body.description,
        "lang": body.lang,
        "graph": body.graph.model_dump(mode="json"),
    }
    if not repository.save_version(workflow, body.base_version, changes, source):
        raise EditConflict(
            f"Version {int(load(user_id, workflow_id).version)} was saved since version {body.base_version}"
        )
    return workflow_out(load(user_id, workflow_id))


def delete(user_id: str, workflow_id: str) -> None:
    """Delete a workflow, its versions, its run records and its marketplace listing."""
    repository.delete(load(user_id, workflow_id))


def versions(user_id: str, workflow_id: str) -> WorkflowVersionList:
    """Every saved version, newest first."""
    load(user_id, workflow_id)
    return WorkflowVersionList(
        items=[
            WorkflowVersionSummary(
                version=int(v.version), title=v.title, source=v.source, created_at=v.created_at
            )  # type: ignore[arg-type]
            for v in repository.versions(user_id, workflow_id)
        ]
    )


def _version_graph(user_id: str, workflow_id: str, number: int) -> tuple[str, WorkflowGraph]:
    found = repository.version(user_id, workflow_id, number)
    if found is None:
        raise VersionNotFound()
    return found.title, WorkflowGraph.model_validate(found.graph)


def diff(user_id: str, workflow_id: str, a: int, b: int) -> WorkflowVersionDiff:
    """What changed from version `a` to version `b`: nodes, edges and variables."""
    load(user_id, workflow_id)
    title_a, old = _version_graph(user_id, workflow_id, a)
    title_b, new = _version_graph(user_id, workflow_id, b)
    old_nodes = {n.id: n.model_dump() for n in old.nodes}
    new_nodes = {n.id: n.model_dump() for n in new.nodes}
    changes = [WorkflowNodeChange(node=i, change="removed") for i in old_nodes if i not in new_nodes]
    for node_id, node in new_nodes.items():
        if node_id not in old_nodes:
            changes.append(WorkflowNodeChange(node=node_id, change="added"))
        elif node != old_nodes[node_id]:
            fields = sorted(k for k in node if k != "position" and node[k] != old_nodes[node_id][k])
            if fields:
                changes.append(WorkflowNodeChange(node=node_id, change="changed", fields=fields))
    old_edges = {(e.source, e.target) for e in old.edges}
    new_edges = {(e.source, e.target) for e in new.edges}
    old_vars = {v.name: v for v in old.variables}
    new_vars = {v.name: v for v in new.variables}
    return WorkflowVersionDiff(
        a=a,
        b=b,
        title_changed=title_a != title_b,
        nodes=changes,
        edges_added=[WorkflowEdge(source=s, target=t) for s, t in sorted(new_edges - old_edges)],
        edges_removed=[WorkflowEdge(source=s, target=t) for s, t in sorted(old_edges - new_edges)],
        variables_added=sorted(set(new_vars) - set(old_vars)),
        variables_removed=sorted(set(old_vars) - set(new_vars)),
        variables_changed=sorted(n for n in set(new_vars) & set(old_vars) if new_vars[n] != old_vars[n]),
    )


def restore(user_id: str, workflow_id: str, number: int) -> WorkflowOut:
    """Make an old version the current one (as a new version)."""
    workflow = load(user_id, workflow_id)
    found = repository.version(user_id, workflow_id, number)
    if found is None:
        raise VersionNotFound()
    body = WorkflowUpdate(
        title=found.title,
        description=found.description,
        lang=workflow.lang,  # type: ignore[arg-type]
        graph=WorkflowGraph.model_validate(found.graph),
        base_version=int(workflow.version),
    )
    return update(user_id, workflow_id, body, source="restore")


def export(user_id: str, workflow_id: str) -> WorkflowExport:
    """The workflow as a file `import_workflow` reads back."""
    workflow = workflow_out(load(user_id, workflow_id))
    return WorkflowExport(
        title=workflow.title, description=workflow.description, lang=workflow.lang, graph=workflow.graph
    )


def import_workflow(user_id: str, doc: WorkflowExport) -> WorkflowOut:
    """A new workflow from an export."""
    body = WorkflowCreate(title=doc.title, description=doc.description, lang=doc.lang, graph=doc.graph)
    return create(user_id, body, source="import")


def validate(user_id: str, graph: WorkflowGraph) -> GraphValidation:
    """The graph's problems for its owner, each naming its node or variable (what the canvas shows)."""
    found = graphs.problems(graph, user_id)
    return GraphValidation(valid=not found, problems=[GraphProblem.model_validate(p) for p in found])


# --- runs --------------------------------------------------------------------------------------------


def _run_info(workflow: Workflow, graph: WorkflowGraph, values: dict[str, Any]) -> RunInfo:
    user_id = str(workflow.user_id)
    try:
        resolved = resolve_values(graph.variables, values, files.reader(user_id))
    except InvalidValues as exc:
        raise InvalidRunValues(list(exc.extra["variables"])) from exc
    from webox.workflows.nodes.base import RunInfo  # loads the node types: the run routes' alone

    return RunInfo(
        values=resolved, allowed_hosts=list(graph.allowed_hosts), user_id=user_id, lang=str(workflow.lang)
    )


def checked_graph(workflow: Workflow) -> WorkflowGraph:
    """The workflow's graph, or `workflows.invalid_graph` naming each problem."""
    graph = WorkflowGraph.model_validate(workflow.graph)
    found = graphs.problems(graph, str(workflow.user_id))
    if found:
        raise InvalidGraph(found)
    return graph


def _source(user_id: str) -> Any:
    from webox.errors import WeboxError
    from webox.providers import service as providers

    cache: dict[str, str | None] = {}

    def source(model: str) -> str | None:
        if model not in cache:
            try:
                cache[model] = providers.key_source(model, user_id)
            except (WeboxError, KeyError):
                cache[model] = None
        return cache[model]

    return source


def estimate(user_id: str, workflow_id: str, values: dict[str, Any]) -> RunEstimate:
    """What a run with these values should cost (refused, naming the field, if a value is invalid)."""
    workflow = load(user_id, workflow_id)
    graph = checked_graph(workflow)
    calls = graphs.estimate(graph, _run_info(workflow, graph, values), _source(user_id))
    return RunEstimate(cost_micro_usd=sum(c.cost_micro_usd for c in calls), calls=calls)


def start_run(user_id: str, workflow_id: str, body: WorkflowRunCreate) -> WorkflowRunOut:
    """Check the graph and the values, then run the workflow as a task (nothing runs if either is wrong)."""
    workflow = load(user_id, workflow_id)
    graph = checked_graph(workflow)
    run = _run_info(workflow, graph, dict(body.values))
    if body.budget_micro_usd is not None:
        expected = sum(c.cost_micro_usd for c in graphs.estimate(graph, run, _source(user_id)))
        if expected > body.budget_micro_usd:
            raise OverBudget(
                f"The estimate ({expected} micro-USD) is over the budget ({body.budget_micro_usd})"
            )
    plan = graphs.compile_plan(graph, run)
    task = tasks_service.create_task(
        user_id,
        TaskCreate.model_validate(
            {
                "kind": "workflow",
                "title": workflow.title,
                "plan": plan,
                "budget_micro_usd": body.budget_micro_usd,
            }
        ),
    )
    repository.add_run(workflow, task.task_id)
    return run_out(task, workflow.workflow_id, int(workflow.version))


def node_of(step_id: str) -> str:
    """The node a step belongs to (`draft-m2` is a model of the multi-model node `draft`)."""
    return step_id.split("-", 1)[0]


def run_out(task: TaskDetail, workflow_id: str, version: int) -> WorkflowRunOut:
    groups: dict[str, list[Any]] = {}
    for item in task.steps:
        groups.setdefault(node_of(item.step_id), []).append(item)
    nodes = []
    for node_id, items in groups.items():
        main = next(s for s in items if s.step_id == node_id)
        statuses = {s.status for s in items}
        status = main.status
        if main.status == "pending" and statuses & {"running", "succeeded", "failed"}:
            status = "failed" if "failed" in statuses else "running"
        latencies = [s.latency_ms for s in items if s.latency_ms is not None]
        nodes.append(
            WorkflowNodeRun(
                node=node_id,
                status=status,
                output=main.output,
                tokens_in=sum(s.tokens_in for s in items),
                tokens_out=sum(s.tokens_out for s in items),
                cost_micro_usd=sum(s.cost_micro_usd for s in items),
                latency_ms=sum(latencies) if latencies else None,
                steps=items,
            )
        )
    return WorkflowRunOut(
        id=task.task_id,
        workflow_id=workflow_id,
        version=version,
        status=task.status,
        seq=task.seq,
        cost_micro_usd=task.cost_micro_usd,
        budget_micro_usd=task.budget_micro_usd,
        error=task.error.model_dump() if task.error else None,
        nodes=nodes,
        created_at=task.created_at,
        finished_at=task.finished_at,
    )


def _run(user_id: str, run_id: str) -> tuple[str, int]:
    found = repository.find_run(user_id, run_id)
    if found is None:
        raise RunNotFound()
    return found.workflow_id, int(found.version)


def get_run(user_id: str, run_id: str) -> WorkflowRunOut:
    """A run with each node's status, output, tokens, cost and time."""
    workflow_id, version = _run(user_id, run_id)
    return run_out(tasks_service.get_task(user_id, run_id), workflow_id, version)


def list_runs(user_id: str, workflow_id: str, limit: int) -> WorkflowRunPage:
    """A workflow's latest runs, newest first."""
    load(user_id, workflow_id)
    return WorkflowRunPage(
        items=[
            run_out(tasks_service.get_task(user_id, r.task_id), workflow_id, int(r.version))
            for r in repository.runs(user_id, workflow_id, limit)
        ]
    )


def cancel_run(user_id: str, run_id: str) -> WorkflowRunOut:
    """Stop a run: no further node starts."""
    workflow_id, version = _run(user_id, run_id)
    return run_out(tasks_service.cancel_task(user_id, run_id), workflow_id, version)


def rerun(user_id: str, run_id: str, node: str, output: str | None) -> WorkflowRunOut:
    """Run again from `node` (its output replaced by `output` when given): only the nodes after it run
    again; the others keep their results."""
    workflow_id, version = _run(user_id, run_id)
    task = tasks_service.get_task(user_id, run_id)
    spec = next((s for s in task.plan if s.id == node), None)
    if spec is None:
        raise NodeNotFound()
    step_input = {**spec.input, "edited_output": output} if output is not None else None
    if output is None and "edited_output" in spec.input:
        step_input = {k: v for k, v in spec.input.items() if k != "edited_output"}
    return run_out(tasks_service.rerun(user_id, run_id, node, step_input), workflow_id, version)


def decide(user_id: str, run_id: str, body: WorkflowDecision) -> WorkflowRunOut:
    """Approve (optionally with an edited output) or reject a step waiting for approval."""
    workflow_id, version = _run(user_id, run_id)
    if body.output is None:
        detail = tasks_service.decide(user_id, run_id, body.step, body.decision)
    else:
        detail = tasks_service.decide(
            user_id, run_id, body.step, body.decision, {"text": body.output, "edited": True}
        )
    return run_out(detail, workflow_id, version)


def retry_node(user_id: str, run_id: str, node: str) -> WorkflowRunOut:
    """Run a failed node again (the run resumes from it)."""
    workflow_id, version = _run(user_id, run_id)
    task = tasks_service.get_task(user_id, run_id)
    if not any(node_of(s.id) == node for s in task.plan):
        raise NodeNotFound()
    failed = [s.step_id for s in task.steps if node_of(s.step_id) == node and s.status == "failed"]
    if not failed:
        raise StepNotFailed()
    return run_out(tasks_service.retry_step(user_id, run_id, failed[0]), workflow_id, version)
