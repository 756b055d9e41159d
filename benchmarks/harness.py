"""What every benchmark needs: the local host on loopback, a signed-in user, percentiles."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.update(
    {
        "WEBOX_STAGE": "bench",
        "WEBOX_RESOURCE_PREFIX": "webox-bench-",
        "AWS_REGION": "eu-west-3",
        "POWERTOOLS_LOG_LEVEL": "WARNING",
        "WEBOX_LOG_LEVEL": "WARNING",
    }
)

import httpx  # noqa: E402
from webox.local.host import HostOptions, LocalHost  # noqa: E402
from webox.testing.server import free_port  # noqa: E402


@contextmanager
def simulators(ttft_s: float = 0.0, duration_s: float = 0.0) -> Iterator[dict[str, str]]:
    """The simulated vendors in their own process, so they do not compete for this one's GIL."""
    process = subprocess.Popen(
        [sys.executable, "-m", "webox.testing", "--ttft", str(ttft_s), "--duration", str(duration_s)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdout is not None
        urls: dict[str, str] = json.loads(process.stdout.readline())
        for name, url in urls.items():
            os.environ[f"WEBOX_SIMULATED_{name.upper()}_URL"] = url
        yield urls
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def local_host() -> Iterator[LocalHost]:
    host = LocalHost(HostOptions(root=ROOT, port=free_port(), data_dir=None))
    host.start()
    try:
        yield host
    finally:
        host.stop()


PASSWORD = "benchmark pass phrase"  # noqa: S105 (an account made for the benchmark)


def signed_in(host: LocalHost, email: str) -> httpx.Client:
    client = httpx.Client(base_url=host.url, headers={"Origin": host.url}, timeout=60)
    response = client.post("/api/auth/register", json={"email": email, "password": PASSWORD, "name": "Bench"})
    response.raise_for_status()
    return client


@contextmanager
def platform_keys() -> Iterator[None]:
    """The platform's own key for every simulated vendor, its calls reaching the simulators
    (`<VENDOR>_BASE_URL`): calls take production's paid path (plan, quotas, budget holds) instead
    of the free local one (a simulator answers, nobody pays, nothing is checked)."""
    from webox.providers import registry

    saved = dict(os.environ)
    for vendor in registry.list_vendors():
        url = os.environ.get(registry.simulated_url_env(vendor.simulator)) if vendor.simulator else None
        if vendor.key_env and url:
            os.environ[vendor.key_env] = "sk-platform-bench"
            os.environ[f"{vendor.id.upper()}_BASE_URL"] = url
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def subscribed(client: httpx.Client, plan: str = "team") -> None:
    """The signed-in user's address verified and `plan` active, as a paying customer's."""
    from webox.auth import repository as auth_repository
    from webox.billing import repository as billing_repository

    user_id = client.get("/api/auth/me").json()["id"]
    user = auth_repository.get_user(user_id)
    assert user is not None
    auth_repository.update_user(user, email_verified=True)
    billing_repository.save_account(user_id, plan=plan, status="active")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]


def summary(values: list[float]) -> str:
    return (
        f"p50 {percentile(values, 50):7.2f}  p90 {percentile(values, 90):7.2f}  "
        f"p99 {percentile(values, 99):7.2f}  mean {statistics.fmean(values):7.2f}"
    )


def verdict(ok: bool) -> str:
    return "meets target" if ok else "MISSES target"


# Python code printing the interpreter's own peak memory in MB. Not `getrusage().ru_maxrss`: Linux
# carries a process's high-water mark across fork and exec, so a child of a large benchmark process
# reported the parent's peak. `VmHWM` belongs to the new address space only.
PEAK_RSS_MB = "print(next(int(line.split()[1]) for line in open('/proc/self/status') if line.startswith('VmHWM')) / 1024)"


def embedded_aws_call_ms(rounds: int = 100) -> float:
    """One GetItem's cost against the embedded AWS, p50, client and server: the unit of every local
    latency floor (its one process serves calls one at a time, even those made side by side)."""
    from webox.auth import repository

    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        repository.get_user("no-such-user")
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def dynamodb_calls(counted: dict[str, Any]) -> int:
    """The DynamoDB calls among those the embedded AWS counted (`host.aws.calls()`)."""
    return sum(n for name, n in counted.get("calls", {}).items() if name.startswith("DynamoDB."))
