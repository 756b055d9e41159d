"""The Lambda code `infra.bundling` builds: compiled for python3.11 as Lambda loads it, nothing the
runtime already has, nothing that must never ship, and nothing rebuilt when nothing changed."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import marshal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from infra import bundling, code_graph
from tests.infra.conftest import ensure_built

UNCHECKED_HASH = 0b01  # PEP 552 flags: hash-based, check_source off


@pytest.fixture(scope="module")
def built() -> dict[str, dict[str, object]]:
    ensure_built()
    return bundling.read_manifest()


def _pyc(source: Path) -> Path:
    return Path(importlib.util.cache_from_source(str(source)))


def _header_flags(pyc: Path) -> int:
    data = pyc.read_bytes()
    assert data[:4] == importlib.util.MAGIC_NUMBER, f"{pyc} was not compiled by Python 3.11"
    return int.from_bytes(data[4:8], "little")


class TestCompiled:
    @pytest.mark.parametrize("key", ["layers/deps", "layers/webox", "functions/realtime"])
    def test_every_module_has_an_unchecked_hash_pyc_next_to_its_source(
        self, built: dict[str, object], key: str
    ) -> None:
        sources = list((bundling.BUILD / key).rglob("*.py"))
        assert sources
        for source in sources:
            pyc = _pyc(source)
            assert pyc.is_file(), f"{source} has no .pyc"
            assert _header_flags(pyc) == UNCHECKED_HASH, pyc

    def test_tracebacks_point_where_lambda_mounts_the_code(self, built: dict[str, object]) -> None:
        layer_pyc = _pyc(bundling.BUILD / "layers/webox/python/webox/config.py")
        function_pyc = _pyc(bundling.BUILD / "functions/realtime/ws.py")
        # Our own build output, read past the 16-byte header.
        assert marshal.loads(layer_pyc.read_bytes()[16:]).co_filename == "/opt/python/webox/config.py"  # noqa: S302
        assert marshal.loads(function_pyc.read_bytes()[16:]).co_filename == "/var/task/ws.py"  # noqa: S302

    def test_handlers_sit_at_the_root_of_their_feature_folder(self, built: dict[str, object]) -> None:
        from webox import manifest

        for spec in manifest.FUNCTIONS:
            assert (bundling.FUNCTIONS / spec.feature / f"{spec.module}.py").is_file(), spec.name


class TestContents:
    def test_the_runtime_provides_boto3_and_its_family(self, built: dict[str, object]) -> None:
        site = bundling.BUILD / "layers/deps/python"
        for name in ("boto3", "botocore", "s3transfer", "jmespath", "urllib3", "dateutil", "six.py"):
            assert not (site / name).exists(), name
        assert not list(site.glob("boto3-*.dist-info"))
        assert not (site / "bin").exists()

    def test_every_runtime_dependency_ships(self, built: dict[str, object]) -> None:
        site = bundling.BUILD / "layers/deps/python"
        shipped = {
            bundling._canonical(p.name.removesuffix(".dist-info").rsplit("-", 1)[0])
            for p in site.glob("*.dist-info")
        }
        for requirement in bundling.runtime_requirements():
            name = bundling._canonical(requirement.split("[")[0].split(">")[0].split("<")[0].split("=")[0])
            assert name in shipped or name in bundling.PROVIDED_BY_RUNTIME, name

    def test_pynamodb_imports_with_botocore_from_elsewhere(self, built: dict[str, object]) -> None:
        # As on Lambda: the layer first, botocore from the runtime (here: this venv's).
        site = bundling.BUILD / "layers/deps/python"
        code = (
            f"import sys; sys.path.insert(0, {str(site)!r}); import pynamodb.models, botocore; "
            f"assert pynamodb.models.__file__.startswith({str(site)!r}); "
            f"assert not botocore.__file__.startswith({str(site)!r}); print('ok')"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        assert out.stdout.strip() == "ok"

    def test_the_local_host_and_fakes_never_ship(self, built: dict[str, object]) -> None:
        package = bundling.BUILD / "layers/webox/python/webox"
        assert (package / "manifest.py").is_file()
        assert not (package / "local").exists() and not (package / "testing").exists()

    def test_sizes_are_recorded(self, built: dict[str, dict[str, object]]) -> None:
        assert all(int(record["bytes"]) > 0 and int(record["files"]) > 0 for record in built.values())


class TestIncremental:
    def test_a_second_run_rebuilds_nothing_and_is_fast(self, built: dict[str, object]) -> None:
        first = bundling.bundle(log=lambda line: None)  # catches up with any edit made meanwhile
        lines: list[str] = []
        started = time.monotonic()
        assert bundling.bundle(log=lines.append) == first
        assert time.monotonic() - started < 5
        targets = [line for line in lines if line.startswith(("  layers", "  functions"))]
        assert targets and all(line.endswith("up to date") for line in targets)


def _reachable_third_party(entry: Path) -> set[str]:
    """Top-level third-party modules reachable from a handler through the webox modules it imports."""
    seen: set[Path] = set()
    pending, third_party = [entry], set()
    while pending:
        path = pending.pop()
        if path in seen:
            continue
        seen.add(path)
        if path.name == "__init__.py" and 'import_module(f"{__name__}.' in path.read_text():
            pending += path.parent.glob("*.py")  # a package that loads its modules by name
        for name in code_graph.imports(path):
            top = name.split(".")[0]
            if top == "webox":
                found = code_graph.module_file(name)
                if found is not None:
                    pending.append(found)
            elif top not in sys.stdlib_module_names and top != "functions" and top != "__future__":
                third_party.add(top)
    return third_party


class TestExtras:
    def test_every_function_finds_what_it_imports_in_its_layers(self, built: dict[str, object]) -> None:
        """An SDK imported (even lazily) by a function whose `extras` lack its group would fail on
        Lambda only, at the first call: caught here from the import graph."""
        from webox import manifest

        owners = importlib.metadata.packages_distributions()
        for spec in manifest.FUNCTIONS:
            layers = ["layers/deps", *(f"layers/deps-{name}" for name in bundling.extra_layers(spec.extras))]
            available = set(bundling.PROVIDED_BY_RUNTIME).union(*(bundling.shipped(key) for key in layers))
            entry = bundling.ROOT / "functions" / spec.feature / f"{spec.module}.py"
            for module in _reachable_third_party(entry):
                distributions = {bundling._canonical(d) for d in owners.get(module, [module])}
                assert distributions & available, f"{spec.name} imports {module}: add its group to `extras`"

    def test_each_function_fits_lambda_with_its_layers(self, built: dict[str, dict[str, object]]) -> None:
        from webox import manifest

        for spec in manifest.FUNCTIONS:
            keys = [
                "layers/deps",
                "layers/webox",
                *(f"layers/deps-{n}" for n in bundling.extra_layers(spec.extras)),
            ]
            size = sum(int(built[key]["bytes"]) for key in [*keys, f"functions/{spec.feature}"])
            assert size < 250 * 1024 * 1024, f"{spec.name}: {size / 1e6:.0f} MB unzipped"

    def test_extras_layers_leave_out_what_the_base_ships(self, built: dict[str, object]) -> None:
        base = bundling.shipped("layers/deps")
        for name in bundling.extra_requirements():
            extra = bundling.shipped(f"layers/deps-{name}")
            assert extra and not extra & base, name

    def test_a_function_never_needs_more_layers_than_lambda_attaches(self) -> None:
        """Lambda attaches 5 layers: base, webox and at most 3 extra layers; more extras share one."""
        from webox import manifest

        assert bundling.extra_layers(("models", "media")) == ["models", "media"]
        assert bundling.extra_layers(("models", "media", "automations", "agents")) == [
            "agents+automations+media+models"
        ]
        for spec in manifest.FUNCTIONS:
            assert len(bundling.extra_layers(spec.extras)) <= bundling.EXTRA_LAYER_SLOTS, spec.name
