"""CloudWatch Logs subscriptions on one machine.

Every function of the local host writes its subscribed lines (`webox.log_lines`) to one file; the
follower reads what was appended, hands each subscription the lines its key matches as an `awslogs`
event, and moves on only when every handler took its batch (a failure is retried, as Lambda retries
an asynchronous invocation). Locally all functions share the file, so a subscription matches by key,
not by the function that wrote the line.

The offset delivered so far is saved with each data snapshot, read before the tables are: after a
crash, the items restored are those of the snapshot, and the lines written since are delivered
again, so nothing a response was given for is lost.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from webox import log_lines, manifest
from webox.config import resource_name
from webox.local import lambdas
from webox.logging import get_logger

POLL_S = 0.05
BATCH_BYTES = 256 * 1024  # CloudWatch Logs delivers at most about this much per invocation


class LogFollower:
    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / "functions.log"
        self.checkpoint_path = folder / "delivered"
        self.path.touch()
        self.offset = int(self.checkpoint_path.read_text()) if self.checkpoint_path.exists() else 0
        self.delivered = 0
        self.failed = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="log-follower", daemon=True)

    def start(self) -> None:
        os.environ[log_lines.LOCAL_LOG_ENV] = str(self.path)
        self._thread.start()

    def stop(self) -> None:
        """Stop following, after delivering what was written (what cannot be is delivered at the
        next start, from the saved offset)."""
        self._stop.set()
        self._thread.join(timeout=5)
        try:
            while self.deliver_once():
                pass
        except Exception:
            get_logger().exception("log delivery failed at shutdown")

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def checkpoint(self, offset: int) -> None:
        """Keep `offset` (read before a snapshot's tables) as where a restart resumes."""
        tmp = self.checkpoint_path.with_suffix(".tmp")
        tmp.write_text(str(offset))
        os.replace(tmp, self.checkpoint_path)

    def deliver_once(self) -> int:
        """Deliver the whole lines appended since the offset; returns how many lines were read."""
        with self.path.open("rb") as file:
            file.seek(self.offset)
            data = file.read(BATCH_BYTES)
        end = data.rfind(b"\n") + 1
        if not end:
            return 0
        messages = data[:end].decode().splitlines()
        for function in manifest.FUNCTIONS:
            for subscription in function.log_subscriptions:
                matched = [m for m in messages if log_lines.matches(m, subscription.key) is not None]
                if matched:
                    log_group = f"/aws/lambda/{resource_name(subscription.source)}"
                    event = log_lines.awslogs_event(matched, log_group, subscription.pattern)
                    lambdas.invoke(function, event)
                    self.delivered += len(matched)
        self.offset += end
        return len(messages)

    def _run(self) -> None:
        while not self._stop.wait(POLL_S):
            try:
                while self.deliver_once():
                    pass
            except Exception:
                self.failed += 1
                get_logger().exception("log delivery failed: retried")
                self._stop.wait(1)
