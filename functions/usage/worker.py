"""The usage worker: records model calls and bumps their counters, off the request path.

It takes the gateway's usage lines from CloudWatch Logs (an `awslogs` event: a subscription filter
on the gateway's log) and, from the `usage` queue, the deliveries that still failed after Lambda's
retries (Lambda's on-failure records, each holding its `awslogs` event). A batch is written together:
records in batched writes, each counter updated once with the batch's sums."""

from __future__ import annotations

import json
from typing import Any

from webox.logging import get_logger
from webox.usage import service as usage_service


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if "awslogs" in event:
        # A failed write raises: Lambda retries the delivery, then sends it to the `usage` queue.
        usage_service.record_many(usage_service.from_log(event))
        return {}
    return _failed_deliveries(event.get("Records", []))


def _failed_deliveries(records: list[dict[str, Any]]) -> dict[str, Any]:
    """SQS's partial batch response: a record that cannot be read, or whose usage could not be
    written, is reported (retried, then dead-lettered)."""
    failed: list[str] = []
    for record in records:
        try:
            usages = usage_service.from_log(json.loads(record["body"])["requestPayload"])
        except (ValueError, KeyError, TypeError, OSError):  # not JSON, base64 or gzip
            get_logger().warning("unreadable failed delivery", extra={"message_id": record["messageId"]})
            failed.append(record["messageId"])
            continue
        try:
            usage_service.record_many(usages)
        except Exception:  # a retry rewrites the same record keys
            get_logger().exception("usage not recorded", extra={"calls": len(usages)})
            failed.append(record["messageId"])
    return {"batchItemFailures": [{"itemIdentifier": message_id} for message_id in failed]}
