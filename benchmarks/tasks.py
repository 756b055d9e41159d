"""The task engine on the local host (real FIFO queue, DynamoDB and pollers, `noop` steps):

(a) three independent branches of 0.6, 0.8 and 1.0 s: their wall time ÷ the slowest — target ≤ 1.2
(b) one task of 200 steps: step overhead (a step's end to the next one's start) p50/p99 — target
    p50 ≤ 20 ms
(c) 100 tasks of 5 steps at once: steps per second, and step overhead p50/p99. Lambda runs one
    invocation per active message group; locally FIFO_CONCURRENCY receivers share two cores, so here
    the overhead is mostly each step queueing behind the other tasks' steps, and throughput is the
    figure that says how much work one local host moves.
"""

from __future__ import annotations

import itertools
import os
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx

from benchmarks.harness import local_host, percentile, signed_in, summary, verdict

ROUNDS = int(os.environ.get("WEBOX_BENCH_ROUNDS", "3"))
FINISHED = ("succeeded", "failed", "cancelled", "budget_exceeded")


def _chain(n: int) -> list[dict[str, Any]]:
    return [{"id": f"s{i}", "kind": "noop", "after": [f"s{i - 1}"] if i > 1 else []} for i in range(1, n + 1)]


def _start(client: httpx.Client, plan: list[dict[str, Any]]) -> str:
    response = client.post(
        "/api/tasks", json={"plan": plan}, headers={"X-CSRF-Token": client.cookies["webox_csrf"]}
    )
    response.raise_for_status()
    return str(response.json()["task_id"])


def _finished(user_id: str, task_ids: list[str], timeout: float) -> None:
    from webox.tasks import repository

    deadline = time.monotonic() + timeout
    pending = set(task_ids)
    while pending:
        pending = {
            t for t in pending if (task := repository.find(user_id, t)) and task.status not in FINISHED
        }
        if time.monotonic() > deadline:
            raise TimeoutError(f"{len(pending)} tasks unfinished")
        time.sleep(0.05)


def _overheads(user_id: str, task_id: str) -> list[float]:
    """Milliseconds from each step's end to the next one's start (a chain)."""
    from webox.tasks import repository

    task = repository.find(user_id, task_id)
    assert task is not None and task.status == "succeeded", task and task.status
    items = repository.steps(user_id, task_id)
    ordered = [items[step["id"]] for step in task.plan]
    return [
        (later.started_at - earlier.finished_at).total_seconds() * 1000
        for earlier, later in itertools.pairwise(ordered)
    ]


def branches(client: httpx.Client, user_id: str) -> list[float]:
    from webox.tasks import repository

    delays = {"a": 600, "b": 800, "c": 1000}
    plan = [
        {"id": "start", "kind": "noop"},
        *(
            {"id": b, "kind": "noop", "input": {"delay_ms": ms}, "after": ["start"]}
            for b, ms in delays.items()
        ),
        {"id": "join", "kind": "noop", "after": list(delays)},
    ]
    ratios = []
    for _ in range(ROUNDS):
        task_id = _start(client, plan)
        _finished(user_id, [task_id], 30)
        items = repository.steps(user_id, task_id)
        runs = [items[b] for b in delays]
        wall = max(i.finished_at for i in runs) - min(i.started_at for i in runs)
        slowest = max((i.finished_at - i.started_at) for i in runs)
        ratios.append(wall / slowest)
    return ratios


def main() -> None:
    from webox.local.pollers import FIFO_CONCURRENCY

    print(__doc__)
    with local_host() as host:
        client = signed_in(host, "tasks-bench@example.com")
        user_id = client.get("/api/auth/me").json()["id"]
        _finished(user_id, [_start(client, _chain(3))], 30)  # warm the handlers

        ratios = branches(client, user_id)
        print(f"(a) branches: wall ÷ slowest  {summary(ratios)}  →  {verdict(percentile(ratios, 50) <= 1.2)}")

        started = time.monotonic()
        long_task = _start(client, _chain(200))
        _finished(user_id, [long_task], 300)
        wall = time.monotonic() - started
        overhead = _overheads(user_id, long_task)
        print(
            f"(b) 200 steps in {wall:.1f} s; step overhead ms  {summary(overhead)}  →  "
            f"{verdict(percentile(overhead, 50) <= 20)}"
        )

        started = time.monotonic()
        with ThreadPoolExecutor(max_workers=10) as pool:
            task_ids = list(pool.map(lambda _: _start(client, _chain(5)), range(100)))
        _finished(user_id, task_ids, 600)
        wall = time.monotonic() - started
        many = [ms for task_id in task_ids for ms in _overheads(user_id, task_id)]
        print(
            f"(c) 100 × 5 steps in {wall:.1f} s ({500 / wall:.0f} steps/s, {FIFO_CONCURRENCY} receivers); "
            f"step overhead ms  {summary(many)}"
        )
        client.close()


if __name__ == "__main__":
    main()
