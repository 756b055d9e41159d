"""Waiting in tests for what the platform does in the background: poll with a growing pause (quick
for what is already done, light on a 2-core machine for what takes seconds), bounded, and say what
was awaited when it never came."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")
FIRST_PAUSE_S, LONGEST_PAUSE_S = 0.01, 0.25


def until(read: Callable[[], T], ok: Callable[[T], Any], timeout: float = 30, what: str = "") -> T:
    """Call `read` until `ok` holds for what it returned; returns that."""
    deadline, pause = time.monotonic() + timeout, FIRST_PAUSE_S
    while True:
        value = read()
        if ok(value):
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"after {timeout} s, still not {what or 'done'}: {str(value)[:800]}")
        time.sleep(pause)
        pause = min(pause * 1.5, LONGEST_PAUSE_S)


def wait_for(check: Callable[[], Any], timeout: float = 20, what: str = "condition") -> Any:
    """Call `check` until it returns something truthy; returns that."""
    return until(check, bool, timeout, what)


def wait_status(client: Any, path: str, statuses: tuple[str, ...], timeout: float = 30) -> dict[str, Any]:
    """GET `path` (a task, a run, a job) until its `status` is one of `statuses`; returns it."""
    found: dict[str, Any] = until(
        lambda: client.get(path).json(), lambda r: r["status"] in statuses, timeout, f"{path} {statuses}"
    )
    return found
