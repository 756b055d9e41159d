"""One model's branch of a turn: stream its answer to the user's connections (`chat.delta`
frames, batched), honour a stop, store the answer as its own item and end with `chat.done` or
`chat.error`. One model failing never fails the others."""

from __future__ import annotations

import asyncio
import contextlib
import time
from dataclasses import dataclass, field
from typing import Any

from webox.chat import attachments, history, repository
from webox.chat.errors import ImageUnsupported
from webox.chat.jobs import Fanout
from webox.chat.schemas import ChatParams, UsageOut
from webox.errors import WeboxError
from webox.logging import get_logger
from webox.providers import registry
from webox.providers import service as providers
from webox.providers.schemas import ChatMessage, Completed, GenerationParams, TextDelta
from webox.realtime.protocol import ChatDelta, ChatDone, ChatError, Frame
from webox.realtime.service import Audience
from webox.verification.schemas import ErrorOut

# The first delta goes out at once; the next ones are gathered and pushed every 50 ms while the
# answer starts (its first half second, when the reader watches it appear), then every 150 ms.
# API Gateway bills each WebSocket message: a push per model every 50 ms was most of a turn's
# infrastructure cost (see `benchmarks/cost.py`).
QUICK_INTERVAL_S, QUICK_PERIOD_S, STEADY_INTERVAL_S = 0.05, 0.5, 0.15
STOP_POLL_S = 1.0  # how soon a stop is seen: one read per branch per second


class _Pusher:
    """Ordered, batched `chat.delta` frames for one model's stream."""

    def __init__(self, audience: Audience, frame: dict[str, Any]) -> None:
        self.audience, self.frame = audience, frame
        self.pending: list[str] = []
        self.seq = 0
        self.lock = asyncio.Lock()
        self.first_at: float | None = None  # when the first delta went out

    def interval(self) -> float:
        """How long to gather deltas before the next push."""
        if self.first_at is None or time.monotonic() - self.first_at < QUICK_PERIOD_S:
            return QUICK_INTERVAL_S
        return STEADY_INTERVAL_S

    async def send(self, frame: Frame) -> None:
        await asyncio.to_thread(self.audience.send, frame)

    async def flush(self) -> None:
        async with self.lock:
            if not self.pending:
                return
            text, self.pending = "".join(self.pending), []
            self.seq += 1
            await self.send(ChatDelta(**self.frame, seq=self.seq, text=text))


@dataclass
class _Stream:
    """What one model's stream gave, as it goes."""

    started: float
    parts: list[str] = field(default_factory=list)
    ttft_ms: int | None = None
    completed: Completed | None = None
    stopped_by_user: bool = False
    status: str = "done"
    error: ErrorOut | None = None


async def _inputs(fanout: Fanout, model: str) -> tuple[list[ChatMessage], ChatParams]:
    """What the model is sent: straight from the fan-out input for a conversation's first message
    (or a new version of it: nothing to read on the way to the first token), else from the stored
    conversation (its branch's history)."""
    if fanout.opening is not None:
        return [ChatMessage(role="user", content=fanout.opening.content)], ChatParams(**fanout.opening.params)
    return await asyncio.to_thread(
        history.history_for, fanout.user_id, fanout.conversation_id, fanout.turn, model
    )


async def run_branch(fanout: Fanout, model: str) -> dict[str, Any]:
    """Stream one model's answer to the user's connections and store it; never raises for a
    provider failure (one model failing never fails the others)."""
    frame: dict[str, Any] = {
        "request_id": fanout.request_id,
        "conversation_id": fanout.conversation_id,
        "turn": fanout.turn,
        "model": model,
    }
    pusher = _Pusher(Audience(fanout.user_id, connections=fanout.connections), frame)
    messages, params = await _inputs(fanout, model)
    key_source = fanout.key_sources.get(model)
    # Only a model answered with the user's own key needs their key looked up (and decrypted).
    key_owner = fanout.user_id if key_source == "user" else None
    model_info = registry.get_model(model)
    generation = GenerationParams(
        temperature=params.temperature, max_tokens=params.max_tokens, system=params.system
    )
    refused = attachments.refusal(model_info, messages[-1])
    if refused is None:
        stream = await _stream(fanout, model, messages, generation, key_owner, pusher)
    else:  # this column says why; the others answer
        error = ErrorOut(code=ImageUnsupported.code, message=refused)
        stream = _Stream(started=time.monotonic(), status="error", error=error)
    await pusher.flush()
    duration_ms = int((time.monotonic() - stream.started) * 1000)
    usage = stream.completed.usage if stream.completed else None
    cost = registry.cost(model_info, usage) if usage else 0.0
    await _store_and_announce(fanout, model, stream, pusher, cost, duration_ms, key_source)
    return {"model": model, "status": stream.status}


async def _stream(
    fanout: Fanout,
    model: str,
    messages: list[ChatMessage],
    generation: GenerationParams,
    key_owner: str | None,
    pusher: _Pusher,
) -> _Stream:
    """Run the model's stream with the delta batching and the stop check beside it; a provider
    failure ends it as `error`, a user's stop as `stopped`."""
    stream = _Stream(started=time.monotonic())
    finished = asyncio.Event()
    stream_task = asyncio.create_task(_consume(model, messages, generation, key_owner, pusher, stream))
    flusher = asyncio.create_task(_flush_batches(pusher, finished))
    stop_poller = asyncio.create_task(_poll_stop(fanout, model, stream_task, stream))
    try:
        await stream_task
    except asyncio.CancelledError:
        if not stream.stopped_by_user:
            raise
        stream.status = "stopped"
    except WeboxError as exc:
        stream.status, stream.error = "error", ErrorOut(code=exc.code, message=exc.message)
    except Exception as exc:  # an SDK failure the adapter did not map: still only this column fails
        get_logger().exception("branch failed", extra={"model": model})
        stream.status, stream.error = (
            "error",
            ErrorOut(code="provider_unavailable", message=type(exc).__name__),
        )
    finally:
        finished.set()
        stop_poller.cancel()
        await flusher
    return stream


async def _consume(
    model: str,
    messages: list[ChatMessage],
    generation: GenerationParams,
    key_owner: str | None,
    pusher: _Pusher,
    stream: _Stream,
) -> None:
    async for event in providers.stream(model, messages, generation, user_id=key_owner):
        if isinstance(event, TextDelta):
            if not event.text:
                continue
            stream.parts.append(event.text)
            pusher.pending.append(event.text)
            if stream.ttft_ms is None:
                stream.ttft_ms = int((time.monotonic() - stream.started) * 1000)
                pusher.first_at = time.monotonic()
                await pusher.flush()  # the first delta goes out at once
        elif isinstance(event, Completed):
            stream.completed = event


async def _flush_batches(pusher: _Pusher, finished: asyncio.Event) -> None:
    # Never cancelled mid-push, so every delta is out before `chat.done`.
    while not finished.is_set():
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(finished.wait(), pusher.interval())
        await pusher.flush()


async def _poll_stop(fanout: Fanout, model: str, stream_task: asyncio.Task[None], stream: _Stream) -> None:
    # Cancelled as soon as the stream ends: the end of a turn never waits for a stop check.
    while True:
        await asyncio.sleep(STOP_POLL_S)
        try:
            stops = await asyncio.to_thread(
                repository.stop_requested, fanout.user_id, fanout.conversation_id, fanout.turn
            )
        except Exception:  # a failed check is tried again; it never fails the answer
            get_logger().warning("stop check failed", extra={"model": model}, exc_info=True)
            continue
        if "*" in stops or model in stops:
            stream.stopped_by_user = True
            stream_task.cancel()
            return


def _final_frame(
    frame: dict[str, Any], stream: _Stream, cost: float, duration_ms: int, simulated: bool
) -> Frame:
    """`chat.error` for a failed answer, else `chat.done` (finished or stopped) with its figures."""
    if stream.status == "error" and stream.error is not None:
        return ChatError(**frame, code=stream.error.code, message=stream.error.message)
    usage = stream.completed.usage if stream.completed else None
    return ChatDone(
        **frame,
        status="stopped" if stream.status == "stopped" else "done",
        usage=UsageOut(
            input_tokens=usage.input_tokens if usage else 0, output_tokens=usage.output_tokens if usage else 0
        ),
        cost=cost,
        ttft_ms=stream.ttft_ms,
        duration_ms=duration_ms,
        simulated=simulated,
    )


async def _store_and_announce(
    fanout: Fanout,
    model: str,
    stream: _Stream,
    pusher: _Pusher,
    cost: float,
    duration_ms: int,
    key_source: str | None,
) -> None:
    """Store the answer and push its final frame at once: the client does not read it back before
    `chat.finished`, and should the write fail the merge step reports the column as interrupted."""
    usage = stream.completed.usage if stream.completed else None
    simulated = key_source == "simulated"
    error = stream.error
    store = asyncio.to_thread(
        repository.finish_answer,
        fanout.user_id,
        fanout.conversation_id,
        fanout.turn,
        model,
        "".join(stream.parts),
        status=stream.status,
        input_tokens=usage.input_tokens if usage else 0,
        output_tokens=usage.output_tokens if usage else 0,
        cost=cost,
        ttft_ms=stream.ttft_ms,
        duration_ms=duration_ms,
        error_code=error.code if error else None,
        error_message=error.message if error else None,
        simulated=int(simulated),
        key_source=key_source,
    )
    final = _final_frame(pusher.frame, stream, cost, duration_ms, simulated)
    stored, pushed = await asyncio.gather(store, pusher.send(final), return_exceptions=True)
    if isinstance(stored, BaseException):
        raise stored
    if isinstance(pushed, BaseException):  # stored: the client reads it back at `chat.finished`
        get_logger().warning("final push failed", extra={"model": model, "error": repr(pushed)})
