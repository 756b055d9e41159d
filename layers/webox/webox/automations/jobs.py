"""Messages of the `automations` queue: WeBox events from the EventBridge rule (EventBridge's own
envelope), and a delivery to retry later."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

QUEUE = "automations"
MAX_RECEIVES = 5


class BusEvent(BaseModel):
    """What EventBridge puts on the queue for one event of the platform's bus."""

    model_config = ConfigDict(populate_by_name=True, extra="ignore")

    detail_type: str = Field(alias="detail-type")
    source: str
    detail: dict[str, Any]


class ForgetTriggers(BaseModel):
    """Stop a deleted account's triggers at Pipedream (account deletion does not wait on Pipedream)."""

    kind: Literal["forget_triggers"] = "forget_triggers"
    user_id: str
    deployed_ids: list[str]


class Redeliver(BaseModel):
    """One more attempt at one webhook, after a backoff (sent with an SQS delay)."""

    kind: Literal["redeliver"] = "redeliver"
    user_id: str
    webhook_id: str
    event_id: str
    event_type: str
    body: str
    attempt: int
