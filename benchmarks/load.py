"""Load on one local host (loopback only): USERS simulated users, each sending 12-model turns over
its WebSocket and `/v1/chat/completions` calls with its API token, one after the other, for
WEBOX_BENCH_LOAD_S seconds (default 120).

Reports throughput, p50/p99 latency and errors per kind of call, then checks what must hold under
load: every answer the server acknowledged (`chat.done`) is stored with the text that streamed, and
every usage counter equals the sum of its records.
"""

from __future__ import annotations

import asyncio
import json
import os
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

import httpx

from benchmarks.fanout import MODELS
from benchmarks.harness import PASSWORD, local_host, percentile, signed_in, simulators, summary

USERS = int(os.environ.get("WEBOX_BENCH_LOAD_USERS", "50"))
DURATION_S = float(os.environ.get("WEBOX_BENCH_LOAD_S", "120"))
READ_ATTEMPTS = 5
TURNS_PER_CONVERSATION = 5
STALLED_S = 60
PROMPT = "Compare les avantages du train et de l'avion pour un Paris–Marseille."


@dataclass
class Stats:
    """What the users saw: latencies in ms per kind of call, errors by code."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: Counter[str] = field(default_factory=Counter)
    # (conversation id, turn, model) → the text its deltas carried, for every `chat.done` received.
    acknowledged: dict[tuple[str, int, str], str] = field(default_factory=dict)
    # Turns whose socket received nothing more for `STALLED_S` (what it saw last, for the trace): on
    # 2 cores the embedded AWS, which runs DynamoDB requests one at a time, is what they wait for.
    stalled: list[str] = field(default_factory=list)


@dataclass
class User:
    user_id: str
    cookies: dict[str, str]
    token: str


def _register(host: Any, index: int) -> User:
    client = signed_in(host, f"load-{index}@example.com")
    token = client.post(
        "/api/auth/tokens",
        json={"name": "load", "scopes": ["chat"], "password": PASSWORD},
        headers={"X-CSRF-Token": client.cookies["webox_csrf"]},
    )
    token.raise_for_status()
    user = User(client.get("/api/auth/me").json()["id"], dict(client.cookies.items()), token.json()["token"])
    client.close()
    return user


async def _turn(socket: Any, conversation_id: str | None, stats: Stats) -> str | None:
    """One 12-model turn; returns its conversation id (None when the send was refused)."""
    request_id = uuid.uuid4().hex
    started = time.perf_counter()
    await socket.send(
        json.dumps(
            {
                "action": "chat.send",
                "request_id": request_id,
                "models": MODELS,
                "content": PROMPT,
                "verify": True,
                **({"conversation_id": conversation_id} if conversation_id else {}),
            }
        )
    )
    texts: dict[str, dict[int, str]] = defaultdict(dict)
    turn = -1
    seen: list[str] = []
    while True:
        try:
            frame = json.loads(await asyncio.wait_for(socket.recv(), timeout=STALLED_S))
        except TimeoutError:  # reported with what it saw last; the user goes on with a new turn
            stats.stalled.append(f"{request_id}: nothing for {STALLED_S} s after {seen[-3:] or 'chat.send'}")
            return None
        if frame.get("request_id") != request_id:
            continue
        kind = frame["type"]
        seen.append(kind if kind != "chat.delta" else f"delta:{frame['model']}")
        if kind == "chat.rejected":
            stats.errors[f"turn:{frame.get('code')}"] += 1
            return None
        if kind == "chat.started":
            conversation_id, turn = frame["conversation_id"], frame["turn"]
        elif kind == "chat.delta":
            texts[frame["model"]][frame["seq"]] = frame["text"]
        elif kind == "chat.done":
            parts = texts[frame["model"]]
            stats.acknowledged[(frame["conversation_id"], frame["turn"], frame["model"])] = "".join(
                parts[seq] for seq in sorted(parts)
            )
        elif kind == "chat.error":
            stats.errors[f"answer:{frame.get('code')}"] += 1
        elif kind == "chat.finished":
            stats.latencies["12-model turn (s)"].append(time.perf_counter() - started)
            assert turn >= 0
            return conversation_id


async def _gateway_call(client: Any, stats: Stats) -> None:
    started = time.perf_counter()
    try:
        await client.chat.completions.create(
            model="gpt-4o-mini", messages=[{"role": "user", "content": PROMPT}]
        )
    except Exception as exc:  # counted, not fatal: the run goes on
        stats.errors[f"gateway:{type(exc).__name__}:{getattr(exc, 'status_code', '')}"] += 1
        return
    stats.latencies["gateway call (ms)"].append((time.perf_counter() - started) * 1000)


async def _user(
    host_url: str, user: User, deadline: float, stats: Stats, *, at_least_once: bool = False
) -> None:
    import openai
    from websockets.asyncio.client import connect

    cookies = "; ".join(f"{name}={value}" for name, value in user.cookies.items())
    ws_url = host_url.replace("http", "ws", 1) + "/ws"
    gateway = openai.AsyncOpenAI(api_key=user.token, base_url=f"{host_url}/v1", max_retries=0, timeout=60)
    async with connect(ws_url, additional_headers={"Origin": host_url, "Cookie": cookies}) as socket:
        conversation_id, turns = None, 0
        while time.monotonic() < deadline or (at_least_once and turns == 0):
            if turns % TURNS_PER_CONVERSATION == 0:
                conversation_id = None
            conversation_id = await _turn(socket, conversation_id, stats)
            turns += 1
            await _gateway_call(gateway, stats)
    await gateway.close()


async def _warm(host_url: str, user: User) -> None:
    """One turn and one gateway call first: the host's imports and SDK clients are then warm, as a
    warm Lambda's would be."""
    await _user(host_url, user, time.monotonic(), Stats(), at_least_once=True)


async def _load(host_url: str, users: list[User], stats: Stats) -> float:
    started = time.monotonic()
    await asyncio.gather(*(_user(host_url, user, started + DURATION_S, stats) for user in users))
    return time.monotonic() - started


def _wait_for_usage_lines(host: Any, timeout: float = 120) -> None:
    """The gateway's usage goes out as log lines: wait until the log follower delivered them all."""
    follower, deadline = host.log_follower, time.monotonic() + timeout
    while time.monotonic() < deadline:
        if follower.offset >= follower.path.stat().st_size:
            return
        time.sleep(0.2)
    raise TimeoutError("the usage lines were not all delivered")


def _read(client: httpx.Client, path: str, **kwargs: Any) -> Any:
    """A read of the check after the load. The host may still be working through the turns queued
    behind the load (50 users are more than it serves): a read that times out, or that the local API
    Gateway ends at its 29 s limit, is made again, up to `READ_ATTEMPTS` times."""
    for attempt in range(1, READ_ATTEMPTS + 1):
        try:
            response = client.get(path, **kwargs)
        except httpx.TimeoutException:
            print(f"  GET {path} timed out (attempt {attempt}): the host is still busy")
            continue
        if response.status_code < 500:
            break
        print(f"  GET {path} answered {response.status_code} (attempt {attempt}): the host is still busy")
    else:
        raise RuntimeError(f"GET {path}: no answer in {READ_ATTEMPTS} attempts")
    if response.status_code != 200:
        raise RuntimeError(f"GET {path} answered {response.status_code}: {response.text[:300]}")
    return response.json()


def _lost_answers(host_url: str, users: list[User], stats: Stats) -> list[str]:
    """Acknowledged answers missing from storage or stored with another text than what streamed."""
    owner = {}
    for user in users:
        with httpx.Client(base_url=host_url, cookies=user.cookies, timeout=60) as client:
            pages = _read(client, "/api/conversations", params={"limit": 50})["items"]
            for conversation in pages:
                detail = _read(client, f"/api/conversations/{conversation['id']}")
                for turn in detail["turns"]:
                    for answer in turn["answers"]:
                        owner[(conversation["id"], turn["turn"], answer["model"])] = answer
    lost = []
    for key, text in stats.acknowledged.items():
        stored = owner.get(key)
        if stored is None or stored["status"] != "done" or stored["text"] != text:
            lost.append(f"{key}: {'missing' if stored is None else stored['status']}")
    return lost


def _counter_mismatches(users: list[User]) -> list[str]:
    """Daily counters (per user, and the platform's) that differ from the sums of their records."""
    from webox.usage import repository

    expected: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for user in users:
        for record in repository.all_records(user.user_id):
            day = record.created_at.strftime("%Y-%m-%d")
            sums = {
                "requests": 1,
                "errors": int(record.status != "done"),
                "input_tokens": int(record.input_tokens),
                "output_tokens": int(record.output_tokens),
                "cost_micro_usd": round(record.cost * 1_000_000),
            }
            for owner in (user.user_id, repository.PLATFORM):
                expected[(owner, f"{day}#{record.feature}#{record.model}")].update(sums)
    days = sorted({key.split("#")[0] for _, key in expected})
    found: dict[tuple[str, str], Any] = {}
    for owner in [*(user.user_id for user in users), repository.PLATFORM]:
        for item in repository.daily(owner, days[0], days[-1]):
            found[(owner, item.sk)] = item
    mismatches = []
    for key, sums in expected.items():
        item = found.get(key)
        counted = {name: int(getattr(item, name)) for name in sums} if item else {}
        if counted != {name: sums[name] for name in sums}:
            mismatches.append(f"{key}: counted {counted}, records sum {dict(sums)}")
    mismatches += [f"{key}: a counter with no record" for key in found.keys() - expected.keys()]
    return mismatches


def main() -> dict[str, Any]:
    print(__doc__.strip().splitlines()[0])
    os.environ["WEBOX_AUTH_REGISTER_IP_LIMIT"] = str(USERS + 10)  # every bench user comes from loopback
    from webox.auth.config import get_auth_settings

    get_auth_settings.cache_clear()
    with simulators(ttft_s=0.05, duration_s=0.3), local_host() as host:
        users = [_register(host, i) for i in range(USERS)]
        asyncio.run(_warm(host.url, users[0]))
        stats = Stats()
        wall = asyncio.run(_load(host.url, users, stats))
        _wait_for_usage_lines(host)
        lost = _lost_answers(host.url, users, stats)
        mismatches = _counter_mismatches(users)
    turns = stats.latencies["12-model turn (s)"]
    calls = stats.latencies["gateway call (ms)"]
    print(
        f"  {USERS} users for {wall:.0f} s: {len(turns)} turns ({len(turns) * len(MODELS)} answers), {len(calls)} gateway calls"
    )
    print(
        f"  throughput   {len(turns) * len(MODELS) / wall:.1f} answers/s, {len(calls) / wall:.1f} gateway calls/s"
    )
    for label, values in stats.latencies.items():
        print(f"  {label:22} {summary(values)}")
    print(f"  errors       {dict(stats.errors) or 'none'}")
    print(
        f"  acknowledged answers stored as streamed: {len(stats.acknowledged) - len(lost)}/{len(stats.acknowledged)}"
    )
    print(f"  usage counters equal to their records' sums: {'yes' if not mismatches else 'NO'}")
    print(f"  turns stalled (nothing for {STALLED_S} s): {len(stats.stalled)}")
    for line in (stats.stalled + lost + mismatches)[:10]:
        print(f"    {line}")
    return {
        "turns": len(turns),
        "gateway_calls": len(calls),
        "turn_p50_s": percentile(turns, 50) if turns else None,
        "gateway_p99_ms": percentile(calls, 99) if calls else None,
        "errors": sum(stats.errors.values()),
        "lost": len(lost),
        "counter_mismatches": len(mismatches),
        # What must hold under any load: `make bench` fails when it does not.
        "broken": [
            *([f"{len(lost)} acknowledged answers not stored as streamed"] if lost else []),
            *([f"{len(mismatches)} usage counters differ from their records"] if mismatches else []),
        ],
    }


if __name__ == "__main__":
    raise SystemExit("\n".join(main()["broken"]) or None)
