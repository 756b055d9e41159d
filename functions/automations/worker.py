"""The `automations` queue's worker: WeBox events from the bus's rule, each delivered to its owner's
outgoing webhooks; delayed retries of failed deliveries; a deleted account's triggers stopped at
Pipedream (partial batch failures)."""

from __future__ import annotations

import json
from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from webox.automations import triggers, webhooks
from webox.automations.jobs import BusEvent, ForgetTriggers, Redeliver

processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    """One event (or one retry); a crash leaves the record to SQS."""
    body = json.loads(record.body)
    if body.get("kind") == "redeliver":
        webhooks.redeliver(Redeliver.model_validate(body))
    elif body.get("kind") == "forget_triggers":
        triggers.forget(ForgetTriggers.model_validate(body))
    else:
        webhooks.on_event(BusEvent.model_validate(body))


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    return dict(
        process_partial_response(
            event=event, record_handler=record_handler, processor=processor, context=context
        )
    )
