"""Starting Step Functions workflows (the chat fan-out) without waiting for them.

On AWS this is Step Functions' StartExecution on an Express state machine whose ARN CDK passes as
WEBOX_STATE_MACHINE_<NAME>. Locally the host sets `AWS_ENDPOINT_URL_SFN` to its own runner, which
speaks the same API, so this code does not change.
"""

from __future__ import annotations

import json
import os
import uuid
from typing import Any

from webox.aws import client
from webox.config import get_settings, resource_env, resource_name


def state_machine_arn(logical: str) -> str:
    configured = os.environ.get(resource_env("state_machine", logical))
    if configured:
        return configured
    settings = get_settings()
    return f"arn:aws:states:{settings.region}:000000000000:stateMachine:{resource_name(logical)}"


def start(logical: str, payload: dict[str, Any], *, name: str | None = None) -> str:
    """Start an execution asynchronously; returns its ARN."""
    response = client("stepfunctions").start_execution(
        stateMachineArn=state_machine_arn(logical),
        name=name or str(uuid.uuid4()),
        input=json.dumps(payload, separators=(",", ":")),
    )
    return str(response["executionArn"])
