"""The `voice` queue's worker: a deleted account's own numbers detached at Twilio (partial batch
failures: a number Twilio could not update is tried again with its message)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from webox.voice import accounts
from webox.voice.jobs import DetachNumbers

processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    accounts.detach(DetachNumbers.model_validate_json(record.body))


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(
        process_partial_response(
            event=event, record_handler=record_handler, processor=processor, context=context
        )
    )
