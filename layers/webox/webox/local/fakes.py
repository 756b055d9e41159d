"""Starts the simulated vendors for every vendor that has no real key configured."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

from webox.testing.server import RunningServer, serve


def _openai() -> Any:
    from webox.testing.openai import create_app

    return create_app()


# vendor → (env var holding a real key, app factory, path the SDK's base URL ends with)
SIMULATORS: dict[str, tuple[str, Callable[[], Any], str]] = {
    "openai": ("OPENAI_API_KEY", _openai, "/v1"),
}


def simulated_url_env(vendor: str) -> str:
    return f"WEBOX_SIMULATED_{vendor.upper()}_URL"


def start_all() -> dict[str, RunningServer]:
    """Start a fake server per vendor without a key; export its base URL for the providers."""
    running: dict[str, RunningServer] = {}
    for vendor, (key_env, factory, suffix) in SIMULATORS.items():
        if os.environ.get(key_env):
            continue
        server = serve(factory())
        os.environ[simulated_url_env(vendor)] = server.url + suffix
        running[vendor] = server
    return running


def stop_all(running: dict[str, RunningServer]) -> None:
    for server in running.values():
        server.stop()
