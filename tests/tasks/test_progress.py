"""Progress on the socket: numbered frames, and a client that drops and comes back misses nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.accounts import Account
from tests.sockets import Socket
from tests.tasks.conftest import chain, start, wait_status


def _mine(frames: list[dict[str, Any]], task_id: str) -> list[dict[str, Any]]:
    return [f for f in frames if f.get("task_id") == task_id]


def test_a_socket_that_drops_at_step_3_and_comes_back_sees_every_step(
    create_account: Callable[..., Account],
) -> None:
    account = create_account()
    first = Socket(account.client)
    task = start(account, chain(8, delay_ms=150))
    task_id = task["task_id"]

    def step3_done(frame: dict[str, Any]) -> bool:
        return (
            frame.get("type") == "task.step" and frame["step_id"] == "s3" and frame["status"] == "succeeded"
        )

    before = _mine(first.until(step3_done), task_id)
    first.close()
    seqs = [f["seq"] for f in before]
    assert seqs == list(range(1, len(seqs) + 1))  # numbered from 1 with no gap

    # Back: read the task (its `seq` says which frames it reflects), then apply newer frames in
    # order, as the app does (frontend/src/lib/taskFrames.ts). A step's last frame goes to the
    # connections its delivery looked up when it began: if the socket came back while that step ran,
    # that frame is a gap in `seq`, and the app reads the task again. Once at most.
    second = Socket(account.client)

    def read() -> tuple[dict[str, str], int]:
        task = account.client.get(f"/api/tasks/{task_id}").json()
        assert task["status"] != "succeeded" or reads  # it came back mid-task
        return {s["step_id"]: s["status"] for s in task["steps"]}, task["seq"]

    reads = 0
    status, last = read()
    after = _mine(
        second.until(lambda f: f.get("type") == "task.status" and f["status"] == "succeeded"), task_id
    )
    second.close()
    for frame in after:
        if frame["seq"] > last + 1:
            reads += 1
            status, last = read()
        if frame["seq"] <= last:
            continue  # already in the read
        assert frame["seq"] == last + 1
        if frame["type"] == "task.step":
            status[frame["step_id"]] = frame["status"]
        last = frame["seq"]
    assert reads <= 1
    assert status == {f"s{i}": "succeeded" for i in range(1, 9)}
    assert wait_status(account, task_id)["seq"] == last


def test_model_text_streams_as_deltas(create_account: Callable[..., Account], probe: Any) -> None:
    account = create_account()
    socket = Socket(account.client)
    task = start(account, [{"id": "m", "kind": "test.model"}])
    frames = _mine(
        socket.until(lambda f: f.get("type") == "task.status" and f["status"] == "succeeded"), task["task_id"]
    )
    socket.close()
    deltas = [f for f in frames if f["type"] == "task.delta"]
    assert [d["text"] for d in deltas] == ["Bonjour"] and deltas[0]["step_id"] == "m"
