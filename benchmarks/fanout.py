"""Chat fan-out: 12 simulated models (first token after 300 ms, streams of 1.5 s) through the local
host's WebSocket, against the same 12 calls made directly with the vendor SDKs and asyncio.

(a) fan-out wall time ÷ the slowest provider's own time — target ≤ 1.03
(b) client-observed time to first token − the provider's own, p50 over 12 streams — target ≤ 30 ms
(c) the same with one model alone — target ≤ 10 ms
(d) a trace of (c): each step of the way to the first token, timed (`benchmarks/ttft_trace.py`)

Each is measured for a paying user (Team plan) twice: on the platform's keys, the path production
takes (the plan, quotas and budget are checked before the models are called), and on the local
simulators, which nobody pays for and nothing checks.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import time
import uuid
from typing import Any

from benchmarks import ttft_trace
from benchmarks.harness import (
    local_host,
    percentile,
    platform_keys,
    signed_in,
    simulators,
    subscribed,
    summary,
    verdict,
)
from tests.sockets import Socket

MODELS = [
    "gpt-4o",
    "gpt-4o-mini",
    "claude-sonnet-4-6",
    "claude-haiku-4-5",
    "mistral-large-latest",
    "mistral-small-latest",
    "gemini-2.5-pro",
    "gemini-2.5-flash",
    "deepseek-chat",
    "grok-3",
    "llama-3.3-70b-versatile",
    "sonar",
]
PROMPT = "Quels sont les avantages et les limites du télétravail ?"
ROUNDS = int(os.environ.get("WEBOX_BENCH_ROUNDS", "5"))


_CLIENTS: dict[str, Any] = {}


def _client(adapter: str, url: str) -> Any:
    """One SDK client per vendor endpoint, created once (warm, as a warm Lambda's would be)."""
    if url not in _CLIENTS:
        if adapter == "openai":
            import openai

            _CLIENTS[url] = openai.AsyncOpenAI(api_key="sk-bench", base_url=url, max_retries=0)
        elif adapter == "anthropic":
            import anthropic

            _CLIENTS[url] = anthropic.AsyncAnthropic(api_key="sk-bench", base_url=url, max_retries=0)
        elif adapter == "mistral":
            from mistralai.client import Mistral

            _CLIENTS[url] = Mistral(api_key="sk-bench", server_url=url)
        else:
            from google import genai
            from google.genai import types

            _CLIENTS[url] = genai.Client(api_key="sk-bench", http_options=types.HttpOptions(base_url=url))
    return _CLIENTS[url]


async def _direct_one(model_id: str) -> tuple[float, float]:
    """(time to first token, total time) of one streamed answer, straight through the vendor's SDK."""
    from webox.providers import registry

    model = registry.get_model(model_id)
    adapter = registry.get_vendor(model.vendor).adapter
    url = os.environ[f"WEBOX_SIMULATED_{registry.get_vendor(model.vendor).simulator.upper()}_URL"]
    start, first = time.perf_counter(), None
    if adapter == "openai":
        client = _client(adapter, url)
        stream = await client.chat.completions.create(
            model=model.vendor_model, messages=[{"role": "user", "content": PROMPT}], stream=True
        )
        async for chunk in stream:
            if first is None and chunk.choices and chunk.choices[0].delta.content:
                first = time.perf_counter()
    elif adapter == "anthropic":
        client_a = _client(adapter, url)
        async with client_a.messages.stream(
            model=model.vendor_model, max_tokens=1024, messages=[{"role": "user", "content": PROMPT}]
        ) as stream_a:
            async for text in stream_a.text_stream:
                if first is None and text:
                    first = time.perf_counter()
    elif adapter == "mistral":
        client_m = _client(adapter, url)
        stream_m = await client_m.chat.stream_async(
            model=model.vendor_model, messages=[{"role": "user", "content": PROMPT}]
        )
        async for event in stream_m:
            if first is None and event.data.choices and event.data.choices[0].delta.content:
                first = time.perf_counter()
    else:
        client_g = _client(adapter, url)
        async for part in await client_g.aio.models.generate_content_stream(
            model=model.vendor_model, contents=PROMPT
        ):
            if first is None and part.text:
                first = time.perf_counter()
    end = time.perf_counter()
    return ((first or end) - start) * 1000, (end - start) * 1000


async def direct_round(models: list[str]) -> dict[str, tuple[float, float]]:
    results = await asyncio.gather(*(_direct_one(m) for m in models))
    return dict(zip(models, results, strict=True))


def websocket_round(socket: Socket, models: list[str]) -> tuple[float, dict[str, float]]:
    """Wall time until every model is done, and each model's client-observed time to first token."""
    request_id = uuid.uuid4().hex
    start = time.perf_counter()
    socket.send(
        {
            "action": "chat.send",
            "request_id": request_id,
            "models": models,
            "content": PROMPT,
            "verify": False,
        }
    )
    first: dict[str, float] = {}
    done: set[str] = set()
    last_done = start
    while len(done) < len(models):
        frame = socket.receive(timeout=30)
        now = time.perf_counter()
        if frame.get("request_id") != request_id:
            continue
        if frame["type"] == "chat.delta" and frame["model"] not in first:
            first[frame["model"]] = (now - start) * 1000
        elif frame["type"] in {"chat.done", "chat.error"}:
            if frame["type"] == "chat.error":
                raise RuntimeError(f"{frame['model']} failed: {frame['code']}")
            done.add(frame["model"])
            last_done = now
    socket.until(lambda f: f.get("type") == "chat.finished" and f.get("request_id") == request_id)
    return (last_done - start) * 1000, first


def rounds(loop: asyncio.AbstractEventLoop, socket: Socket, models: list[str]) -> dict[str, list[float]]:
    """`ROUNDS` rounds of the same models, each first straight through the SDKs, then through WeBox."""
    found: dict[str, list[float]] = {"ratios": [], "gaps": [], "walls": [], "slowest": [], "ttfts": []}
    for _ in range(ROUNDS):
        direct = loop.run_until_complete(direct_round(models))
        wall, client_ttft = websocket_round(socket, models)
        slowest = max(total for _ttft, total in direct.values())
        found["ratios"].append(wall / slowest)
        found["walls"].append(wall)
        found["slowest"].append(slowest)
        found["gaps"].extend(client_ttft[m] - direct[m][0] for m in models)
        found["ttfts"].extend(direct[m][0] for m in models)
    return found


def main() -> dict[str, Any]:
    print(__doc__.strip().splitlines()[0])
    loop = asyncio.new_event_loop()  # one loop, so the direct SDK clients stay warm like the host's
    with simulators(ttft_s=0.3, duration_s=1.5), local_host() as host:
        client = signed_in(host, "fanout@example.com")
        subscribed(client)
        socket = Socket(client)
        loop.run_until_complete(direct_round(MODELS))  # warm both paths once (imports, clients, connections)
        websocket_round(socket, MODELS)
        free = {"twelve": rounds(loop, socket, MODELS), "one": rounds(loop, socket, MODELS[1:2])}
        with platform_keys():
            websocket_round(socket, MODELS)
            paid = {"twelve": rounds(loop, socket, MODELS), "one": rounds(loop, socket, MODELS[1:2])}
            # Traced after the measured rounds: the timing wraps nothing they measured.
            traces = {"paid": ttft_trace.trace(host, socket, MODELS[1], PROMPT, ROUNDS)}
        traces["free"] = ttft_trace.trace(host, socket, MODELS[1], PROMPT, ROUNDS)
        socket.close()
        client.close()
    loop.run_until_complete(loop.shutdown_asyncgens())  # the direct streams' generators
    loop.close()
    print(f"  rounds {ROUNDS} × {len(MODELS)} models, then {ROUNDS} × {MODELS[1]} alone; each on the")
    print("  platform's keys (a paying user: plan, quotas and budget checked) and on local simulators (free)")
    found: dict[str, Any] = {}
    for label, measured in (("platform keys", paid), ("simulators", free)):
        twelve, one = measured["twelve"], measured["one"]
        ratio, gap = statistics.median(twelve["ratios"]), percentile(twelve["gaps"], 50)
        one_gap = percentile(one["gaps"], 50)
        key = "paid" if label == "platform keys" else "free"
        print(f"  {label}:")
        print(f"    slowest provider alone (ms)   {summary(twelve['slowest'])}")
        print(f"    fan-out via WebSocket (ms)    {summary(twelve['walls'])}")
        print(
            f"    (a) wall ÷ slowest provider   median {ratio:.3f}   target ≤ 1.03   {verdict(ratio <= 1.03)}"
        )
        print(
            f"    (b) client TTFT − provider    {summary(twelve['gaps'])} ms   target p50 ≤ 30 ms   "
            f"{verdict(gap <= 30)}"
        )
        print(
            f"    (c) the same, one model       {summary(one['gaps'])} ms   target p50 ≤ 10 ms   "
            f"{verdict(one_gap <= 10)}"
        )
        ttft_trace.report(traces[key], statistics.median(one["ttfts"]))
        found |= {
            f"{key}_ratio": ratio,
            f"{key}_ttft_gap_p50_ms": gap,
            f"{key}_one_model_gap_p50_ms": one_gap,
        }
    return found


if __name__ == "__main__":
    main()
