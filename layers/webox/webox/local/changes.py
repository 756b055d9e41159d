"""Waiting for the embedded AWS to change (`aws_process.Changes`): a local poller sleeps until a
message reaches its queue or a schedule is saved, instead of asking moto over and over."""

from __future__ import annotations

import json
import os
import urllib.parse
import urllib.request


def wait(topic: str, after: int, timeout: float) -> int:
    """The topic's change number once it is past `after` (at once when it already is), or after
    `timeout` seconds. `wait(topic, -1, 0)` reads the number now."""
    query = urllib.parse.urlencode({"topic": topic, "after": after, "timeout": timeout})
    url = f"{os.environ['AWS_ENDPOINT_URL'].rstrip('/')}/__webox/changes?{query}"
    with urllib.request.urlopen(url, timeout=timeout + 10) as response:
        number: int = json.loads(response.read())["number"]
    return number
