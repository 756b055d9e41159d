"""Infrastructure cost of chat turns: one twelve-model turn of about 8 s with cross-verification run
through the local host, its messages, function time and DynamoDB writes counted, then priced with
the synthesised template's memory sizes and architectures and AWS's published prices
(`benchmarks/data/aws_prices.json`, with their date). Tokens are excluded.

Target: ≤ $1.50 per 1,000 turns.
"""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.fanout import MODELS, PROMPT
from benchmarks.harness import PEAK_RSS_MB, ROOT, local_host, signed_in, simulators, verdict
from tests.sockets import Socket

PRICES = json.loads((ROOT / "benchmarks" / "data" / "aws_prices.json").read_text())
TARGET_USD = 1.50
TURNS = 1000
STREAM_S = 8.0
STAGE = "bench"
LAMBDA_FULL_VCPU_MB = 1769  # Lambda gives a function one full vCPU at 1,769 MB, proportionally below
BRANCH_SDKS = ("openai", "anthropic", "mistralai", "google.genai")


def branch_peak_rss_mb() -> float:
    """Peak memory of a fresh interpreter holding the fan-out steps' handler and every vendor SDK a
    warm branch function may have imported (what its memory size must hold)."""
    paths = [str(ROOT / "build" / "functions" / "chat"), str(ROOT / "build" / "layers" / "webox" / "python")]
    code = (
        f"import sys; sys.path[:0] = {paths!r}; import steps; "
        + "; ".join(f"import {sdk}" for sdk in BRANCH_SDKS)
        + f"; {PEAK_RSS_MB}"
    )
    env = {"PATH": os.environ.get("PATH", ""), "AWS_REGION": "eu-west-3", "WEBOX_STAGE": STAGE}
    output = subprocess.run(
        [sys.executable, "-I", "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return float(output.stdout.strip().splitlines()[-1])


def _template() -> dict[str, Any]:
    """The stack's CloudFormation template, synthesised as `make synth` does (without cdk-nag's
    verdict failing the benchmark, and without copying assets)."""
    from infra.app import build_app

    with tempfile.TemporaryDirectory() as outdir:
        context = {
            "stage": STAGE,
            "aws:cdk:disable-asset-staging": True,
            "@aws-cdk/core:failSynthOnValidationErrors": False,
            "spa_dist": str(ROOT / "frontend" / "dist"),
            "api_docs": str(Path(outdir) / "no-api-docs"),
        }
        build_app(context, outdir=outdir, bundle=False).synth()
        template: dict[str, Any] = json.loads((Path(outdir) / f"Webox-{STAGE}.template.json").read_text())
    return template


def _function(template: dict[str, Any], name: str) -> tuple[int, str]:
    """(memory in MB, architecture) of the function `webox-<stage>-<name>`."""
    for resource in template["Resources"].values():
        properties = resource.get("Properties", {})
        if (
            resource["Type"] == "AWS::Lambda::Function"
            and properties.get("FunctionName") == f"webox-{STAGE}-{name}"
        ):
            return int(properties.get("MemorySize", 128)), (properties.get("Architectures") or ["x86_64"])[0]
    raise LookupError(f"no function webox-{STAGE}-{name} in the template")


def _express(template: dict[str, Any], name: str) -> bool:
    return any(
        resource["Type"] == "AWS::StepFunctions::StateMachine"
        and resource["Properties"].get("StateMachineName") == f"webox-{STAGE}-{name}"
        and resource["Properties"].get("StateMachineType") == "EXPRESS"
        for resource in template["Resources"].values()
    )


def measure_turn(socket: Socket) -> dict[str, Any]:
    """One turn as the user's tab sees it: frames by type, message units, and the times the design's
    functions run (the WebSocket route, each model's branch, the judge, the merge)."""
    request_id = uuid.uuid4().hex
    start, cpu_start = time.perf_counter(), time.process_time()
    socket.send(
        {"action": "chat.send", "request_id": request_id, "models": MODELS, "content": PROMPT, "verify": True}
    )
    kinds: Counter[str] = Counter()
    units = 1  # the tab's own chat.send
    started_at = done_at = start
    branch_s = 0.0
    while True:
        frame = socket.receive(timeout=120)
        if frame.get("request_id") != request_id:
            continue
        now = time.perf_counter()
        kinds[frame["type"]] += 1
        units += math.ceil(len(json.dumps(frame).encode()) / (PRICES["websocket_message_kb"] * 1024)) or 1
        if frame["type"] == "chat.started":
            started_at = now
        elif frame["type"] in {"chat.done", "chat.error"}:
            branch_s += now - started_at
            done_at = now
        elif frame["type"] == "chat.finished":
            return {
                "frames": kinds,
                "message_units": units,
                "ws_s": started_at - start,
                "branch_s": branch_s,
                "after_branches_s": now - done_at,  # the judge and the merge
                "wall_s": now - start,
                # The platform runs in this process (the embedded AWS and the vendors in others).
                "cpu_s": time.process_time() - cpu_start,
            }


def price(turn: dict[str, Any], write_units: int, template: dict[str, Any]) -> dict[str, float]:
    """Dollars per `TURNS` turns, by component."""
    steps_mb, steps_arch = _function(template, "chat-steps")
    ws_mb, ws_arch = _function(template, "chat-ws")
    gb_s = PRICES["lambda_gb_second"]
    lambda_usd = (
        steps_mb / 1024 * (turn["branch_s"] + turn["after_branches_s"]) * gb_s[steps_arch]
        + ws_mb / 1024 * turn["ws_s"] * gb_s[ws_arch]
        + (len(MODELS) + 3) * PRICES["lambda_request"]  # the route, 12 branches, the judge, the merge
    )
    assert _express(template, "chat-fanout"), "the fan-out is priced as an Express workflow"
    # Express bills each 100 ms of an execution at the memory it uses, in 64 MB steps.
    express_s = math.ceil(turn["wall_s"] * 10) / 10
    stepfunctions_usd = (
        PRICES["stepfunctions_express_request"]
        + PRICES["stepfunctions_express_billed_mb"]
        / 1024
        * express_s
        * PRICES["stepfunctions_express_gb_second"]
    )
    return {
        "websocket messages": TURNS * turn["message_units"] * PRICES["websocket_message"],
        "Lambda": TURNS * lambda_usd,
        "Step Functions Express": TURNS * stepfunctions_usd,
        "DynamoDB writes": TURNS * write_units * PRICES["dynamodb_write_unit"],
    }


def main() -> dict[str, Any]:
    print(__doc__.strip().splitlines()[0])
    if not os.environ.get("JSII_NODE"):
        print("  JSII_NODE is not set: run it through `make bench`, which synthesises the template")
        return {}
    template = _template()
    with simulators(ttft_s=0.3, duration_s=STREAM_S), local_host() as host:
        client = signed_in(host, "cost@example.com")
        socket = Socket(client)
        host.aws.calls(reset=True)
        turn = measure_turn(socket)
        counted = host.aws.calls()
        socket.close()
        client.close()
    costs = price(turn, counted["dynamodb_write_units"], template)
    total = sum(costs.values())
    steps_mb, steps_arch = _function(template, "chat-steps")
    rss = branch_peak_rss_mb()
    share = steps_mb / LAMBDA_FULL_VCPU_MB
    per_branch_s = turn["branch_s"] / len(MODELS)
    print(
        f"  one turn: {len(MODELS)} models + judge, {turn['wall_s']:.1f} s; frames "
        + ", ".join(f"{kind} {count}" for kind, count in sorted(turn["frames"].items()))
    )
    print(
        f"  branch functions {steps_mb} MB {steps_arch}, {turn['branch_s']:.1f} s in all; "
        f"DynamoDB {counted['dynamodb_write_units']} write units "
        f"({sum(v for k, v in counted['calls'].items() if k.startswith('DynamoDB.'))} calls)"
    )
    print(
        f"  branch function sizing: peak memory {rss:.0f} MB with all four SDKs in {steps_mb} MB "
        f"({verdict(rss * 1.5 <= steps_mb)} for 1.5 × headroom); the whole turn used {turn['cpu_s']:.2f} s of "
        f"CPU here, against {share:.3f} vCPU × {per_branch_s:.1f} s = {share * per_branch_s:.2f} s per branch on Lambda"
    )
    print(f"  per {TURNS:,} turns (prices of {PRICES['recorded']}, {PRICES['region']}):")
    for component, usd in costs.items():
        print(f"    {component:24} ${usd:6.3f}")
    print(f"  total ${total:.2f}   target ≤ ${TARGET_USD:.2f}   {verdict(total <= TARGET_USD)}")
    return {"total_usd": total, **costs}


if __name__ == "__main__":
    main()
