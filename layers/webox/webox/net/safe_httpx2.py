"""`safe_http`'s guarded async client for `httpx2` (the client the `mcp` SDK's transport takes): every
connection, redirects included, goes to an address `safe_http` accepts. Apart from `safe_http` so
that only the functions that ship httpx2 (the `agents` dependency group) import it."""

from __future__ import annotations

import ssl
from typing import Any

import httpcore2
import httpx2

from webox.net.safe_http import DEFAULT_TIMEOUT_S, guarded_address


class _GuardedAsyncBackend(httpcore2.AnyIOBackend):  # type: ignore[misc]
    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> Any:
        address = await guarded_address(host, port)
        return await super().connect_tcp(address, port, timeout, local_address, socket_options)


def async_client(*, timeout_s: float = DEFAULT_TIMEOUT_S, **kwargs: Any) -> httpx2.AsyncClient:
    """An `httpx2.AsyncClient` that refuses non-public addresses on every connection."""
    transport = httpx2.AsyncHTTPTransport()
    transport._pool = httpcore2.AsyncConnectionPool(  # no public hook for the network backend
        ssl_context=ssl.create_default_context(), network_backend=_GuardedAsyncBackend()
    )
    return httpx2.AsyncClient(transport=transport, timeout=timeout_s, trust_env=False, **kwargs)
