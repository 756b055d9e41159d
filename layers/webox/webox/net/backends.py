"""The httpcore network backends of `webox.net.safe_http`'s clients: each connection goes to the
address `safe_http` accepts for the host. Apart from `safe_http` so that checking a URL (what the
APIs importing it mostly do) does not import httpx: only sending a request does."""

from __future__ import annotations

from typing import Any

import httpcore

from webox.net.safe_http import checked_address, guarded_address


class GuardedBackend(httpcore.SyncBackend):
    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        address = checked_address(host, port)
        return super().connect_tcp(address, port, timeout, local_address, socket_options)


class GuardedAsyncBackend(httpcore.AnyIOBackend):
    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.AsyncNetworkStream:
        address = await guarded_address(host, port)
        return await super().connect_tcp(address, port, timeout, local_address, socket_options)
