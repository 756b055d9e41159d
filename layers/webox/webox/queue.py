"""The queue port: services enqueue background work as JSON messages on a logical queue."""

from __future__ import annotations

import json
import os
from functools import cache
from typing import Any

from pydantic import BaseModel

from webox.aws import client
from webox.config import resource_env, resource_name


@cache
def queue_url(logical: str, *, fifo: bool = False) -> str:
    """Queue URL: CDK (and the local host) pass it as WEBOX_QUEUE_<NAME>; otherwise looked up once
    (a FIFO queue's name ends in `.fifo`)."""
    configured = os.environ.get(resource_env("queue", logical))
    if configured:
        return configured
    name = resource_name(f"{logical}.fifo" if fifo else logical)
    url: str = client("sqs").get_queue_url(QueueName=name)["QueueUrl"]
    return url


def _body(payload: BaseModel | dict[str, Any]) -> str:
    return payload.model_dump_json() if isinstance(payload, BaseModel) else json.dumps(payload)


def send(logical: str, payload: BaseModel | dict[str, Any], *, delay_seconds: int = 0) -> str:
    """Enqueue one message; returns its message id."""
    response = client("sqs").send_message(
        QueueUrl=queue_url(logical), MessageBody=_body(payload), DelaySeconds=delay_seconds
    )
    return str(response["MessageId"])


def send_ordered(
    logical: str, payload: BaseModel | dict[str, Any], *, group_id: str, deduplication_id: str
) -> str:
    """Enqueue one message on a FIFO queue: in order within `group_id`, and dropped by SQS when a
    message with the same `deduplication_id` was sent in the last five minutes."""
    response = client("sqs").send_message(
        QueueUrl=queue_url(logical, fifo=True),
        MessageBody=_body(payload),
        MessageGroupId=group_id,
        MessageDeduplicationId=deduplication_id,
    )
    return str(response["MessageId"])
