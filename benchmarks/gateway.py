"""Gateway overhead: one request at a time through `/v1/chat/completions` (WeBox API token) against a
direct `openai` SDK call to the same simulated vendor, interleaved, in one run.

Targets: added latency p50 ≤ 3 ms, p99 ≤ 10 ms (published: LiteLLM ~4 ms, Portkey ~2.5 ms).

Each pass also counts the DynamoDB calls a request makes: on this machine the embedded AWS serves
them one at a time, at about one GetItem's cost each, a floor under the added latency.

Measured on the local simulators (nobody pays: no quota is checked), then on the platform's keys
for a Team user, production's path (plan, budget and rate checked): fewer requests there, as the
Team plan allows 120 a minute.
"""

from __future__ import annotations

import os
import time
from typing import Any

import openai
from webox.local.host import LocalHost

from benchmarks.harness import (
    PASSWORD,
    dynamodb_calls,
    embedded_aws_call_ms,
    local_host,
    percentile,
    platform_keys,
    signed_in,
    simulators,
    subscribed,
    summary,
    verdict,
)

REQUESTS = int(os.environ.get("WEBOX_BENCH_REQUESTS", "200"))
PAID_REQUESTS, PAID_WARM = 50, 5  # twice (JSON, streamed) within the Team plan's 120 a minute
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
        subscribed(account)
        direct = openai.OpenAI(api_key="sk-bench", base_url=urls["openai"], max_retries=0)
        gateway = openai.OpenAI(api_key=token, base_url=f"{host.url}/v1", max_retries=0)
        results["free"] = _passes(host, direct, gateway, REQUESTS, 20, "simulators")
        with platform_keys():
            results["paid"] = _passes(host, direct, gateway, PAID_REQUESTS, PAID_WARM, "platform keys")
        each = embedded_aws_call_ms()
        print(f"  one DynamoDB call against the embedded AWS: {each:.1f} ms (p50 of 100 GetItems)")
        account.close()
    return results


def _passes(
    host: LocalHost, direct: openai.OpenAI, gateway: openai.OpenAI, requests: int, warm: int, label: str
) -> dict[str, Any]:
    """JSON then streamed: `requests` gateway calls each against a direct call, interleaved."""
    results: dict[str, Any] = {}
    for stream in (False, True):
        for _ in range(warm):  # warm both paths
            timed(direct, "gpt-4o-mini", stream), timed(gateway, "gpt-4o-mini", stream)
        added, base = [], []
        host.aws.calls(reset=True)
        for _ in range(requests):
            reference = timed(direct, "gpt-4o-mini", stream)
            added.append(timed(gateway, "gpt-4o-mini", stream) - reference)
            base.append(reference)
        calls = dynamodb_calls(host.aws.calls()) / requests
        p50, p99 = percentile(added, 50), percentile(added, 99)
        kind = f"{'streamed' if stream else 'JSON'}, {label}"
        print(f"  {kind:24} direct call (ms)   {summary(base)}")
        print(
            f"  {kind:24} added by gateway   {summary(added)}   targets p50 ≤ 3, p99 ≤ 10   "
            f"{verdict(p50 <= 3 and p99 <= 10)}"
        )
        print(f"  {kind:24} DynamoDB calls per request {calls:.1f}")
        results["streamed" if stream else "JSON"] = {"p50": p50, "p99": p99}
    return results


if __name__ == "__main__":
    main()
