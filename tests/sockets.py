"""A WebSocket client for tests, authenticated like the browser (cookies + Origin). Every frame it
reads must be a frame of the socket protocol (`webox.realtime.protocol.ServerFrame`)."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from typing import Any

import httpx
from webox.realtime.protocol import SERVER_FRAMES
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect


def wait_for(check: Callable[[], bool], timeout: float = 5) -> bool:
    """Poll `check` until it holds (True) or `timeout` passes (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.05)
    return False


class Socket:
    """One connection to the local host's `/ws`, reading JSON frames."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        origin: str | None = None,
        token: str | None = None,
        ticket: str | None = None,
    ) -> None:
        """`token`: a script's credential, traded for a single-use ticket as a script does (the URL
        never carries the token itself); `ticket`: connect with this ticket as it is."""
        base = str(client.base_url).rstrip("/")
        if token:
            issued = client.post("/api/auth/socket-ticket", headers={"Authorization": f"Bearer {token}"})
            assert issued.status_code == 201, issued.text
            ticket = issued.json()["ticket"]
        cookies = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        headers = {"Origin": origin or base}
        if cookies:
            headers["Cookie"] = cookies
        url = base.replace("http", "ws", 1) + "/ws" + (f"?ticket={ticket}" if ticket else "")
        self.connection: ClientConnection = connect(
            url, additional_headers=headers, open_timeout=10
        ).__enter__()
        self.frames: list[dict[str, Any]] = []

    def send(self, message: dict[str, Any]) -> None:
        self.connection.send(json.dumps(message))

    def receive(self, timeout: float = 10) -> dict[str, Any]:
        frame: dict[str, Any] = json.loads(self.connection.recv(timeout=timeout))
        self.frames.append(frame)
        SERVER_FRAMES.validate_python(frame)  # a frame outside the protocol fails the test
        return frame

    def closed_by_server(self, timeout: float = 10) -> bool:
        """Whether the server closes the socket within `timeout` with no frame reaching it first."""
        try:
            frame = self.connection.recv(timeout=timeout)
        except ConnectionClosed:
            return True
        except TimeoutError:
            return False
        raise AssertionError(f"a frame reached a socket that should be closed: {frame!r}")

    def until(self, done: Callable[[dict[str, Any]], bool], timeout: float = 20) -> list[dict[str, Any]]:
        """Read frames until `done(frame)`; returns every frame read, the last one included."""
        deadline = time.monotonic() + timeout
        seen: list[dict[str, Any]] = []
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no matching frame; got {[f.get('type') for f in seen]}")
            frame = self.receive(remaining)
            seen.append(frame)
            if done(frame):
                return seen

    def close(self) -> None:
        self.connection.close()

    def __enter__(self) -> Socket:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
