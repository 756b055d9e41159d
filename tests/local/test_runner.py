"""The local Step Functions interpreter runs WeBox's definitions with the cloud's semantics."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from webox.local.runner import Interpreter, StatesError, read_path, resolve

FAN_OUT = {
    "StartAt": "Branches",
    "States": {
        "Branches": {
            "Type": "Map",
            "ItemsPath": "$.models",
            "MaxConcurrency": 12,
            "ItemSelector": {"model.$": "$$.Map.Item.Value", "request.$": "$.request"},
            "ItemProcessor": {
                "StartAt": "Branch",
                "States": {
                    "Branch": {
                        "Type": "Task",
                        "Resource": "arn:aws:states:::lambda:invoke",
                        "Parameters": {"FunctionName": "${chat-branch}", "Payload.$": "$"},
                        "OutputPath": "$.Payload",
                        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Failed"}],
                        "End": True,
                    },
                    "Failed": {
                        "Type": "Pass",
                        "Parameters": {"model.$": "$.model", "failed": True},
                        "End": True,
                    },
                },
            },
            "ResultPath": "$.answers",
            "Next": "Merge",
        },
        "Merge": {"Type": "Task", "Resource": "${chat-merge}", "End": True},
    },
}


class Recorder:
    def __init__(self, delay: float = 0.0, failing: set[str] | None = None) -> None:
        self.delay, self.failing = delay, failing or set()
        self.calls: list[tuple[str, Any]] = []
        self.active = self.peak = 0
        self.lock = threading.Lock()

    def __call__(self, function: str, payload: Any) -> Any:
        with self.lock:
            self.calls.append((function, payload))
            self.active += 1
            self.peak = max(self.peak, self.active)
        try:
            time.sleep(self.delay)
            if function == "chat-merge":
                return {
                    "merged": [a["model"] for a in payload["answers"]],
                    "failed": [a["model"] for a in payload["answers"] if a.get("failed")],
                }
            if payload["model"] in self.failing:
                raise RuntimeError(f"{payload['model']} is down")
            return {"model": payload["model"], "text": f"answer of {payload['model']}"}
        finally:
            with self.lock:
                self.active -= 1


class TestFanOut:
    def test_branches_run_concurrently_and_merge_sees_every_answer(self) -> None:
        recorder = Recorder(delay=0.2)
        models = [f"m{i}" for i in range(12)]
        start = time.perf_counter()
        result = Interpreter(FAN_OUT, recorder).run({"models": models, "request": {"id": "r1"}})
        elapsed = time.perf_counter() - start
        assert result == {"merged": models, "failed": []}
        assert recorder.peak == 12
        assert elapsed < 0.2 * 3  # 12 sequential branches would take 2.4 s

    def test_one_failing_branch_does_not_fail_the_others(self) -> None:
        result = Interpreter(FAN_OUT, Recorder(failing={"m1"})).run(
            {"models": ["m0", "m1", "m2"], "request": {}}
        )
        assert result == {"merged": ["m0", "m1", "m2"], "failed": ["m1"]}

    def test_max_concurrency_is_honoured(self) -> None:
        definition = {
            **FAN_OUT,
            "States": {
                **FAN_OUT["States"],
                "Branches": {**FAN_OUT["States"]["Branches"], "MaxConcurrency": 2},
            },
        }
        recorder = Recorder(delay=0.05)
        Interpreter(definition, recorder).run({"models": ["a", "b", "c", "d", "e"], "request": {}})
        assert recorder.peak <= 2


class TestTasks:
    def test_retry_then_success(self) -> None:
        attempts = []

        def flaky(function: str, payload: Any) -> Any:
            attempts.append(function)
            if len(attempts) < 3:
                raise TimeoutError("slow")
            return "ok"

        definition = {
            "StartAt": "T",
            "States": {
                "T": {
                    "Type": "Task",
                    "Resource": "${f}",
                    "End": True,
                    "Retry": [
                        {
                            "ErrorEquals": ["States.ALL"],
                            "MaxAttempts": 3,
                            "IntervalSeconds": 0,
                            "BackoffRate": 1,
                        }
                    ],
                }
            },
        }
        assert Interpreter(definition, flaky).run({}) == "ok" and len(attempts) == 3

    def test_uncaught_failure_surfaces_the_error_name(self) -> None:
        def broken(function: str, payload: Any) -> Any:
            raise KeyError("x")

        definition = {"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "${f}", "End": True}}}
        with pytest.raises(StatesError) as error:
            Interpreter(definition, broken).run({})
        assert error.value.error == "KeyError"

    def test_fail_state(self) -> None:
        definition = {"StartAt": "F", "States": {"F": {"Type": "Fail", "Error": "Nope", "Cause": "because"}}}
        with pytest.raises(StatesError, match="Nope"):
            Interpreter(definition, Recorder()).run({})


class TestPaths:
    def test_paths_and_templates(self) -> None:
        data = {"a": {"b": [10, 20]}, "c": "x"}
        context = {"Map": {"Item": {"Value": 7}}}
        assert read_path("$.a.b[1]", data, context) == 20
        assert read_path("$$.Map.Item.Value", data, context) == 7
        assert resolve({"v.$": "$.c", "k": 1, "n": {"w.$": "$$.Map.Item.Value"}}, data, context) == {
            "v": "x",
            "k": 1,
            "n": {"w": 7},
        }

    def test_missing_path_is_a_runtime_error(self) -> None:
        with pytest.raises(StatesError) as error:
            read_path("$.nope", {}, {})
        assert error.value.error == "States.Runtime"
