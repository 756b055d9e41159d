"""Running coroutines from synchronous Lambda handlers on one event loop that outlives invocations.

`asyncio.run` would make a new loop per invocation, and with it new SDK clients (each builds an SSL
context and a connection pool) and new connections to the vendors. Instead one loop runs in a
background thread for the life of the process: a warm Lambda container reuses its clients and
connections, and locally — where several "containers" share a process — concurrent invocations
share them too. Blocking calls inside the coroutines go through `asyncio.to_thread`, on a pool
sized for several concurrent invocations.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
_lock = threading.Lock()
_loop: asyncio.AbstractEventLoop | None = None


def _background_loop() -> asyncio.AbstractEventLoop:
    global _loop
    with _lock:
        if _loop is None or _loop.is_closed():
            loop = asyncio.new_event_loop()
            loop.set_default_executor(ThreadPoolExecutor(max_workers=48, thread_name_prefix="aio-io"))
            threading.Thread(target=loop.run_forever, name="aio-loop", daemon=True).start()
            _loop = loop
        return _loop


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run `coroutine` on the process's event loop and wait for its result."""
    return asyncio.run_coroutine_threadsafe(coroutine, _background_loop()).result()
