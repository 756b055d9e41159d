"""Runs the manifest's Step Functions workflows locally, with the same definitions and payloads.

It interprets the part of the Amazon States Language WeBox uses — Task (Lambda), Map (with
MaxConcurrency), Pass, Choice-free flows, Succeed, Fail, Retry and Catch, JSONPath `$`/`$$` paths —
and serves Step Functions' StartExecution/DescribeExecution API so `webox.workflow.start` works
unchanged (the host points `AWS_ENDPOINT_URL_SFN` here). Map iterations run concurrently in threads,
as an Express workflow's branches do.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from webox import manifest
from webox.config import get_settings
from webox.local import lambdas
from webox.logging import get_logger
from webox.manifest import StateMachine

Invoke = Callable[[str, Any], Any]
_POOL_SIZE = 64
_POOL = ThreadPoolExecutor(max_workers=_POOL_SIZE, thread_name_prefix="lambda")


class StatesError(Exception):
    """A state failed with an error name, as Step Functions reports it."""

    def __init__(self, error: str, cause: str = "") -> None:
        super().__init__(f"{error}: {cause}")
        self.error, self.cause = error, cause


def read_path(path: str, data: Any, context: dict[str, Any]) -> Any:
    """Evaluate a reference path (`$`, `$.a.b[0]`, `$$.Map.Item.Value`)."""
    root, rest = (context, path[2:]) if path.startswith("$$") else (data, path[1:])
    value: Any = root
    for part in [p for p in rest.replace("[", ".[").split(".") if p]:
        if part.startswith("["):
            value = value[int(part[1:-1])]
        elif isinstance(value, dict) and part in value:
            value = value[part]
        else:
            raise StatesError("States.Runtime", f"path {path} not found")
    return value


def resolve(template: Any, data: Any, context: dict[str, Any]) -> Any:
    """Apply a Parameters/ItemSelector template: keys ending in `.$` are paths."""
    if isinstance(template, dict):
        out = {}
        for key, value in template.items():
            if key.endswith(".$"):
                out[key[:-2]] = read_path(value, data, context)
            else:
                out[key] = resolve(value, data, context)
        return out
    if isinstance(template, list):
        return [resolve(v, data, context) for v in template]
    return template


def write_result(state: dict[str, Any], data: Any, result: Any) -> Any:
    """Apply ResultSelector-free ResultPath and OutputPath."""
    result_path = state.get("ResultPath", "$")
    if result_path is None:
        output = data
    elif result_path == "$":
        output = result
    else:
        output = json.loads(json.dumps(data)) if isinstance(data, dict) else {}
        target = output
        parts = result_path[2:].split(".")
        for part in parts[:-1]:
            target = target.setdefault(part, {})
        target[parts[-1]] = result
    output_path = state.get("OutputPath", "$")
    return read_path(output_path, output, {}) if output_path else None


def _matches(errors: list[str], error: str) -> bool:
    return (
        "States.ALL" in errors
        or error in errors
        or ("States.TaskFailed" in errors and not error.startswith("States."))
    )


class Interpreter:
    """Executes one state machine definition against an `invoke(function_name, payload)`."""

    def __init__(
        self, definition: dict[str, Any], invoke: Invoke, pool: ThreadPoolExecutor | None = None
    ) -> None:
        self.definition = definition
        self.invoke = invoke
        self.pool = pool or _POOL

    def run(self, data: Any, context: dict[str, Any] | None = None) -> Any:
        return self._run_states(self.definition, data, context or {})

    def _run_states(self, machine: dict[str, Any], data: Any, context: dict[str, Any]) -> Any:
        name = machine["StartAt"]
        while True:
            state = machine["States"][name]
            kind = state["Type"]
            if kind == "Succeed":
                return data
            if kind == "Fail":
                raise StatesError(state.get("Error", "States.Fail"), state.get("Cause", ""))
            try:
                data = self._state(state, data, context)
            except StatesError as error:
                handler = next(
                    (c for c in state.get("Catch", []) if _matches(c["ErrorEquals"], error.error)), None
                )
                if handler is None:
                    raise
                data = write_result(
                    {"ResultPath": handler.get("ResultPath", "$")},
                    data,
                    {"Error": error.error, "Cause": error.cause},
                )
                name = handler["Next"]
                continue
            if state.get("End"):
                return data
            name = state["Next"]

    def _state(self, state: dict[str, Any], data: Any, context: dict[str, Any]) -> Any:
        kind = state["Type"]
        effective = read_path(state.get("InputPath", "$"), data, context)
        if kind == "Pass":
            result = (
                resolve(state["Parameters"], effective, context)
                if "Parameters" in state
                else state.get("Result", effective)
            )
            return write_result(state, data, result)
        if kind == "Task":
            payload = resolve(state["Parameters"], effective, context) if "Parameters" in state else effective
            return write_result(state, data, self._task(state, payload))
        if kind == "Map":
            return write_result(state, data, self._map(state, effective, context))
        raise StatesError("States.Runtime", f"unsupported state type {kind}")

    def _task(self, state: dict[str, Any], payload: Any) -> Any:
        resource = state["Resource"]
        if resource == "arn:aws:states:::lambda:invoke":
            function, body = payload["FunctionName"], payload.get("Payload")
            wrap = True
        else:
            function, body, wrap = resource, payload, False
        function = function.removeprefix("${").removesuffix("}")
        attempt = 0
        while True:
            try:
                result = self.invoke(function, body)
                return {"Payload": result, "StatusCode": 200} if wrap else result
            except StatesError:
                raise
            except Exception as exc:
                error = StatesError(type(exc).__name__, str(exc)[:256])
            retry = next((r for r in state.get("Retry", []) if _matches(r["ErrorEquals"], error.error)), None)
            if retry is None or attempt >= retry.get("MaxAttempts", 3):
                raise error
            time.sleep(retry.get("IntervalSeconds", 1) * retry.get("BackoffRate", 2.0) ** attempt)
            attempt += 1

    def _map(self, state: dict[str, Any], data: Any, context: dict[str, Any]) -> list[Any]:
        items = read_path(state.get("ItemsPath", "$"), data, context)
        processor = state.get("ItemProcessor") or state["Iterator"]
        selector = state.get("ItemSelector") or state.get("Parameters")
        concurrency = state.get("MaxConcurrency", 0) or _POOL_SIZE

        def one(index_item: tuple[int, Any]) -> Any:
            index, item = index_item
            item_context = {**context, "Map": {"Item": {"Index": index, "Value": item}}}
            item_input = resolve(selector, data, item_context) if selector else item
            return self._run_states(processor, item_input, item_context)

        # Iterations run on the shared pool, whose threads play warm Lambda containers (each keeps
        # its event loop and SDK clients); a semaphore applies MaxConcurrency.
        gate = threading.Semaphore(concurrency)

        def gated(index_item: tuple[int, Any]) -> Any:
            with gate:
                return one(index_item)

        return list(self.pool.map(gated, enumerate(items)))


class Runner:
    """The local Step Functions service: executions run in background threads."""

    def __init__(self, machines: tuple[StateMachine, ...] | None = None) -> None:
        self.machines = {m.name: m for m in (machines if machines is not None else manifest.STATE_MACHINES)}
        self.executions: dict[str, dict[str, Any]] = {}
        self._lock = threading.Lock()

    def _invoke_function(self, name: str, payload: Any) -> Any:
        return lambdas.invoke(manifest.function(name), payload)

    def start(self, machine_name: str, payload: Any, execution_name: str | None = None) -> str:
        machine = self.machines[machine_name]
        region = get_settings().region
        arn = f"arn:aws:states:{region}:000000000000:express:{machine_name}:{execution_name or uuid.uuid4()}"
        record = {"executionArn": arn, "status": "RUNNING", "startDate": time.time(), "input": payload}
        with self._lock:
            self.executions[arn] = record
        context = {"Execution": {"Id": arn, "Input": payload, "StartTime": datetime.now(UTC).isoformat()}}

        def run() -> None:
            try:
                record["output"] = Interpreter(machine.definition, self._invoke_function).run(
                    payload, context
                )
                record["status"] = "SUCCEEDED"
            except StatesError as error:
                record.update(status="FAILED", error=error.error, cause=error.cause)
                get_logger().warning("workflow failed", extra={"machine": machine_name, "error": error.error})
            record["stopDate"] = time.time()

        threading.Thread(target=run, name=f"sfn-{machine_name}", daemon=True).start()
        return arn

    async def api(self, request: Request) -> Response:
        """Step Functions' JSON 1.0 API: StartExecution and DescribeExecution."""
        target = request.headers.get("x-amz-target", "").split(".")[-1]
        body = json.loads(await request.body() or b"{}")
        if target == "StartExecution":
            machine_name = body["stateMachineArn"].split(":")[-1].removeprefix(get_settings().resource_prefix)
            if machine_name not in self.machines:
                return _sfn_error("StateMachineDoesNotExist", f"no state machine {machine_name}", 400)
            arn = self.start(machine_name, json.loads(body.get("input") or "{}"), body.get("name"))
            return JSONResponse({"executionArn": arn, "startDate": time.time()})
        if target == "DescribeExecution":
            record = self.executions.get(body.get("executionArn", ""))
            if record is None:
                return _sfn_error("ExecutionDoesNotExist", "no such execution", 400)
            described = {k: v for k, v in record.items() if k not in {"input", "output"}}
            described["input"] = json.dumps(record["input"])
            if "output" in record:
                described["output"] = json.dumps(record["output"])
            return JSONResponse(described)
        return _sfn_error("UnknownOperationException", target, 400)


def _sfn_error(kind: str, message: str, status: int) -> Response:
    return JSONResponse(
        {"__type": kind, "message": message},
        status_code=status,
        media_type="application/x-amz-json-1.0",
        headers={"x-amzn-ErrorType": kind},
    )
