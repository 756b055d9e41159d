"""Cold start: each Lambda handler imported in a fresh interpreter from its built function folder and
the built `webox` layer (what Lambda loads), with their precompiled .pyc and with bytecode disabled,
against the floor: a fresh interpreter importing only what every HTTP handler needs (FastAPI,
Mangum, pydantic, boto3, pynamodb, the Powertools logger). Target: each handler ≤ 1.3 × the floor.
The peak memory after the import (max RSS) is printed too: it is most of a function's memory need.

The dependency layer is built for arm64 and cannot load here, so third-party packages come from this
venv, which holds the same pinned versions (constraints.txt) with their own compiled bytecode."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
from typing import Any

from webox import manifest

from benchmarks.harness import PEAK_RSS_MB, ROOT, verdict

RUNS = int(os.environ.get("WEBOX_BENCH_COLD_RUNS", "5"))
BUILD = ROOT / "build"


TARGET_RATIO = 1.3
FLOOR_IMPORTS = "import fastapi, mangum, pydantic, boto3, pynamodb.models, aws_lambda_powertools.logging"


def import_time(function: manifest.Function | None, *, bytecode: bool) -> tuple[float, float]:
    """Seconds to import `<module>.handler` as Lambda would (sys.path = function code + layers), and
    the interpreter's peak RSS in MB afterwards; `None` imports the floor's packages only."""
    paths = [BUILD / "layers" / "webox" / "python"]
    if function is None:
        imports = FLOOR_IMPORTS
    else:
        paths.insert(0, BUILD / "functions" / function.feature)
        imports = f"import {function.module}; assert callable({function.module}.handler)"
    code = (
        "import sys, time; start = time.perf_counter(); "
        f"{imports}; "
        "print(time.perf_counter() - start, end=' '); "
        f"{PEAK_RSS_MB}"
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
    seconds, rss_mb = output.strip().splitlines()[-1].split()
    return float(seconds), float(rss_mb)


def _median(function: manifest.Function | None, *, bytecode: bool) -> tuple[float, float]:
    runs = [import_time(function, bytecode=bytecode) for _ in range(RUNS)]
    return statistics.median(t for t, _ in runs), max(m for _, m in runs)


def main() -> dict[str, Any]:
    print(__doc__.strip().splitlines()[0])
    if not (BUILD / "layers" / "webox" / "python").exists():
        print("  build/ is missing: run `make layers` first")
        return {}
    floor, floor_rss = _median(None, bytecode=True)
    print(
        f"  {'floor':18} {floor * 1000:7.0f} ms with .pyc   {floor_rss:5.0f} MB   (FastAPI, Mangum, pydantic, boto3, …)"
    )
    results = {}
    for function in manifest.FUNCTIONS:
        compiled, rss = _median(function, bytecode=True)
        source, _ = _median(function, bytecode=False)
        ratio = compiled / floor
        results[function.name] = {"seconds": compiled, "ratio": ratio, "rss_mb": rss}
        print(
            f"  {function.name:18} {compiled * 1000:7.0f} ms with .pyc   {rss:5.0f} MB   "
            f"{source * 1000:7.0f} ms without   ÷ floor {ratio:4.2f}   target ≤ {TARGET_RATIO}   "
            f"{verdict(ratio <= TARGET_RATIO)}"
        )
    met = sum(1 for r in results.values() if r["ratio"] <= TARGET_RATIO)
    print(f"  {met}/{len(results)} handlers within {TARGET_RATIO} × the floor")
    return results


if __name__ == "__main__":
    main()
