"""A workflow graph's checks (node settings, cycles, inputs, references), its compilation into a
task plan for one run, and the run's cost estimate."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from webox.placeholders import PLACEHOLDER, placeholders
from webox.text import requested_words
from webox.workflows.run_schemas import WorkflowCallEstimate
from webox.workflows.schemas import WorkflowGraph

if TYPE_CHECKING:
    from webox.workflows.nodes.base import Call, NodeConfig, NodeType, RunInfo

# Tokens a model is expected to write when a node sets no `max_tokens`, by whose key answers: the
# local simulators write short answers; real models write about a page.
EXPECTED_OUTPUT_TOKENS = {"simulated": 90, "default": 600}
JUDGE_OUTPUT_TOKENS = {"simulated": 200, "default": 900}
JUDGE_OVERHEAD_CHARS = 900  # the judge's instructions and the answers' tags
# Tokens per word of an answer whose length the prompt asks for ("environ 800 mots"): French and
# English prose run 1.5-1.7 tokens a word with the vendors' tokenizers (and the simulators' 4 chars).
TOKENS_PER_WORD = 1.6


def _node_types() -> dict[str, NodeType]:
    """The node types, their modules imported on first use: a workflow's read routes (its list,
    detail, versions, the marketplace) check no node, and the ten modules' settings classes are
    ~10 ms of the API's cold start."""
    from webox.workflows.nodes import NODE_TYPES

    return NODE_TYPES


def _predecessors(graph: WorkflowGraph) -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    for edge in graph.edges:
        if edge.source not in found[edge.target]:
            found[edge.target].append(edge.source)
    return found


def topological(graph: WorkflowGraph) -> list[str] | None:
    """Node ids, each after its predecessors (Kahn, keeping the drawing's order); None on a cycle."""
    ids = [node.id for node in graph.nodes]
    preds = _predecessors(graph)
    remaining = {i: len(set(preds[i]) & set(ids)) for i in ids}
    ordered: list[str] = []
    ready = [i for i in ids if remaining[i] == 0]
    while ready:
        current = ready.pop(0)
        ordered.append(current)
        for target in ids:
            if current in preds[target]:
                remaining[target] -= 1
                if remaining[target] == 0:
                    ready.append(target)
    return ordered if len(ordered) == len(ids) else None


def _ancestors(graph: WorkflowGraph, node_id: str) -> set[str]:
    preds = _predecessors(graph)
    seen: set[str] = set()
    stack = list(preds[node_id])
    while stack:
        current = stack.pop()
        if current not in seen:
            seen.add(current)
            stack.extend(preds[current])
    return seen


def configs(graph: WorkflowGraph) -> tuple[dict[str, NodeConfig], list[dict[str, str]]]:
    """Each node's settings checked by its type, and the problems found."""
    found: dict[str, NodeConfig] = {}
    problems: list[dict[str, str]] = []
    for node in graph.nodes:
        node_type = _node_types().get(node.type)
        if node_type is None:
            problems.append({"node": node.id, "message": f"unknown node type {node.type!r}"})
            continue
        try:
            found[node.id] = node_type.config.model_validate(node.config)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"])
            problems.append(
                {"node": node.id, "message": f"{where}: {first['msg']}" if where else first["msg"]}
            )
    return found, problems


def problems(graph: WorkflowGraph, user_id: str | None = None) -> list[dict[str, str]]:
    """Everything that keeps the graph from running, each naming its node (or variable); with
    `user_id`, also what its nodes name that this user may not use."""
    found, issues = configs(graph)
    ids = [node.id for node in graph.nodes]
    by_type = {node.id: node.type for node in graph.nodes}
    seen: set[str] = set()
    for node_id in ids:
        if node_id in seen:
            issues.append({"node": node_id, "message": "this id is used by two nodes"})
        seen.add(node_id)
    variables = {v.name for v in graph.variables}
    for node_id in sorted(variables & seen):
        issues.append({"node": node_id, "message": "a node and a variable have the same name"})
    for edge in graph.edges:
        for end in (edge.source, edge.target):
            if end not in seen:
                issues.append({"node": end, "message": "an edge names a node that does not exist"})
        if edge.source == edge.target:
            issues.append({"node": edge.source, "message": "a node cannot follow itself"})
    for edge in graph.edges:
        from_condition = edge.source in found and by_type.get(edge.source) == "condition"
        if from_condition and edge.branch is None:
            issues.append(
                {
                    "node": edge.source,
                    "message": "each edge out of a condition says its branch (true or false)",
                }
            )
        if edge.branch is not None and not from_condition:
            issues.append({"node": edge.source, "message": "only edges out of a condition have a branch"})
    if issues:
        return issues
    if topological(graph) is None:
        return [{"message": "the graph has a cycle (loops are not allowed outside a For-each node)"}]
    preds = _predecessors(graph)
    for node in graph.nodes:
        node_type = _node_types()[node.type]
        count = len(preds[node.id])
        if count < node_type.min_inputs:
            issues.append(
                {"node": node.id, "message": f"needs at least {node_type.min_inputs} incoming edge(s)"}
            )
        if node_type.max_inputs is not None and count > node_type.max_inputs:
            issues.append({"node": node.id, "message": "cannot have incoming edges"})
        before = _ancestors(graph, node.id)
        for template in found[node.id].templates():
            for name in placeholders(template):
                if name not in variables and name not in before:
                    where = "a later or unconnected node" if name in seen else "no variable or node"
                    issues.append({"node": node.id, "message": f"{{{{{name}}}}} refers to {where}"})
    if user_id and not issues:
        for node in graph.nodes:
            for code, message in found[node.id].owner_problems(user_id):
                issues.append({"node": node.id, "message": message, "code": code})
    return issues


def compile_plan(graph: WorkflowGraph, run: RunInfo) -> list[dict[str, Any]]:
    """The task plan of one run: each node's steps in topological order, a node's steps following its
    incoming edges and the nodes its templates read."""
    found, _ = configs(graph)
    order = topological(graph) or []
    preds = _predecessors(graph)
    by_id = {node.id: node for node in graph.nodes}
    plan: list[dict[str, Any]] = []
    for node_id in order:
        config = found[node_id]
        used = {n for t in config.templates() for n in placeholders(t)}
        refs = [n for t in config.templates() for n in placeholders(t) if n in by_id]
        after = list(dict.fromkeys([*preds[node_id], *refs]))
        steps = _node_types()[by_id[node_id].type].compile(node_id, config, after, run)
        if by_id[node_id].type != "input":
            _keep_used_values(steps, used)
        plan.extend(steps)
    _route(graph, plan)
    return plan


def _keep_used_values(steps: list[dict[str, Any]], used: set[str]) -> None:
    """A step carries only the values its node's templates read (a file's text is not copied into
    every step of the plan)."""
    for spec in steps:
        values = spec["input"].get("values")
        if isinstance(values, dict):
            spec["input"]["values"] = {k: v for k, v in values.items() if k in used}


def _route(graph: WorkflowGraph, plan: list[dict[str, Any]]) -> None:
    """Tell each condition step which successor steps each outcome leaves out."""
    for spec in plan:
        if "routes" not in spec["input"]:
            continue
        routes: dict[str, list[str]] = {"true": [], "false": []}
        for edge in graph.edges:
            if edge.source == spec["id"] and edge.branch:
                routes[edge.branch] += [
                    s["id"] for s in plan if spec["id"] in s["after"] and s["id"].split("-")[0] == edge.target
                ]
        spec["input"]["routes"] = routes


def _tokens(chars: int) -> int:
    return max(1, (chars + 3) // 4)


def estimate(graph: WorkflowGraph, run: RunInfo, source: Any) -> list[WorkflowCallEstimate]:
    """Each model call's expected tokens and cost. `source(model)` says whose key would answer it
    ("simulated", "platform", "user"), which sets the expected length of answers unless the prompt
    asks for one ("environ 800 mots")."""
    from webox.workflows.nodes.runtime import micro_usd

    found, _ = configs(graph)
    order = topological(graph) or []
    preds = _predecessors(graph)
    written: dict[str, int] = {}  # characters each node is expected to output
    calls: list[WorkflowCallEstimate] = []
    values_chars = {name: len(value) for name, value in run.values.items()}

    def filled(template: str) -> int:
        chars = len(template)
        for name in placeholders(template):
            chars += values_chars.get(name, written.get(name, 0)) - len(name) - 4
        return max(chars, 0)

    for node_id in order:
        config = found[node_id]
        node_calls: list[Call] = config.calls_in(run)
        outputs: list[int] = []
        for call in node_calls:
            if call.judge_of:
                model = call.model or _judge_for(call.judge_of, source)
                if not model:
                    continue
                key = "simulated" if source(model) == "simulated" else "default"
                answers = sum(outputs[: len(call.judge_of)])
                tokens_in = _tokens(filled(call.template) + answers + JUDGE_OVERHEAD_CHARS)
                tokens_out = JUDGE_OUTPUT_TOKENS[key]
                outputs = [tokens_out * 4]
            else:
                model = call.model
                key = "simulated" if source(model) == "simulated" else "default"
                tokens_in = _tokens(filled(call.template))
                asked = requested_words(
                    PLACEHOLDER.sub(lambda m: run.values.get(m.group(1), ""), call.template)
                )
                expected = round(asked * TOKENS_PER_WORD) if asked else EXPECTED_OUTPUT_TOKENS[key]
                tokens_out = min(call.max_tokens or 10**9, expected)
                outputs.append(tokens_out * 4)
            calls.append(
                WorkflowCallEstimate(
                    node=node_id,
                    model=model,
                    input_tokens=tokens_in,
                    output_tokens=tokens_out,
                    cost_micro_usd=micro_usd(model, tokens_in, tokens_out),
                )
            )
        if outputs:
            written[node_id] = outputs[-1]
        else:  # a node without a model passes its inputs on
            written[node_id] = sum(written.get(p, 0) for p in preds[node_id]) or sum(values_chars.values())
    return calls


def _judge_for(models: tuple[str, ...], source: Any) -> str:
    """The judge cross-verification would pick, without asking the plan (an estimate)."""
    from webox.providers import registry
    from webox.verification.service import JUDGES

    vendors = {registry.get_model(m).vendor for m in models}
    usable = [m for m in JUDGES if source(m) is not None]
    outside = [m for m in usable if registry.get_model(m).vendor not in vendors]
    return (outside or usable or [""])[0]
