"""Task helpers: start a task through the API, wait for its status, and test step kinds."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from webox.tasks import kinds
from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult

from tests import waiting
from tests.accounts import Account, verified

FINISHED = ("succeeded", "failed", "cancelled", "budget_exceeded")


@pytest.fixture
def create_account(create_account: Callable[..., Account]) -> Callable[..., Account]:
    """Accounts whose e-mail address is verified: a task's paid model steps need one."""
    return verified(create_account)


def start(account: Account, plan: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    response = account.client.post("/api/tasks", json={"plan": plan, **extra}, headers=account.csrf())
    assert response.status_code == 201, response.text
    task: dict[str, Any] = response.json()
    return task


def wait_status(
    account: Account, task_id: str, statuses: tuple[str, ...] = FINISHED, timeout: float = 20
) -> dict[str, Any]:
    return waiting.wait_status(account.client, f"/api/tasks/{task_id}", statuses, timeout)


def chain(n: int, kind: str = "noop", **inputs: Any) -> list[dict[str, Any]]:
    return [
        {"id": f"s{i}", "kind": kind, "input": dict(inputs), "after": [f"s{i - 1}"] if i > 1 else []}
        for i in range(1, n + 1)
    ]


class Probe:
    """Test step kinds and what they did (the worker runs in this process, so they share it)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: list[str] = []  # side effects done ("e-mails sent")
        self.crash_once: set[str] = set()
        self.model_calls = 0
        self.runs: dict[str, int] = {}

    def count(self, key: str) -> None:
        with self.lock:
            self.runs[key] = self.runs.get(key, 0) + 1

    def send_mail(self, ctx: StepContext) -> StepResult:
        """A side effect, then (the first time) a crash before the step is written."""
        self.count(ctx.step_id)

        def effect() -> str:
            with self.lock:
                self.sent.append(f"{ctx.task_id}:{ctx.step_id}")
            return "mail-1"

        receipt = ctx.once("email", effect)
        key = f"{ctx.task_id}:{ctx.step_id}"
        with self.lock:
            crash = key in self.crash_once
            self.crash_once.discard(key)
        if crash:
            raise RuntimeError("worker killed mid-step")
        return StepResult(output={"receipt": receipt})

    def poison(self, ctx: StepContext) -> StepResult:
        self.count(ctx.step_id)
        raise RuntimeError("always fails")

    def refuse(self, ctx: StepContext) -> StepResult:
        raise StepFailed("test.refused", "refused on purpose")

    def big(self, ctx: StepContext) -> StepResult:
        return StepResult(output={"text": "é" * int(ctx.input["chars"])})

    def model(self, ctx: StepContext) -> StepResult:
        with self.lock:
            self.model_calls += 1
        ctx.delta("Bonjour")
        return StepResult(
            output={"text": "Bonjour"},
            cost_micro_usd=int(ctx.input.get("cost", 1000)),
            tokens_in=10,
            tokens_out=5,
        )


@pytest.fixture
def probe() -> Iterator[Probe]:
    found = Probe()
    kinds.register("test.send_mail", found.send_mail)
    kinds.register("test.poison", found.poison)
    kinds.register("test.refuse", found.refuse)
    kinds.register("test.model", found.model, models=lambda _input: ["gpt-4o-mini"])
    kinds.register("test.big", found.big)
    yield found
    for name in ("test.send_mail", "test.poison", "test.refuse", "test.model", "test.big"):
        kinds.KINDS.pop(name, None)
