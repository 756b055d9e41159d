"""The `usage` queue's worker: records model calls and bumps their counters, off the request path."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from webox.usage import service as usage_service
from webox.usage.jobs import UsageMessage

processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    """One call; a failure leaves the record to SQS (retried, then dead-lettered)."""
    usage_service.record(usage_service.Usage(**UsageMessage.model_validate_json(record.body).model_dump()))


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
