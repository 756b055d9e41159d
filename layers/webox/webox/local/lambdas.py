"""Loads the manifest's handlers and invokes them as Lambda would (event + context)."""

from __future__ import annotations

import importlib
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from webox import manifest
from webox.manifest import Function


@dataclass
class LambdaContext:
    """The attributes of Lambda's context object that handlers and Powertools read."""

    function_name: str
    memory_limit_in_mb: int
    timeout_s: int
    aws_request_id: str = field(default_factory=lambda: str(uuid.uuid4()))
    function_version: str = "$LATEST"
    log_group_name: str = "/aws/lambda/local"
    log_stream_name: str = "local"
    _deadline: float = 0.0

    def __post_init__(self) -> None:
        self.invoked_function_arn = f"arn:aws:lambda:local:000000000000:function:{self.function_name}"
        self._deadline = time.monotonic() + self.timeout_s

    def get_remaining_time_in_millis(self) -> int:
        return max(0, int((self._deadline - time.monotonic()) * 1000))


def load(function: Function) -> Any:
    """The function's module (its `app` for HTTP functions, its `handler` for the rest)."""
    return importlib.import_module(function.import_path)


def invoke(function: Function, event: dict[str, Any]) -> Any:
    """Call a handler with a fresh context, as one Lambda invocation."""
    context = LambdaContext(function.name, function.memory_mb, function.timeout_s)
    return load(function).handler(event, context)


def ws_routes(api: str = "browser") -> dict[str, Function]:
    """Route key → the function handling it on one WebSocket API (the browser's by default)."""
    return {route: f for f in manifest.FUNCTIONS if f.ws_api == api for route in f.ws_routes}


def http_functions() -> list[Function]:
    """Functions behind the HTTP API, longest prefix first."""
    return sorted(
        (f for f in manifest.FUNCTIONS if f.http_prefixes),
        key=lambda f: -max(len(p) for p in f.http_prefixes),
    )
