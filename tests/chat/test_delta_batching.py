"""Deltas are pushed in batches: the first at once, then every 50 ms while the answer starts and
every 150 ms after (each WebSocket message is billed), and none is lost or reordered."""

from __future__ import annotations

import asyncio
import itertools
import time

from webox.chat import branch
from webox.realtime.protocol import ChatDelta, Frame

FRAME = {"request_id": "r", "conversation_id": "c", "turn": 1, "model": "gpt-4o"}


class Recorder:
    """Stands for the user's connections: keeps what was pushed, and when."""

    def __init__(self) -> None:
        self.pushed: list[tuple[float, ChatDelta]] = []

    def send(self, frame: Frame) -> int:
        assert isinstance(frame, ChatDelta)
        self.pushed.append((time.monotonic(), frame))
        return 1


async def stream_for(seconds: float, every_s: float) -> tuple[Recorder, list[str], float]:
    """A provider stream of one token every `every_s` for `seconds`, through the branch's pusher."""
    recorder = Recorder()
    pusher = branch._Pusher(recorder, FRAME)  # type: ignore[arg-type]
    finished = asyncio.Event()
    flusher = asyncio.create_task(branch._flush_batches(pusher, finished))
    sent: list[str] = []
    start = time.monotonic()
    while time.monotonic() - start < seconds:
        token = f"t{len(sent)} "
        sent.append(token)
        pusher.pending.append(token)
        if pusher.first_at is None:
            pusher.first_at = time.monotonic()
            await pusher.flush()
        await asyncio.sleep(every_s)  # the provider's pace, not a wait on the code under test
    finished.set()
    await flusher
    return recorder, sent, start


def test_a_long_stream_is_pushed_every_150_ms_after_a_quick_start() -> None:
    recorder, sent, start = asyncio.run(stream_for(seconds=1.5, every_s=0.01))

    texts = [frame.text for _, frame in recorder.pushed]
    assert "".join(texts) == "".join(sent)  # nothing lost, in order
    assert [frame.seq for _, frame in recorder.pushed] == list(range(1, len(texts) + 1))
    assert texts[0] == sent[0]  # the first token alone, at once
    # At most: the first, 10 in the quick half second, 7 in the next second (+1 at the end), against
    # 31 for a push every 50 ms; a loaded machine only pushes fewer.
    assert 4 <= len(texts) <= 19
    steady = [t for t, _ in recorder.pushed if t - start > branch.QUICK_PERIOD_S + 0.1]
    # (the last push comes when the stream ends, whatever the interval)
    gaps = [b - a for a, b in itertools.pairwise(steady[:-1])]
    assert gaps and min(gaps) >= branch.STEADY_INTERVAL_S * 0.9


def test_the_interval_is_quick_until_half_a_second_after_the_first_delta() -> None:
    pusher = branch._Pusher(Recorder(), FRAME)  # type: ignore[arg-type]
    assert pusher.interval() == branch.QUICK_INTERVAL_S
    pusher.first_at = time.monotonic()
    assert pusher.interval() == branch.QUICK_INTERVAL_S
    pusher.first_at = time.monotonic() - branch.QUICK_PERIOD_S - 0.01
    assert pusher.interval() == branch.STEADY_INTERVAL_S
