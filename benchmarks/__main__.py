"""`make bench`: every benchmark, one after the other."""

from __future__ import annotations

from benchmarks import cold_start, cost, fanout, gateway, load, tasks, voice

if __name__ == "__main__":
    for benchmark in (cold_start, gateway, fanout, cost, tasks, voice, load):
        benchmark.main()
        print()
