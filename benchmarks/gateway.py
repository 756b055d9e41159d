"""Gateway overhead: one request at a time through `/v1/chat/completions` (WeBox API token) against a
direct `openai` SDK call to the same simulated vendor, interleaved, in one run.

Targets: added latency p50 ≤ 3 ms, p99 ≤ 10 ms (published: LiteLLM ~4 ms, Portkey ~2.5 ms).
"""

from __future__ import annotations

import os
import time
from typing import Any

import openai

from benchmarks.harness import PASSWORD, local_host, percentile, signed_in, simulators, summary, verdict

REQUESTS = int(os.environ.get("WEBOX_BENCH_REQUESTS", "200"))
MESSAGES = [{"role": "user", "content": "Résume la théorie de la relativité en une phrase."}]


def timed(client: openai.OpenAI, model: str, stream: bool) -> float:
    start = time.perf_counter()
    if stream:
        for _chunk in client.chat.completions.create(model=model, messages=MESSAGES, stream=True):  # type: ignore[arg-type]
            pass
    else:
        client.chat.completions.create(model=model, messages=MESSAGES)  # type: ignore[arg-type]
    return (time.perf_counter() - start) * 1000


def main() -> dict[str, Any]:
    print(__doc__.strip().splitlines()[0])
    results: dict[str, Any] = {}
    with simulators() as urls, local_host() as host:
        account = signed_in(host, "gateway@example.com")
        token = account.post(
            "/api/auth/tokens",
            json={"name": "bench", "scopes": ["chat"], "password": PASSWORD},
            headers={"X-CSRF-Token": account.cookies["webox_csrf"]},
        ).json()["token"]
        direct = openai.OpenAI(api_key="sk-bench", base_url=urls["openai"], max_retries=0)
        gateway = openai.OpenAI(api_key=token, base_url=f"{host.url}/v1", max_retries=0)
        for stream in (False, True):
            for _ in range(20):  # warm both paths
                timed(direct, "gpt-4o-mini", stream), timed(gateway, "gpt-4o-mini", stream)
            added, base = [], []
            for _ in range(REQUESTS):
                reference = timed(direct, "gpt-4o-mini", stream)
                added.append(timed(gateway, "gpt-4o-mini", stream) - reference)
                base.append(reference)
            p50, p99 = percentile(added, 50), percentile(added, 99)
            label = "streamed" if stream else "JSON"
            print(f"  {label:8} direct call (ms)   {summary(base)}")
            print(
                f"  {label:8} added by gateway   {summary(added)}   targets p50 ≤ 3, p99 ≤ 10   "
                f"{verdict(p50 <= 3 and p99 <= 10)}"
            )
            results[label] = {"p50": p50, "p99": p99}
        account.close()
    return results


if __name__ == "__main__":
    main()
