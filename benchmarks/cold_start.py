"""Cold start: each Lambda handler imported in a fresh interpreter from its built function folder and
the built `webox` layer (what Lambda loads), with their precompiled .pyc and with bytecode disabled.

The dependency layer is built for arm64 and cannot load here, so third-party packages come from this
venv, which holds the same pinned versions (constraints.txt) with their own compiled bytecode."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from typing import Any

from webox import manifest

from benchmarks.harness import ROOT

RUNS = int(os.environ.get("WEBOX_BENCH_COLD_RUNS", "5"))
BUILD = ROOT / "build"


def import_time(function: manifest.Function, *, bytecode: bool) -> float:
    """Seconds to import `<module>.handler` as Lambda would (sys.path = function code + layers)."""
    paths = [BUILD / "functions" / function.feature, BUILD / "layers" / "webox" / "python"]
    code = (
        "import sys, time; start = time.perf_counter(); "
        f"import {function.module}; assert callable({function.module}.handler); "
        "print(time.perf_counter() - start)"
    )
    env = {
        "PATH": os.environ.get("PATH", ""),
        "PYTHONPATH": os.pathsep.join(str(p) for p in paths),
        "AWS_REGION": "eu-west-3",
        "WEBOX_STAGE": "bench",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    flags = ["-I"] if bytecode else ["-I", "-X", "pycache_prefix=/nonexistent-webox-bench"]
    # -I ignores PYTHONPATH: pass the paths through sys.path instead.
    setup = "import sys; sys.path[:0] = " + repr([str(p) for p in paths]) + "; "
    output = subprocess.run(
        [sys.executable, *flags, "-c", setup + code], env=env, capture_output=True, text=True, check=True
    ).stdout
    return float(output.strip().splitlines()[-1])


def main() -> dict[str, Any]:
    print(__doc__.strip().splitlines()[0])
    if not (BUILD / "layers" / "webox" / "python").exists():
        print("  build/ is missing: run `make layers` first")
        return {}
    results = {}
    for function in manifest.FUNCTIONS:
        compiled = statistics.median(import_time(function, bytecode=True) for _ in range(RUNS))
        source = statistics.median(import_time(function, bytecode=False) for _ in range(RUNS))
        results[function.name] = compiled
        print(
            f"  {function.name:16} {compiled * 1000:7.0f} ms with .pyc   {source * 1000:7.0f} ms without   "
            f"× {source / compiled:4.1f}"
        )
    return results


if __name__ == "__main__":
    main()
