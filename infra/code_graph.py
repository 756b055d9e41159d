"""What a Lambda's code can reach, read from its source without running it.

Two walks share one parser:

- `imports(path)`: every module a file imports (the layer check: an SDK a function imports, even
  lazily, must be in its layers).
- `CodeGraph.reach(entry)`: the top-level functions, classes and constants a handler can reach
  through the calls and references of what it reaches, with every call site seen on the way (the
  grant check in `infra.grants` reads tables, buckets, queues and secrets from them).

The symbol walk, from a handler module (all of it: its routes are its entry points):

- a reached function, class or constant is walked whole (a class: every method); so are the
  statements its module runs at import that are not definitions, and the functions its module
  registers at import (decorated by one of the project's own objects, such as a router);
- a name, `module.name` or `alias.name.attr…` is resolved through the module's imports (lazy ones
  included) to the module and top-level symbol it names; annotations and `if TYPE_CHECKING:`
  blocks are not references (annotations are strings at run time), except what FastAPI reads
  from them: an `Annotated[...]`'s metadata and a module-level alias (`CurrentUser`);
- a `"webox.package.module:function"` string is a reference (declared hooks are resolved so);
- `import_module(f"…{x}…")` reaches every module whose name matches the pattern.

It over-approximates (a reached class brings all its methods, a branch never taken still counts)
but follows functions rather than modules: importing a module is not using what it defines.
"""

from __future__ import annotations

import ast
import fnmatch
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Where each top-level package's source lives.
SOURCE_ROOTS = {"webox": ROOT / "layers" / "webox", "functions": ROOT}
INIT = "<init>"  # the statements a module runs at import that define nothing by name
EVERYTHING = "*"  # the whole module: a handler's entry points
HOOK_PATH = re.compile(r"^(webox(?:\.\w+)+):(\w+)$")


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    return {
        id(node)
        for block in ast.walk(tree)
        if isinstance(block, ast.If) and ast.unparse(block.test) in {"TYPE_CHECKING", "typing.TYPE_CHECKING"}
        for stmt in block.body
        for node in ast.walk(stmt)
    }


def imports(path: Path) -> set[str]:
    """Every module `path` imports, lazily or not (inside `if TYPE_CHECKING:` excepted)."""
    tree, found = ast.parse(path.read_text()), set()
    skipped = _type_checking_nodes(tree)
    for node in ast.walk(tree):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def module_file(name: str) -> Path | None:
    """The source of a project module (`webox.…`, `functions.…`), None for any other."""
    root = SOURCE_ROOTS.get(name.split(".")[0])
    if root is None:
        return None
    base = root / Path(*name.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return candidate
    return None


def project_modules() -> list[str]:
    """Every module of the project's packages."""
    names = []
    for package, root in SOURCE_ROOTS.items():
        for path in sorted((root / package).rglob("*.py")):
            parts = path.relative_to(root).with_suffix("").parts
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


@dataclass(frozen=True)
class Call:
    """A call site in reached code: the symbol called (`module:name`), its arguments, and where."""

    callee: str
    args: tuple[ast.expr, ...]
    module: str


@dataclass
class Module:
    """One parsed module: what its names are bound to, and its top-level units."""

    name: str
    tree: ast.Module
    # local name → dotted target (`webox.chat.service` or `webox.auth.models.User`)
    aliases: dict[str, str] = field(default_factory=dict)
    # top-level name → the statements defining it
    symbols: dict[str, list[ast.stmt]] = field(default_factory=dict)
    init: list[ast.stmt] = field(default_factory=list)
    skipped: set[int] = field(default_factory=set)

    @classmethod
    def parse(cls, name: str, path: Path) -> Module:
        tree = ast.parse(path.read_text())
        module = cls(name, tree, skipped=_type_checking_nodes(tree))
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(tree):
            if id(node) in module.skipped:
                continue
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        module.aliases[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        module.aliases[top] = top
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                    base = f"{anchor}.{base}".rstrip(".")
                for alias in node.names:
                    module.aliases[alias.asname or alias.name] = f"{base}.{alias.name}"
        for stmt in tree.body:
            for bound in _bound_names(stmt):
                module.symbols.setdefault(bound, []).append(stmt)
        module.init = [stmt for stmt in tree.body if not _bound_names(stmt) or module._registers(stmt)]
        return module

    def _registers(self, stmt: ast.stmt) -> bool:
        """A definition whose decorator is one of the project's objects (a router, a dispatcher):
        importing the module registers it, so it is reached with the module."""
        if not isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            return False
        for decorator in stmt.decorator_list:
            root = decorator.func if isinstance(decorator, ast.Call) else decorator
            while isinstance(root, ast.Attribute):
                root = root.value
            project = isinstance(root, ast.Name) and (
                root.id in self.symbols or self.aliases.get(root.id, "").split(".")[0] in SOURCE_ROOTS
            )
            if project:
                return True
        return False


def _bound_names(stmt: ast.stmt) -> list[str]:
    if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return [stmt.name]
    if isinstance(stmt, ast.Assign):
        return [n.id for target in stmt.targets for n in ast.walk(target) if isinstance(n, ast.Name)]
    if isinstance(stmt, ast.AnnAssign | ast.AugAssign) and isinstance(stmt.target, ast.Name):
        return [stmt.target.id]
    return []


def _dotted(node: ast.expr) -> str | None:
    """`a.b.c` for a chain of attributes on a name, else None."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if not isinstance(node, ast.Name):
        return None
    return ".".join([node.id, *reversed(parts)])


class CodeGraph:
    """The project's modules, parsed once, and the walk over them."""

    def __init__(self) -> None:
        self._modules: dict[str, Module | None] = {}

    def module(self, name: str) -> Module | None:
        if name not in self._modules:
            path = module_file(name)
            self._modules[name] = Module.parse(name, path) if path else None
        return self._modules[name]

    @cached_property
    def _all_names(self) -> list[str]:
        return project_modules()

    def split(self, dotted: str) -> tuple[str, str] | None:
        """`(module, top-level name)` of a dotted path into project code, following re-exports;
        `(module, INIT)` for a module itself; None outside the project."""
        parts = dotted.split(".")
        for cut in range(len(parts), 0, -1):
            name = ".".join(parts[:cut])
            module = self.module(name)
            if module is None:
                continue
            if cut == len(parts):
                return name, INIT
            symbol = parts[cut]
            if symbol in module.symbols:
                return name, symbol
            if symbol in module.aliases:  # re-exported: follow it
                return self.split(".".join([module.aliases[symbol], *parts[cut + 1 :]]))
            return None
        return None

    def resolve(self, module: Module, node: ast.expr) -> tuple[str, str] | None:
        """What a name or attribute chain in `module` refers to, as `(module, symbol)`."""
        dotted = _dotted(node)
        if dotted is None:
            return None
        head, _, rest = dotted.partition(".")
        if head in module.symbols:
            return module.name, head
        if head in module.aliases:
            return self.split(".".join(filter(None, [module.aliases[head], rest])))
        return None

    def constant(self, module: Module, node: ast.expr, depth: int = 0) -> str | None:
        """The string an argument is, when it is a literal or names a module-level literal."""
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return node.value
        target = self.resolve(module, node) if depth < 5 else None
        if target is None or target[1] == INIT:
            return None
        owner = self.module(target[0])
        for stmt in owner.symbols.get(target[1], []) if owner else []:
            if isinstance(stmt, ast.Assign | ast.AnnAssign) and stmt.value is not None and owner:
                return self.constant(owner, stmt.value, depth + 1)
        return None

    def reach(self, entry: str, symbol: str | None = None) -> Reach:
        """Everything a handler module (or one symbol of a module) can reach (see the module
        docstring for the rules)."""
        reach = Reach()
        pending: list[tuple[str, str, tuple[str, str] | None]] = [(entry, symbol or EVERYTHING, None)]
        while pending:
            name, symbol, parent = pending.pop()
            if (name, symbol) in reach.symbols:
                continue
            reach.symbols.add((name, symbol))
            reach.parents[(name, symbol)] = parent
            module = self.module(name)
            if module is None:
                continue
            if symbol == EVERYTHING:
                units = [stmt for stmts in module.symbols.values() for stmt in stmts] + module.init
            else:
                units = list(module.symbols.get(symbol, []))
                pending.append((name, INIT, (name, symbol)))
                if symbol == INIT:
                    units = module.init
            for unit in units:
                pending += [(*target, (name, symbol)) for target in self.walk(module, unit, reach)]
        return reach

    def walk(self, module: Module, unit: ast.stmt, reach: Reach) -> Iterator[tuple[str, str]]:
        """The symbols one statement refers to (its calls recorded in `reach`)."""
        for node, annotation in _references(unit, module.skipped):
            if isinstance(node, ast.Import | ast.ImportFrom):
                yield from self._imported(module, node)
            elif isinstance(node, ast.Attribute) or (
                isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load)
            ):
                target = self.resolve(module, node)
                if target and (not annotation or self._is_alias(target)):
                    yield target
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                match = HOOK_PATH.match(node.value)
                if match:
                    yield match.group(1), match.group(2)
            elif isinstance(node, ast.Call):
                target = self.resolve(module, node.func)
                if target:
                    reach.calls.append(Call(f"{target[0]}:{target[1]}", tuple(node.args), module.name))
                yield from self._dynamic_imports(module, node)

    def _is_alias(self, target: tuple[str, str]) -> bool:
        """A module-level assignment (`CurrentUser = Annotated[User, Depends(current_user)]`): in an
        annotation, FastAPI resolves it to a dependency; a class there is only a type."""
        module = self.module(target[0])
        stmts = module.symbols.get(target[1], []) if module else []
        return any(isinstance(stmt, ast.Assign | ast.AnnAssign) for stmt in stmts)

    def _imported(self, module: Module, node: ast.Import | ast.ImportFrom) -> Iterator[tuple[str, str]]:
        """An import runs the imported module's top level."""
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            names = [module.aliases.get(alias.asname or alias.name, "") for alias in node.names]
        for name in names:
            target = self.split(name)
            if target:
                yield target[0], INIT

    def _dynamic_imports(self, module: Module, call: ast.Call) -> Iterator[tuple[str, str]]:
        callee = _dotted(call.func) or ""
        if not callee.endswith("import_module") or not call.args:
            return
        argument = call.args[0]
        if not isinstance(argument, ast.JoinedStr):
            return
        pattern = "".join(
            str(part.value)
            if isinstance(part, ast.Constant)
            else module.name
            if isinstance(part, ast.FormattedValue) and ast.unparse(part.value) == "__name__"
            else "*"
            for part in argument.values
        )
        for name in fnmatch.filter(self._all_names, pattern):
            yield name, EVERYTHING


def _references(unit: ast.stmt, skipped: set[int]) -> Iterator[tuple[ast.AST, bool]]:
    """The nodes of a unit that may refer to something, each with whether it sits in an annotation
    (outside an `Annotated[...]`); `if TYPE_CHECKING:` left out; of an attribute chain only the
    whole chain."""
    stack: list[tuple[ast.AST, bool]] = [(unit, False)]
    while stack:
        node, annotation = stack.pop()
        if id(node) in skipped:
            continue
        yield node, annotation
        if isinstance(node, ast.Attribute) and _dotted(node) is not None:
            continue  # the chain is resolved as a whole
        if (
            annotation
            and isinstance(node, ast.Subscript)
            and (_dotted(node.value) or "").endswith("Annotated")
        ):
            annotation = False  # FastAPI reads `Depends(...)` from there
        for name, value in ast.iter_fields(node):
            inside = annotation or name in {"annotation", "returns"}
            children = value if isinstance(value, list) else [value]
            stack.extend((child, inside) for child in children if isinstance(child, ast.AST))


@dataclass
class Reach:
    """What a walk reached: `(module, symbol)` pairs and every call site seen in reached code."""

    symbols: set[tuple[str, str]] = field(default_factory=set)
    calls: list[Call] = field(default_factory=list)
    # how each symbol was first reached (None: the entry)
    parents: dict[tuple[str, str], tuple[str, str] | None] = field(default_factory=dict)

    def path(self, symbol: tuple[str, str]) -> list[str]:
        """The chain of references from the entry to `symbol`, as `module:name` (why it is reached)."""
        chain: list[str] = []
        current: tuple[str, str] | None = symbol
        while current is not None and current in self.parents:
            chain.append(f"{current[0]}:{current[1]}")
            current = self.parents[current]
        return chain[::-1]
