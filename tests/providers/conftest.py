"""Provider fixtures: the local host's simulators (one per SDK), reset before each test, no real key."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Coroutine, Iterator
from typing import Any, TypeVar

import pytest
from webox.config import get_settings
from webox.local.host import LocalHost
from webox.providers import registry, service
from webox.testing.server import RunningServer
from webox.testing.simulation import Behaviour

T = TypeVar("T")

# One model per adapter, and an OpenAI-compatible vendor that goes through the OpenAI simulator.
MODELS = {
    "openai": "gpt-4o-mini",
    "anthropic": "claude-haiku-4-5",
    "mistral": "mistral-small-latest",
    "gemini": "gemini-2.5-flash",
}


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    return asyncio.run(coroutine)


@pytest.fixture
def simulators(live_server: LocalHost, monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, RunningServer]]:
    """The host's simulators, fast and fault-free; every platform key unset; fast retries."""
    for vendor in registry.list_vendors():
        monkeypatch.delenv(vendor.key_env, raising=False)
    monkeypatch.setattr(service, "BACKOFF_BASE_S", 0.02)
    service.clear_caches()
    # The model vendors' simulators (Twilio's and Pipedream's have no `behaviour`).
    running: dict[str, RunningServer] = {
        name: server
        for name, server in live_server.components["fakes"].items()
        if hasattr(server.server.config.app.state, "behaviour")
    }
    for server in running.values():
        behaviour(server).reset()
    yield running
    for server in running.values():
        behaviour(server).reset()
    service.clear_caches()


def behaviour(server: RunningServer) -> Behaviour:
    state: Behaviour = server.server.config.app.state.behaviour
    return state


@pytest.fixture
def cloud_mode() -> Iterator[None]:
    """Settings as in the cloud: no simulator may answer."""
    previous = os.environ.get("WEBOX_LOCAL")
    os.environ["WEBOX_LOCAL"] = "false"
    get_settings.cache_clear()
    yield
    if previous is None:
        os.environ.pop("WEBOX_LOCAL", None)
    else:
        os.environ["WEBOX_LOCAL"] = previous
    get_settings.cache_clear()


@pytest.fixture
def kms_key(aws: LocalHost) -> None:
    """The platform's KMS key (the bootstrap creates it when a function asks for KMS)."""
    from webox.aws import client
    from webox.config import kms_alias

    kms = client("kms")
    if kms_alias() not in {a["AliasName"] for a in kms.list_aliases()["Aliases"]}:
        kms.create_alias(AliasName=kms_alias(), TargetKeyId=kms.create_key()["KeyMetadata"]["KeyId"])
