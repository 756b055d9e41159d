"""The `usage` queue's worker: records model calls and bumps their counters, off the request path.

A batch is written together (records in batched writes, each counter updated once with the batch's
sums), so Powertools' one-record-at-a-time processor is not used; the partial batch response is the
same: a message that cannot be read is reported alone, and a failed write reports the whole batch."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from webox.logging import get_logger
from webox.usage import service as usage_service
from webox.usage.jobs import UsageMessage


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    unreadable: list[str] = []
    calls: list[tuple[str, usage_service.Usage]] = []
    for record in event.get("Records", []):
        try:
            message = UsageMessage.model_validate_json(record["body"])
        except ValidationError:
            get_logger().warning("unreadable usage message", extra={"message_id": record["messageId"]})
            unreadable.append(record["messageId"])
            continue
        calls.append((record["messageId"], usage_service.Usage(**message.model_dump())))
    failed = list(unreadable)
    try:
        usage_service.record_many([usage for _id, usage in calls])
    except Exception:  # retried by SQS, then dead-lettered (a retry rewrites the same record keys)
        get_logger().exception("usage batch not recorded", extra={"calls": len(calls)})
        failed += [message_id for message_id, _usage in calls]
    return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in failed]}
