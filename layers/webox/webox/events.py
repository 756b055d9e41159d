"""WeBox's own events on its EventBridge bus (`<prefix>events`): `publish` is the one call features make
when something a user may automate on happens (`task.succeeded`, `chat.finished`, `media.ready`…).

It is cheap (one PutEvents call on a client made once per cold start) and never fails the caller: an
event that cannot be published is logged and dropped, the caller's request goes on. A rule on the bus
feeds the automations worker, which delivers each event to the user's outgoing webhooks.
"""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from typing import Any

from webox.aws import client
from webox.config import resource_name
from webox.logging import get_logger

BUS = "events"
SOURCE = "webox"
# The detail types the platform publishes (what a user's outgoing webhook may subscribe to).
EVENT_TYPES: tuple[str, ...] = (
    "task.succeeded",
    "task.failed",
    "chat.finished",
    "media.ready",
    "call.ended",
    "post.published",
)
MAX_DETAIL_BYTES = 200_000  # EventBridge takes 256 KB per entry


def bus_name() -> str:
    return resource_name(BUS)


def publish(user_id: str, detail_type: str, detail: dict[str, Any]) -> str | None:
    """Put one event on the platform's bus; returns its id, or None when it could not be published."""
    event_id = uuid.uuid4().hex
    body = json.dumps(
        {
            "event_id": event_id,
            "user_id": user_id,
            "occurred_at": datetime.now(UTC).isoformat(),
            "data": detail,
        },
        default=str,
        separators=(",", ":"),
    )
    if len(body) > MAX_DETAIL_BYTES:
        get_logger().warning("event too large, not published", extra={"detail_type": detail_type})
        return None
    try:
        answer = client("events").put_events(
            Entries=[
                {"EventBusName": bus_name(), "Source": SOURCE, "DetailType": detail_type, "Detail": body}
            ]
        )
    except Exception:  # an event is never worth failing the caller's request
        get_logger().warning("event not published", extra={"detail_type": detail_type}, exc_info=True)
        return None
    if answer.get("FailedEntryCount"):
        get_logger().warning("event refused by EventBridge", extra={"detail_type": detail_type})
        return None
    return event_id
