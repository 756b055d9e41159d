"""`make bench`: every benchmark, one after the other; it fails (exit 1, after running them all) when a
benchmark reports an invariant broken (`"broken"` in its result: answers lost, counters wrong)."""

from __future__ import annotations

from benchmarks import blog, cold_start, cost, fanout, gateway, load, tasks, voice

if __name__ == "__main__":
    broken: list[str] = []
    for benchmark in (cold_start, gateway, fanout, cost, tasks, voice, blog, load):
        result = benchmark.main()
        if isinstance(result, dict):
            broken += [f"{benchmark.__name__}: {line}" for line in result.get("broken", [])]
        print()
    raise SystemExit("\n".join(["Broken under load:", *broken]) if broken else None)
