"""Each function's grants as its code needs them, against what the manifest declares.

Locally nothing enforces IAM: a table, bucket, queue or secret missing from a function's
declaration only fails on AWS, at the first request that touches it. `drift()` reads what each
handler can reach (`infra.code_graph`: functions, classes and constants, not whole modules) and
derives what it uses:

| grant | the code that needs it, in reached code |
|---|---|
| `tables` | a pynamodb model class (or one of its index classes) referred to; the generic account sweep (`webox.account.repository.user_tables`) reaches every model it returns |
| `buckets` | a call of any `webox.storage` function, the bucket its first argument names |
| `sends_to` | `webox.queue.send` / `send_ordered` / `queue_url`, the queue its first argument names; a task's queue (`webox.tasks.jobs.queue_for(kind)`, see `ROUTER`) |
| `secrets` | `webox.config.resource_env("secret", name)`, which every secret reader calls |
| started state machines | `webox.workflow.start` / `state_machine_arn`, the machine its first argument names |
| `push`, `mail`, `kms` | `webox.aws.client("apigatewaymanagementapi" / "ses" / "kms")` |
| writes to `READ_ONLY_CANDIDATES` | a reached function (or class) that calls a write (`save`, `update`, `delete`, `batch_write`, `TransactWrite`…): the tables of the models it names, or, naming none (it writes an instance it was given), every table its module names |

For `READ_ONLY_CANDIDATES` (the accounts' tables every request reads), a function that only reads
one must declare it in `read_only` (it gets read-only grants), and one that writes it must not.

An argument is read when it is a literal or names a module-level literal (`BUCKET = "media"`);
any other (a loop over `manifest.BUCKETS`) stands for every resource of that kind. Calls inside
the module that defines the helper (`webox.storage` calling itself) do not count: the caller names
the resource.

Reachability over-approximates (a branch never taken still counts) but follows calls, so a
function that imports a feature's service without calling what touches a table is not charged
with that table. A grant the code reaches but the manifest lacks is "missing" (it would fail on
AWS); one the manifest gives but no reached code uses is "superfluous" (least privilege).
"""

from __future__ import annotations

import ast
import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from webox import manifest
from webox.db import all_models, logical_name
from webox.platform import Function
from webox.tasks.jobs import KIND_QUEUES, queue_for
from webox.tasks.jobs import QUEUE as TASKS_QUEUE

from infra.code_graph import Call, CodeGraph, Module, Reach

# The one look-up the walk cannot read: the sweep lists the models of `manifest.MODEL_MODULES` with
# a user key or index at run time.
SWEEP = ("webox.account.repository", "user_tables")
# The other: the task engine imports the modules registering step kinds (`KIND_MODULES`) by name. The
# worker of its default queue runs their steps; an API only checks that a plan names registered kinds,
# and a worker of a queue of its own runs only the kinds it registers (`engine.advance`).
KIND_LOADER = ("webox.tasks.kinds", "_load")
# The third: a workflow's nodes are checked by their settings classes (`*Config`), which the nodes
# package imports by name; whoever checks a graph runs their validators (not their steps).
NODE_CHECK = ("webox.workflows.graph", "problems")
NODE_PACKAGE = "webox.workflows.nodes"
# The fourth: the engine sends a task's steps to the queue of its kind (`queue_for(task.kind)`, the
# kind read from the task). A worker of a task queue sends to its own: the engine advances no other
# queue's task there. Any other function sends to the default queue (the generic service starts and
# drives only its tasks, `tasks.service.check_kind`), and to a kind's own queue (`KIND_QUEUES`) when
# its code names that kind (a module-level constant): it starts such tasks. A worker of a queue of
# its own that starts tasks (`new_task`) may send to the default queue too.
ROUTER = ("webox.tasks.jobs", "queue_for")
STARTS_TASKS = ("webox.tasks.service", "new_task")
TASK_QUEUE = "<the queue of a task's kind>"  # stands for `_task_queues` until a function's reach is known
ANY = "*"  # an argument that names no literal: every resource of the kind
# Tables most functions only read (who is signed in, their session): write access is declared by
# exception. `api_tokens` is not one: every request with a token records its last use.
READ_ONLY_CANDIDATES = ("users", "sessions")
# Calls that write: pynamodb's item and batch writes and transactions, and boto3's low-level ones.
# Over-approximated on purpose (a dict's `update` counts): a false write only keeps a grant wider.
WRITE_CALLS = frozenset(
    {"save", "update", "delete", "batch_write", "TransactWrite", "put_item", "update_item", "delete_item",
     "transact_write_items", "batch_write_item"}
)  # fmt: skip


@dataclass
class Grants:
    """What a function may touch, in the manifest's vocabulary."""

    tables: set[str] = field(default_factory=set)
    buckets: set[str] = field(default_factory=set)
    sends_to: set[str] = field(default_factory=set)
    secrets: set[str] = field(default_factory=set)
    starts: set[str] = field(default_factory=set)
    # Of `READ_ONLY_CANDIDATES`, the tables it writes.
    writes: set[str] = field(default_factory=set)
    push: bool = False
    mail: bool = False
    kms: bool = False

    @classmethod
    def declared(cls, spec: Function) -> Grants:
        """What the manifest grants `spec`."""
        return cls(
            tables=set(spec.tables),
            buckets=set(spec.buckets),
            sends_to=set(spec.sends_to),
            secrets=set(spec.secrets),
            starts={m.name for m in manifest.STATE_MACHINES if spec.name in m.started_by},
            # A function behind a WebSocket API of its own (voice's relay) posts on it: its construct
            # grants that, as `push` grants posting on the browsers' API.
            push=spec.push or bool(spec.ws_routes and spec.ws_api != "browser"),
            mail=spec.mail,
            kms=spec.kms,
            writes={t for t in spec.tables if t in READ_ONLY_CANDIDATES and t not in spec.read_only},
        )

    def as_names(self) -> set[str]:
        """Every grant as `kind:name` (flags as `push`, `mail`, `kms`)."""
        kinds = {
            "table": self.tables,
            "bucket": self.buckets,
            "queue": self.sends_to,
            "secret": self.secrets,
            "state machine": self.starts,
        }
        names = {f"{kind}:{name}" for kind, values in kinds.items() for name in values}
        names |= {f"write:{table}" for table in self.writes}
        return names | {flag for flag in ("push", "mail", "kms") if getattr(self, flag)}


def _model_tables() -> dict[tuple[str, str], str]:
    """`(module, class)` of every model and index class → the model's logical table name."""
    found = {}
    for model in all_models(manifest.MODEL_MODULES):
        table = logical_name(model)
        found[(model.__module__, model.__name__)] = table
        for index in model._indexes.values():
            found[(type(index).__module__, type(index).__name__)] = table
    return found


def _validators(statements: Iterable[ast.stmt]) -> Iterator[ast.stmt]:
    """The pydantic validators of a class's statements (what checking a node's settings runs)."""
    for statement in statements:
        if isinstance(statement, ast.ClassDef):
            for item in statement.body:
                if isinstance(item, ast.FunctionDef) and any(
                    "validator" in ast.unparse(d) for d in item.decorator_list
                ):
                    yield item


def _writes(statement: ast.stmt) -> bool:
    """Whether a statement calls a write (`WRITE_CALLS`), by method or by name."""
    for node in ast.walk(statement):
        if isinstance(node, ast.Call):
            callee = node.func
            name = callee.attr if isinstance(callee, ast.Attribute) else getattr(callee, "id", None)
            if name in WRITE_CALLS:
                return True
    return False


def _swept_tables() -> set[str]:
    sweep = getattr(importlib.import_module(SWEEP[0]), SWEEP[1])
    return {logical_name(model) for model, _ in sweep()}


class Deriver:
    """Derives grants from code; one per check (it parses each module once)."""

    def __init__(self) -> None:
        self.graph = CodeGraph()
        self.tables = _model_tables()

    def used(self, spec: Function) -> Grants:
        """What `spec`'s handler can reach and use."""
        reach = self.graph.reach(spec.import_path)
        if KIND_LOADER in reach.symbols and spec.queue == TASKS_QUEUE:
            from webox.tasks.kinds import KIND_MODULES

            for kind_module in KIND_MODULES:
                loaded = self.graph.reach(kind_module)
                reach.symbols |= loaded.symbols
                reach.calls += loaded.calls
        if NODE_CHECK in reach.symbols:
            from webox.workflows.nodes import MODULES

            for name in (f"{NODE_PACKAGE}.{m}" for m in MODULES):
                module = self.graph.module(name)
                if module is None:
                    continue
                for symbol, statements in module.symbols.items():
                    if not symbol.endswith("Config"):
                        continue
                    for validator in _validators(statements):
                        found = Reach()
                        for target in list(self.graph.walk(module, validator, found)):
                            loaded = self.graph.reach(*target)
                            reach.symbols |= loaded.symbols
                            reach.calls += loaded.calls
                        reach.calls += found.calls
        grants = Grants(tables={self.tables[s] for s in reach.symbols if s in self.tables})
        if SWEEP in reach.symbols:
            grants.tables |= _swept_tables()
            grants.writes |= _swept_tables()  # the sweep deletes what it finds
        self._from_calls(reach, grants)
        if TASK_QUEUE in grants.sends_to:
            grants.sends_to.remove(TASK_QUEUE)
            grants.sends_to |= self._task_queues(spec, reach)
        grants.writes = {t for t in grants.writes | self._written(reach) if t in READ_ONLY_CANDIDATES}
        return grants

    def _task_queues(self, spec: Function, reach: Reach) -> set[str]:
        """The queues the engine may send a task's steps to from `spec` (see `ROUTER`)."""
        own_queue = spec.queue in KIND_QUEUES.values()
        found = {spec.queue} if spec.queue is not None and (spec.queue == TASKS_QUEUE or own_queue) else set()
        if not own_queue or STARTS_TASKS in reach.symbols:
            found.add(TASKS_QUEUE)
        return found | {KIND_QUEUES[kind] for kind in self._kinds_named(reach)}

    def _kinds_named(self, reach: Reach) -> set[str]:
        """The task kinds of `KIND_QUEUES` that reached module-level constants name."""
        found: set[str] = set()
        for module_name, symbol in reach.symbols:
            module = self.graph.module(module_name)
            if module is None:
                continue
            for statement in module.symbols.get(symbol, []):
                if isinstance(statement, ast.Assign | ast.AnnAssign) and statement.value is not None:
                    value = self.graph.constant(module, statement.value)
                    if value in KIND_QUEUES:
                        found.add(value)
        return found

    def _queue(self, call: Call) -> str:
        """The queue a send names: its first argument, or the queue of the kind `queue_for` is given."""
        module = self.graph.module(call.module)
        argument = call.args[0] if call.args else None
        if (
            module is not None
            and isinstance(argument, ast.Call)
            and self.graph.resolve(module, argument.func) == ROUTER
        ):
            kind = self._argument(call.module, argument.args, 0)
            return TASK_QUEUE if kind == ANY else queue_for(kind)
        return self._argument(call.module, call.args, 0)

    def _written(self, reach: Reach) -> set[str]:
        """The tables reached code writes (see the module docstring)."""
        written: set[str] = set()
        for module_name, symbol in reach.symbols:
            module = self.graph.module(module_name)
            statements = module.symbols.get(symbol, []) if module else []
            if module is None or not any(_writes(statement) for statement in statements):
                continue
            named = self._tables_named(module, statements)
            if (module_name, symbol) in self.tables:
                named.add(self.tables[(module_name, symbol)])  # a model's own method
            written |= named or self._tables_named(module, [s for u in module.symbols.values() for s in u])
        return written

    def _tables_named(self, module: Module, statements: Iterable[ast.stmt]) -> set[str]:
        found: set[str] = set()
        for statement in statements:
            found |= {self.tables[t] for t in self.graph.walk(module, statement, Reach()) if t in self.tables}
        return found

    def _argument(self, module_name: str, args: Iterable[ast.expr], position: int) -> str:
        module = self.graph.module(module_name)
        given = list(args)
        if module is None or len(given) <= position:
            return ANY
        return self.graph.constant(module, given[position]) or ANY

    def _from_calls(self, reach: Reach, grants: Grants) -> None:
        services = {"apigatewaymanagementapi": "push", "ses": "mail", "kms": "kms"}
        for call in reach.calls:
            owner, _, name = call.callee.partition(":")
            if owner == call.module:
                continue
            if owner == "webox.storage":
                grants.buckets.add(self._argument(call.module, call.args, 0))
            elif owner == "webox.queue" and name in {"send", "send_ordered", "queue_url"}:
                grants.sends_to.add(self._queue(call))
            elif owner == "webox.workflow" and name in {"start", "state_machine_arn"}:
                grants.starts.add(self._argument(call.module, call.args, 0))
            elif (
                call.callee == "webox.config:resource_env"
                and self._argument(call.module, call.args, 0) == "secret"
            ):
                grants.secrets.add(self._argument(call.module, call.args, 1))
            elif call.callee == "webox.aws:client":
                flag = services.get(self._argument(call.module, call.args, 0))
                if flag:
                    setattr(grants, flag, True)
        every = {
            "buckets": manifest.BUCKETS,
            "sends_to": [q.name for q in manifest.QUEUES],
            "secrets": [s.name for s in manifest.SECRETS],
            "starts": [m.name for m in manifest.STATE_MACHINES],
        }
        for kind, names in every.items():
            found: set[str] = getattr(grants, kind)
            if ANY in found:
                found.discard(ANY)
                found.update(names)


@dataclass(frozen=True)
class Drift:
    """How one function's declaration differs from what its code uses."""

    function: str
    missing: tuple[str, ...]
    superfluous: tuple[str, ...]

    def __str__(self) -> str:
        parts = [f"missing {', '.join(self.missing)}" if self.missing else ""]
        parts.append(f"superfluous {', '.join(self.superfluous)}" if self.superfluous else "")
        return f"{self.function}: " + "; ".join(filter(None, parts))


def drift(deriver: Deriver | None = None) -> list[Drift]:
    """Every function of the manifest whose declared grants differ from what its code uses."""
    deriver = deriver or Deriver()
    found = []
    for spec in manifest.FUNCTIONS:
        used, declared = deriver.used(spec).as_names(), Grants.declared(spec).as_names()
        if used != declared:
            found.append(Drift(spec.name, tuple(sorted(used - declared)), tuple(sorted(declared - used))))
    return found
