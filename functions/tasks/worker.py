"""The `tasks` FIFO queue's worker: advances a task by one step per message (partial batch failures;
a FIFO batch stops at the first failure of a group, so later messages of that group are retried in
order)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import SqsFifoPartialProcessor, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from pydantic import TypeAdapter
from webox.media import steps as media_steps
from webox.tasks import engine, user_schedules
from webox.tasks.jobs import MAX_RECEIVES, QUEUE, Advance, Start

# Media's step kind, registered at import: it is not in `kinds.KIND_MODULES`, so that no user can
# create such a task through the tasks API (the media API does); the kinds of `KIND_MODULES` load on
# first use, and `infra.grants` gives this worker what they reach. Account export and deletion run on
# a queue and worker of their own (`functions/account/worker.py`), with the grants they alone need.
STEP_KINDS = (media_steps.KIND,)

processor = SqsFifoPartialProcessor()
MESSAGES: TypeAdapter[Advance | Start] = TypeAdapter(Advance | Start)


def record_handler(record: SQSRecord) -> None:
    """One step, or a scheduled task's start; a crash leaves the record to SQS (retried, and on the
    last delivery the task fails)."""
    message = MESSAGES.validate_json(record.body)
    if isinstance(message, Start):
        user_schedules.start_scheduled(message)
        return
    final = int(record.attributes.approximate_receive_count or 1) >= MAX_RECEIVES
    engine.advance(message, queue=QUEUE, final_attempt=final)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    response = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    return dict(response)
