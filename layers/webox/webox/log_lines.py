"""Lines of a function's log that a log subscription delivers to another function.

A function writes one JSON line carrying a key (`{"webox_usage": 1, ...}`) before its answer
returns: on AWS, Lambda hands stdout to CloudWatch Logs outside the function's process, and a
subscription filter (`{ $.webox_usage = 1 }`, see `webox.platform.LogSubscription`) invokes the
subscribed function with CloudWatch Logs' `awslogs` event. Writing a line costs microseconds and
needs no network call on the response's path, yet the line outlives the process: a crash just after
the response loses nothing. On the local host the lines go to one file (`WEBOX_LOCAL_LOG`) that
`webox.local.log_follower` delivers the same way.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import sys
import threading
from typing import Any

LOCAL_LOG_ENV = "WEBOX_LOCAL_LOG"
_local_lock = threading.Lock()


def write(key: str, fields: dict[str, Any]) -> None:
    """One line `{"<key>": 1, **fields}` on this function's log, whatever the log level, flushed."""
    line = json.dumps({key: 1, **fields}, separators=(",", ":"), default=str) + "\n"
    path = os.environ.get(LOCAL_LOG_ENV)
    if path is None:
        sys.stdout.write(line)
        sys.stdout.flush()
        return
    # O_APPEND: each whole line lands at the end, even beside another thread's.
    with _local_lock:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
        try:
            os.write(fd, line.encode())
        finally:
            os.close(fd)


def matches(message: str, key: str) -> dict[str, Any] | None:
    """The line's fields without the key when it is a JSON object carrying `"<key>": 1`; else None
    (what the subscription filter `{ $.<key> = 1 }` keeps)."""
    try:
        fields = json.loads(message)
    except ValueError:
        return None
    if not isinstance(fields, dict) or fields.pop(key, None) != 1:
        return None
    return fields


def awslogs_event(messages: list[str], log_group: str, filter_name: str) -> dict[str, Any]:
    """The event CloudWatch Logs invokes a subscribed function with (gzip, then base64)."""
    payload = {
        "messageType": "DATA_MESSAGE",
        "owner": "000000000000",
        "logGroup": log_group,
        "logStream": "local",
        "subscriptionFilters": [filter_name],
        "logEvents": [{"id": str(i), "timestamp": 0, "message": m} for i, m in enumerate(messages)],
    }
    data = base64.b64encode(gzip.compress(json.dumps(payload).encode())).decode()
    return {"awslogs": {"data": data}}


def delivered(event: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The fields of every line carrying `key` in an `awslogs` event (none in a control message)."""
    payload = json.loads(gzip.decompress(base64.b64decode(event["awslogs"]["data"])))
    if payload.get("messageType") != "DATA_MESSAGE":
        return []
    return [fields for e in payload["logEvents"] if (fields := matches(e["message"], key)) is not None]
