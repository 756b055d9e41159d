"""What a run showed the outside world — every response (body and headers) and every log line the
local host wrote — and the scan that no secret is among it.

The local host runs in the test process (one ASGI server, pollers and workers on threads), so its
log lines are the records of the Powertools logger (`webox`) and of the root logger: a handler on
both sees each line as the formatter renders it, plus the record's fields (a secret passed as an
`extra=` or an argument is caught even when the message omits it).
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import httpx

# Headers that carry a credential to its owner by design (the session cookies); never scanned.
HANDED_TO_OWNER = frozenset({"set-cookie"})
# Shapes that are secret whatever their value: a password hash, a signed JWT, a WeBox API token.
SECRET_SHAPES = {
    "argon2 hash": re.compile(r"\$argon2(?:id|i|d)\$"),
    "JWT": re.compile(r"eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]{16,}"),
    "API token": re.compile(r"wbx_[A-Za-z0-9]{8,}_[A-Za-z0-9_-]{16,}"),
}
LOGGERS = ("", "webox", "webox-local", "uvicorn.error")


@dataclass
class Seen:
    """One thing a run showed: where it came from, and its text."""

    origin: str
    text: str
    hands_out: bool = False  # a response that gives its owner a new secret by design


class _LogHandler(logging.Handler):
    def __init__(self, capture: Capture) -> None:
        super().__init__(level=logging.DEBUG)
        self.capture = capture
        powertools = [h.formatter for h in logging.getLogger("webox").handlers if h.formatter]
        self.line_formatter = powertools[0] if powertools else logging.Formatter()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            line = self.line_formatter.format(record)
        except Exception:  # a record the formatter cannot render is still scanned by its fields
            line = record.getMessage() if record.args else str(record.msg)
        fields = json.dumps(record.__dict__, default=str)
        self.capture.seen.append(Seen(f"log {record.name}", f"{line}\n{fields}"))


@dataclass
class Capture:
    """Responses and log lines of one run."""

    seen: list[Seen] = field(default_factory=list)
    # (METHOD, path) of the answers that show a new secret once (a new API token, a TOTP secret):
    # scanned for the known secrets but not for secret shapes.
    hands_out: frozenset[tuple[str, str]] = frozenset()

    def record(self, response: httpx.Response) -> None:
        response.read()
        self.add(
            response.request.method,
            response.request.url.path,
            response.status_code,
            response.headers.multi_items(),
            response.text,
        )

    def add(self, method: str, path: str, status: int, headers: Iterable[tuple[str, str]], body: str) -> None:
        """One answer: its headers (but the cookies it sets for its owner) and its body."""
        shown = "\n".join(f"{k}: {v}" for k, v in headers if k.lower() not in HANDED_TO_OWNER)
        hands_out = (method, path) in self.hands_out and 200 <= status < 300
        self.seen.append(Seen(f"{method} {path} → {status}", f"{shown}\n\n{body}", hands_out))

    def hook(self, response: httpx.Response) -> None:
        """An httpx `response` event hook: every answer the client reads is captured."""
        self.record(response)

    @contextmanager
    def logs(self) -> Iterator[None]:
        """Capture every log line written while the block runs (root and the Powertools loggers)."""
        handler = _LogHandler(self)
        loggers = [logging.getLogger(name) for name in LOGGERS]
        for logger in loggers:  # at the levels the platform runs with: what it would really write
            logger.addHandler(handler)
        try:
            yield
        finally:
            for logger in loggers:
                logger.removeHandler(handler)

    def leaks(self, secrets: dict[str, str]) -> list[str]:
        """Each (origin, secret name) where a known secret value or a secret shape shows."""
        found = []
        for seen in self.seen:
            for name, value in secrets.items():
                if value and value in seen.text:
                    found.append(f"{seen.origin}: {name}")
            for name, shape in SECRET_SHAPES.items():
                if not seen.hands_out and shape.search(seen.text):
                    found.append(f"{seen.origin}: a {name}")
        return found
