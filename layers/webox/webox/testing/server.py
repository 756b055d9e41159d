"""Run an ASGI app on a loopback port in a background thread (fake vendors, the local host in tests)."""

from __future__ import annotations

import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import uvicorn


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class RunningServer:
    url: str
    port: int
    server: uvicorn.Server
    thread: threading.Thread

    def halt(self) -> None:
        """Ask the server to shut down (`stop` waits for it)."""
        self.server.should_exit = True

    def stop(self) -> None:
        self.halt()
        self.thread.join(timeout=10)


def serve(app: Any, *, port: int | None = None, ws: bool = False) -> RunningServer:
    """Start `app` on 127.0.0.1 and return once it accepts connections."""
    port = port or free_port()
    config = uvicorn.Config(
        app,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="on",
        ws="websockets-sansio" if ws else "none",
        timeout_graceful_shutdown=2,
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"asgi-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"server on port {port} did not start")
        time.sleep(0.01)
    return RunningServer(url=f"http://127.0.0.1:{port}", port=port, server=server, thread=thread)
