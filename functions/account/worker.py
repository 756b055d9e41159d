"""The `account` FIFO queue's worker: advances an account export or deletion by one step per message,
on the task engine (the same engine as the tasks worker, with the grants only these steps need)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import SqsFifoPartialProcessor, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from webox.account import jobs
from webox.account import steps as account_steps
from webox.tasks import engine
from webox.tasks.jobs import MAX_RECEIVES, Advance

# Registered at import: the only step kinds this worker runs (`engine.advance` loads no other).
STEP_KINDS = account_steps.KINDS

processor = SqsFifoPartialProcessor()


def record_handler(record: SQSRecord) -> None:
    """One step; a crash leaves the record to SQS (retried, and on the last delivery the task fails)."""
    message = Advance.model_validate_json(record.body)
    final = int(record.attributes.approximate_receive_count or 1) >= MAX_RECEIVES
    engine.advance(message, queue=jobs.QUEUE, final_attempt=final)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    response = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    return dict(response)
