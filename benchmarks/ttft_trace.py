"""Where one model's time to first token goes: the chat path's steps timed from the client's send,
for `benchmarks/fanout.py`'s trace.

The timing wraps module attributes of the local host's code (this process runs it), only for the
trace's rounds, after the measured ones: nothing in the platform knows it is timed. Each round's
marks keep their first occurrence. The embedded AWS's calls made before the provider is called are
counted by the embedded AWS itself, and one call's cost is measured beside them: its calls are
served one at a time by one process, so on this machine they add up on the way to the first token
even when the code makes them concurrently.
"""

from __future__ import annotations

import functools
import statistics
import threading
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import ExitStack, contextmanager
from typing import Any

from webox.local.host import LocalHost

from benchmarks.harness import dynamodb_calls, embedded_aws_call_ms
from tests.sockets import Socket

# The steps, in the order a turn takes them: (label, what it marks).
STEPS = (
    ("dispatched", "the socket route starts (the local API Gateway handed it the frame)"),
    ("caller", "the caller is checked (connection and session, one BatchGetItem)"),
    ("keys", "the user's own keys are read (an early read, beside the caller's check)"),
    ("checked", "the plan's check is done (standing read early, request count and budget hold)"),
    ("stored", "the turn is stored (one TransactWriteItems)"),
    ("fanout", "the fan-out's execution has started (StartExecution on the local runner)"),
    ("branch", "the model's branch runs"),
    ("called", "the provider is called"),
    ("first_token", "the provider's first token reaches the branch"),
    ("pushed", "the first delta is pushed (API Gateway's PostToConnection)"),
    ("received", "the client receives it"),
)


class Timeline:
    """Marks of the round under way (rounds run one at a time)."""

    def __init__(self) -> None:
        self.marks: dict[str, float] = {}
        self.start = 0.0
        self.aws_calls: dict[str, Any] = {}

    def begin(self) -> None:
        self.marks, self.start, self.aws_calls = {}, time.perf_counter(), {}

    def mark(self, label: str) -> None:
        self.marks.setdefault(label, (time.perf_counter() - self.start) * 1000)


def _after(timeline: Timeline, label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(function)
    def timed(*args: Any, **kwargs: Any) -> Any:
        result = function(*args, **kwargs)
        timeline.mark(label)
        return result

    return timed


@contextmanager
def _patched(target: Any, name: str, replacement: Any) -> Iterator[None]:
    original = getattr(target, name)
    setattr(target, name, replacement)
    try:
        yield
    finally:
        setattr(target, name, original)


@contextmanager
def timed_path(host: LocalHost, timeline: Timeline) -> Iterator[None]:
    """The chat path's steps marked on `timeline` while inside."""
    from webox import workflow
    from webox.billing import quota
    from webox.chat import branch, repository
    from webox.providers import service as providers
    from webox.realtime import dispatch
    from webox.realtime import service as realtime

    dispatch_action = dispatch.Dispatcher.dispatch
    stream = providers.stream
    run_branch = branch.run_branch
    send_to_connection = realtime.send_to_connection

    def dispatched(self: Any, event: Any) -> Any:
        timeline.mark("dispatched")
        return dispatch_action(self, event)

    async def branch_runs(*args: Any, **kwargs: Any) -> Any:
        timeline.mark("branch")
        return await run_branch(*args, **kwargs)

    def count_aws_calls() -> None:
        timeline.aws_calls = host.aws.calls()

    async def called(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        timeline.mark("called")
        # Read on another thread: the stream starts at once.
        threading.Thread(target=count_aws_calls, daemon=True).start()
        async for event in stream(*args, **kwargs):
            timeline.mark("first_token")
            yield event

    def pushed(connection_id: str, frame: Any) -> bool:
        delivered = send_to_connection(connection_id, frame)
        if getattr(frame, "type", "") == "chat.delta":
            timeline.mark("pushed")
        return delivered

    with ExitStack() as patches:
        for target, name, replacement in (
            (dispatch.Dispatcher, "dispatch", dispatched),
            (realtime, "caller", _after(timeline, "caller", realtime.caller)),
            (providers, "own_vendors", _after(timeline, "keys", providers.own_vendors)),
            (quota, "check_models", _after(timeline, "checked", quota.check_models)),
            (repository, "create_turn", _after(timeline, "stored", repository.create_turn)),
            (workflow, "start", _after(timeline, "fanout", workflow.start)),
            (branch, "run_branch", branch_runs),
            (providers, "stream", called),
            (realtime, "send_to_connection", pushed),
        ):
            patches.enter_context(_patched(target, name, replacement))
        yield


def _round(socket: Socket, timeline: Timeline, model: str, prompt: str) -> None:
    request_id = uuid.uuid4().hex
    timeline.begin()
    socket.send(
        {
            "action": "chat.send",
            "request_id": request_id,
            "models": [model],
            "content": prompt,
            "verify": False,
        }
    )
    socket.until(lambda f: f.get("type") == "chat.delta" and f.get("request_id") == request_id)
    timeline.mark("received")
    socket.until(lambda f: f.get("type") == "chat.finished" and f.get("request_id") == request_id)


def trace(host: LocalHost, socket: Socket, model: str, prompt: str, rounds: int) -> dict[str, Any]:
    """`rounds` one-model turns timed step by step: each step's median time since the client sent
    the turn, the embedded AWS's calls made before the provider was called, and one call's cost."""
    timeline = Timeline()
    steps: dict[str, list[float]] = {label: [] for label, _ in STEPS}
    calls: list[int] = []
    kinds: dict[str, int] = {}
    with timed_path(host, timeline):
        for _ in range(rounds):
            host.aws.calls(reset=True)
            _round(socket, timeline, model, prompt)
            for label, at in timeline.marks.items():
                steps[label].append(at)
            kinds = dict(timeline.aws_calls.get("calls", {}))
            calls.append(dynamodb_calls(timeline.aws_calls))
    return {
        "steps": {label: statistics.median(times) for label, times in steps.items() if times},
        "dynamodb_calls": statistics.median(calls) if calls else 0,
        "calls_of_the_last_round": kinds,
        "one_call_ms": embedded_aws_call_ms(),
    }


def report(found: dict[str, Any], provider_ttft_ms: float) -> None:
    """Print each step with what it took since the one before, and what the embedded AWS accounts for."""
    steps, last = found["steps"], 0.0
    print("  (d) one model's way to its first token, step by step (median ms since the client sent it):")
    for label, meaning in STEPS:
        if label not in steps:
            continue
        at = steps[label]
        print(f"    {at:7.1f}  +{at - last:6.1f}  {label:<12} {meaning}")
        last = at
    before, each = found["dynamodb_calls"], found["one_call_ms"]
    called = steps.get("called", 0.0)
    print(
        f"    before the provider is called: {called:.1f} ms, of which {before:.0f} DynamoDB calls × "
        f"{each:.1f} ms = {before * each:.1f} ms (the embedded AWS is one process: it serves calls one at "
        "a time, even those the code makes side by side)"
    )
    kinds = found["calls_of_the_last_round"]
    on_the_way = ", ".join(
        f"{n.split('.')[1]} {c}" for n, c in sorted(kinds.items()) if n.startswith("DynamoDB.")
    )
    beside = ", ".join(f"{n} {c}" for n, c in sorted(kinds.items()) if not n.startswith("DynamoDB."))
    print(f"    DynamoDB (last round): {on_the_way}; beside them, the local pollers': {beside or 'none'}")
    if "first_token" in steps and "received" in steps:
        own = steps["first_token"] - called
        print(
            f"    provider's own time to first token through the branch {own:.1f} ms "
            f"(straight through the SDK {provider_ttft_ms:.1f} ms); "
            f"push to client {steps['received'] - steps['first_token']:.1f} ms"
        )
