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

    # Back: reload the task (its `seq` says which frames it reflects), then apply newer frames only.
    second = Socket(account.client)
    reloaded = account.client.get(f"/api/tasks/{task_id}").json()
    status = {s["step_id"]: s["status"] for s in reloaded["steps"]}
    last = reloaded["seq"]
    assert reloaded["status"] != "succeeded"  # it came back mid-task
    after = _mine(
        second.until(lambda f: f.get("type") == "task.status" and f["status"] == "succeeded"), task_id
    )
    second.close()
    newer = [f for f in after if f["seq"] > last]
    assert [f["seq"] for f in newer] == list(range(last + 1, last + 1 + len(newer)))  # no gap
    for frame in newer:
        if frame["type"] == "task.step":
            status[frame["step_id"]] = frame["status"]
    assert status == {f"s{i}": "succeeded" for i in range(1, 9)}
    assert wait_status(account, task_id)["seq"] == newer[-1]["seq"]


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
