"""Lambda layers and function code, built without Docker (`python -m infra.bundling`, run by `make layers`).

    build/layers/deps/python/...            [project].dependencies for python3.11 on arm64, minus what
                                            the Lambda runtime already provides (boto3 and its family)
    build/layers/deps-<extra>/python/...    one optional-dependency group named by some function's
                                            `manifest.Function.extras`, minus what the base layer ships
    build/layers/deps-<a>+<b>+.../python/.. the union of the groups of a function naming more extras
                                            than Lambda has layer slots left (`extra_layers`)
    build/layers/webox/python/webox/...     the `webox` package without `local` and `testing`
    build/functions/<feature>/...           each `functions/<feature>/` folder (handler `<module>.handler`)
    build/bundle.json                       per target: input stamp, content hash (the CDK asset hash),
                                            files and bytes

Everything is compiled to `.pyc` by this interpreter (it must be the runtime's minor, 3.11) with
unchecked-hash invalidation: Lambda's code directory is read-only and zip mtimes are unreliable, so
timestamp-checked `.pyc` would be ignored and every cold start would compile again. The `.py` files
stay next to them for tracebacks.

A target is rebuilt only when its inputs (sources, pinned requirements, this file) changed, into a
temporary folder renamed into place, under a file lock (several `make` runs may share `build/`).
"""

from __future__ import annotations

import compileall
import fcntl
import hashlib
import importlib.metadata
import json
import os
import py_compile
import re
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build"
MANIFEST = BUILD / "bundle.json"
LAYERS = BUILD / "layers"
FUNCTIONS = BUILD / "functions"

RUNTIME_PYTHON = (3, 11)
# Lambda arm64 (Graviton). python3.11 runs on Amazon Linux 2, whose glibc is 2.26: wheels up to
# manylinux_2_26 load there (argon2-cffi-bindings >= 25 ships no manylinux2014 aarch64 wheel any more),
# manylinux_2_28 ones would not.
PLATFORMS = ("manylinux2014_aarch64", "manylinux_2_26_aarch64")
# Shipped by the python3.11 Lambda runtime itself: bundling them only costs size and cold start.
PROVIDED_BY_RUNTIME = frozenset(
    {"boto3", "botocore", "s3transfer", "jmespath", "urllib3", "python-dateutil", "six"}
)
# Never shipped: the local host and the fake vendor servers.
WEBOX_EXCLUDED = ("local", "testing")
JUNK = ("__pycache__", "*.pyc", "*.pyo", ".DS_Store", ".mypy_cache", ".pytest_cache", ".ruff_cache")


@dataclass
class Target:
    """One build output: a folder that becomes one CDK asset."""

    key: str  # "layers/deps", "layers/webox", "functions/<feature>"
    stamp: str  # hash of the inputs
    build: Callable[[Path], None]  # fills the (empty) folder it is given

    @property
    def output(self) -> Path:
        return BUILD / self.key


# ---------------------------------------------------------------------------------------------- hashing


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _files(root: Path) -> Iterator[Path]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path


def tree_hash(root: Path) -> str:
    """Content hash of a folder: relative paths and bytes (what the CDK asset hash is)."""
    digest = hashlib.sha256()
    for path in _files(root):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _stamp(*parts: object) -> str:
    digest = hashlib.sha256()
    digest.update(Path(__file__).read_bytes())
    digest.update(sys.version.split()[0].encode())
    for part in parts:
        digest.update(json.dumps(part, sort_keys=True, default=str).encode())
    return digest.hexdigest()


def _source_hash(root: Path, skip: Callable[[Path], bool]) -> str:
    digest = hashlib.sha256()
    for path in _files(root):
        relative = path.relative_to(root)
        if skip(relative):
            continue
        digest.update(relative.as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _is_junk(relative: Path) -> bool:
    return any(
        part == "__pycache__" or part.startswith(".") for part in relative.parts
    ) or relative.suffix in {
        ".pyc",
        ".pyo",
    }


# --------------------------------------------------------------------------------------------- building


def _compile(folder: Path, runtime_dir: str) -> None:
    """`.pyc` for every `.py`, as if compiled at `runtime_dir` (where Lambda mounts this folder)."""
    ok = compileall.compile_dir(
        str(folder),
        quiet=1,
        workers=0,
        stripdir=str(folder),
        prependdir=runtime_dir,
        invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH,
    )
    if not ok:
        raise SystemExit(f"bundling: compiling {folder} failed (see the errors above)")


def _project() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        project: dict[str, Any] = tomllib.load(file)["project"]
    return project


def runtime_requirements() -> list[str]:
    """`[project].dependencies` of pyproject.toml: what the base dependency layer ships."""
    return list(_project()["dependencies"])


# Lambda attaches at most 5 layers; the base dependency layer and the webox layer take two.
EXTRA_LAYER_SLOTS = 3


def extra_layers(extras: tuple[str, ...] | list[str]) -> list[str]:
    """The extra layers (their names after `deps-`) of a function naming `extras`: one per group
    while they fit Lambda's free slots, else one layer holding the union of its groups."""
    if len(extras) <= EXTRA_LAYER_SLOTS:
        return list(extras)
    return ["+".join(sorted(extras))]


def extra_requirements() -> dict[str, list[str]]:
    """Requirements of each extra layer some function uses (`extra_layers`): a group's own, or for a
    combined layer, the union of its groups' (in order, without repeats)."""
    from webox import manifest

    groups = _project()["optional-dependencies"]
    named = sorted({extra for spec in manifest.FUNCTIONS for extra in spec.extras})
    unknown = [name for name in named if name not in groups]
    if unknown:
        raise SystemExit(
            f"bundling: manifest extras {unknown} are not optional-dependency groups of pyproject.toml"
        )
    layers = sorted({layer for spec in manifest.FUNCTIONS for layer in extra_layers(spec.extras)})
    return {
        layer: list(dict.fromkeys(req for group in layer.split("+") for req in groups[group]))
        for layer in layers
    }


def shipped(key: str) -> set[str]:
    """Canonical names of the distributions a built layer holds."""
    return {
        _canonical(info.name.removesuffix(".dist-info").rsplit("-", 1)[0])
        for info in (BUILD / key / "python").glob("*.dist-info")
    }


def pins() -> list[str]:
    """`name==version` of every distribution installed here: the layer ships what the tests ran."""
    found = {}
    for dist in importlib.metadata.distributions():
        name = dist.metadata["Name"]
        if name and _canonical(name) not in {"webox", "pip", "setuptools", "wheel"}:
            found[_canonical(name)] = f"{_canonical(name)}=={dist.version}"
    return sorted(found.values())


def _drop_distribution(site: Path, dist_info: Path) -> None:
    record = dist_info / "RECORD"
    for line in record.read_text().splitlines() if record.is_file() else []:
        relative = line.rsplit(",", 2)[0]
        target = (site / relative).resolve()
        if target.is_relative_to(site) and target.is_file():
            target.unlink()
    shutil.rmtree(dist_info, ignore_errors=True)


def _prune_empty(root: Path) -> None:
    for folder in sorted((p for p in root.rglob("*") if p.is_dir()), key=lambda p: -len(p.parts)):
        if not any(folder.iterdir()):
            folder.rmdir()


def _build_site(output: Path, requirements: list[str], skip: frozenset[str] | set[str]) -> None:
    site = output / "python"
    site.mkdir(parents=True)
    BUILD.mkdir(exist_ok=True)
    constraints = BUILD / "layer-constraints.txt"
    constraints.write_text("\n".join(pins()) + "\n")
    # Wheels for Lambda's platform, downloaded once into build/pip-cache/wheels (pip download skips
    # the files it already has), then installed from there with no index.
    wheels = BUILD / "pip-cache" / "wheels"
    pip = [sys.executable, "-m", "pip"]
    quiet = ["-qq", "--disable-pip-version-check", "--cache-dir", str(BUILD / "pip-cache" / "http")]
    platform = [
        *(option for name in PLATFORMS for option in ("--platform", name)),
        "--implementation", "cp",
        "--python-version", f"{RUNTIME_PYTHON[0]}.{RUNTIME_PYTHON[1]}",
        "--only-binary=:all:",
        "--constraint", str(constraints),
    ]  # fmt: skip
    subprocess.run([*pip, "download", *quiet, *platform, "--dest", str(wheels), *requirements], check=True)  # noqa: S603
    install = ["install", *quiet, *platform, "--no-index", "--find-links", str(wheels), "--no-compile"]
    subprocess.run([*pip, *install, "--target", str(site), *requirements], check=True)  # noqa: S603
    for dist_info in site.glob("*.dist-info"):
        name = dist_info.name.removesuffix(".dist-info").rsplit("-", 1)[0]
        if _canonical(name) in skip:
            _drop_distribution(site, dist_info)
    shutil.rmtree(site / "bin", ignore_errors=True)  # console scripts: nothing runs them on Lambda
    for junk in site.rglob("__pycache__"):
        shutil.rmtree(junk, ignore_errors=True)
    _prune_empty(site)
    _compile(site, "/opt/python")


def build_deps(output: Path) -> None:
    _build_site(output, runtime_requirements(), PROVIDED_BY_RUNTIME)


def build_extra(name: str) -> Callable[[Path], None]:
    """An extra's layer: its group and what the group needs, minus what the base layer ships (layers
    share /opt/python, so the base's pydantic or httpx serve every extra)."""

    def build(output: Path) -> None:
        _build_site(output, extra_requirements()[name], PROVIDED_BY_RUNTIME | shipped("layers/deps"))

    return build


def build_webox(output: Path) -> None:
    source = ROOT / "layers" / "webox" / "webox"
    package = output / "python" / "webox"
    shutil.copytree(source, package, ignore=shutil.ignore_patterns(*JUNK))
    for excluded in WEBOX_EXCLUDED:
        shutil.rmtree(package / excluded, ignore_errors=True)
    _compile(output / "python", "/opt/python")


def build_function(feature: str) -> Callable[[Path], None]:
    def build(output: Path) -> None:
        shutil.copytree(ROOT / "functions" / feature, output, ignore=shutil.ignore_patterns(*JUNK))
        _compile(output, "/var/task")

    return build


# ---------------------------------------------------------------------------------------------- targets


def features() -> list[str]:
    """Folders of `functions/` that hold code (each becomes one Lambda code asset)."""
    root = ROOT / "functions"
    return sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and any(p.glob("*.py"))
    )


def _requirement_name(requirement: str) -> str:
    match = re.match(r"[A-Za-z0-9._-]+", requirement)
    return _canonical(match.group(0) if match else requirement)


def _deps_stamp(key: str, requirements: list[str], *base: str) -> str:
    """Requirements and the pinned versions of what the layer ships: a dev tool upgraded in the venv
    does not rebuild it, an upgraded dependency (or a new one it brings) does. An extra's stamp
    includes the base layer's (`base`), whose contents it leaves out."""
    wanted = shipped(key) | {_requirement_name(r) for r in requirements}
    relevant = [pin for pin in pins() if pin.split("==")[0] in wanted]
    return _stamp(PLATFORMS, sorted(PROVIDED_BY_RUNTIME), requirements, relevant, *base)


def targets() -> list[Target]:
    webox_source = ROOT / "layers" / "webox" / "webox"
    base = _deps_stamp("layers/deps", runtime_requirements())
    result = [
        Target("layers/deps", base, build_deps),
        *(
            Target(
                f"layers/deps-{name}",
                _deps_stamp(f"layers/deps-{name}", requirements, base),
                build_extra(name),
            )
            for name, requirements in extra_requirements().items()
        ),
        Target(
            "layers/webox",
            _stamp(_source_hash(webox_source, lambda r: _is_junk(r) or r.parts[0] in WEBOX_EXCLUDED)),
            build_webox,
        ),
    ]
    for feature in features():
        source = ROOT / "functions" / feature
        result.append(
            Target(f"functions/{feature}", _stamp(_source_hash(source, _is_junk)), build_function(feature))
        )
    return result


def read_manifest() -> dict[str, dict[str, Any]]:
    """What the last build recorded (the CDK stack reads asset hashes from here)."""
    if not MANIFEST.is_file():
        return {}
    recorded: dict[str, dict[str, Any]] = json.loads(MANIFEST.read_text())
    return recorded


def _size(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def bundle(*, force: bool = False, log: Callable[[str], None] = print) -> dict[str, dict[str, Any]]:
    """Build what changed; return the manifest (key → stamp, asset_hash, files, bytes)."""
    BUILD.mkdir(exist_ok=True)
    with (BUILD / ".bundling.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _bundle_locked(force=force, log=log)


def _bundle_locked(*, force: bool, log: Callable[[str], None]) -> dict[str, dict[str, Any]]:
    if sys.version_info[:2] != RUNTIME_PYTHON:
        raise SystemExit(
            f"bundling: .pyc must be compiled by Python {RUNTIME_PYTHON[0]}.{RUNTIME_PYTHON[1]} "
            f"(the Lambda runtime), not {sys.version.split()[0]}"
        )
    started = time.monotonic()
    previous, manifest = read_manifest(), {}
    wanted = targets()
    for target in wanted:
        output, record = target.output, previous.get(target.key, {})
        fresh = not force and record.get("stamp") == target.stamp and output.is_dir()
        took = 0.0
        if not fresh:
            began = time.monotonic()
            staging = output.with_name(f".{output.name}.tmp")
            shutil.rmtree(staging, ignore_errors=True)
            staging.parent.mkdir(parents=True, exist_ok=True)
            try:
                target.build(staging)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
            shutil.rmtree(output, ignore_errors=True)
            staging.rename(output)
            files, size = _size(output)
            record = {"stamp": target.stamp, "asset_hash": tree_hash(output), "files": files, "bytes": size}
            took = time.monotonic() - began
        manifest[target.key] = record
        state = f"built in {took:.1f} s" if not fresh else "up to date"
        log(f"  {target.key:<28} {record['files']:>6} files {int(record['bytes']) / 1e6:>8.1f} MB  {state}")
    keys = {t.key for t in wanted}
    for folder in (FUNCTIONS, LAYERS):
        for stale in folder.iterdir() if folder.is_dir() else ():
            if (
                stale.is_dir()
                and not stale.name.startswith(".")
                and f"{folder.name}/{stale.name}" not in keys
            ):
                shutil.rmtree(stale)
    MANIFEST.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    total = sum(int(r["bytes"]) for r in manifest.values())
    log(
        f"  total {total / 1e6:.1f} MB unzipped, {time.monotonic() - started:.1f} s  ({MANIFEST.relative_to(ROOT)})"
    )
    return manifest


def main() -> None:
    os.chdir(ROOT)
    bundle(force="--force" in sys.argv[1:])


if __name__ == "__main__":
    main()
