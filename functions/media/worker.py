"""The `media` queue's worker: runs each job, reporting the records that failed (partial batch)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from webox.media import generation
from webox.media.jobs import MAX_RECEIVES, MediaJobMessage

processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    """One job; a failure leaves the record to SQS (retried, then dead-lettered)."""
    message = MediaJobMessage.model_validate_json(record.body)
    final = int(record.attributes.approximate_receive_count or 1) >= MAX_RECEIVES
    generation.run(message, final_attempt=final)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
