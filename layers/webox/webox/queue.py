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
def queue_url(logical: str) -> str:
    """Queue URL: CDK (and the local host) pass it as WEBOX_QUEUE_<NAME>; otherwise looked up once."""
    configured = os.environ.get(resource_env("queue", logical))
    if configured:
        return configured
    url: str = client("sqs").get_queue_url(QueueName=resource_name(logical))["QueueUrl"]
    return url


def send(logical: str, payload: BaseModel | dict[str, Any], *, delay_seconds: int = 0) -> str:
    """Enqueue one message; returns its message id."""
    body = payload.model_dump_json() if isinstance(payload, BaseModel) else json.dumps(payload)
    response = client("sqs").send_message(
        QueueUrl=queue_url(logical), MessageBody=body, DelaySeconds=delay_seconds
    )
    return str(response["MessageId"])
