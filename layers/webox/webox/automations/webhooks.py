"""Outgoing webhooks: a user's URLs that receive WeBox events, signed per Standard Webhooks, retried
with backoff, every attempt logged with the receiver's answer (status, duration, first bytes)."""

from __future__ import annotations

import json
import time
from datetime import timedelta
from typing import Any

from webox import queue
from webox.automations import repository, signing
from webox.automations.errors import LimitReached, WebhookNotFound
from webox.automations.jobs import QUEUE, BusEvent, Redeliver
from webox.automations.models import OutgoingWebhook, WebhookDelivery
from webox.automations.schemas import (
    DeliveryList,
    DeliveryOut,
    OutgoingWebhookCreate,
    OutgoingWebhookCreated,
    OutgoingWebhookList,
    OutgoingWebhookOut,
)
from webox.db import utcnow
from webox.events import SOURCE
from webox.logging import get_logger
from webox.net import safe_http
from webox.tasks.models import new_task_id

MAX_WEBHOOKS = 20
# Seconds before attempts 2, 3, 4 and 5 (SQS delays a message 15 minutes at most).
RETRY_DELAYS_S: list[int] = [30, 120, 600, 900]
TIMEOUT_S = 10.0
KEPT_BODY_CHARS = 1000


def _out(webhook: OutgoingWebhook) -> OutgoingWebhookOut:
    return OutgoingWebhookOut(
        webhook_id=webhook.webhook_id,
        url=webhook.url,
        event_types=sorted(webhook.event_types),
        description=webhook.description,
        active=bool(webhook.active),
        created_at=webhook.created_at,
    )


def create(user_id: str, body: OutgoingWebhookCreate) -> OutgoingWebhookCreated:
    """Save a webhook (its URL checked: https, no private address); its secret is shown once."""
    safe_http.check_url(body.url)
    if len(repository.webhooks_of(user_id)) >= MAX_WEBHOOKS:
        raise LimitReached(f"At most {MAX_WEBHOOKS} webhooks")
    webhook = OutgoingWebhook(
        user_id,
        new_task_id(),
        url=body.url,
        secret=signing.new_secret(),
        event_types=set(body.event_types),
        description=body.description,
        active=True,
        created_at=utcnow(),
    )
    repository.save_webhook(webhook)
    return OutgoingWebhookCreated(**_out(webhook).model_dump(), secret=webhook.secret)


def list_webhooks(user_id: str) -> OutgoingWebhookList:
    return OutgoingWebhookList(items=[_out(w) for w in repository.webhooks_of(user_id)])


def _owned(user_id: str, webhook_id: str) -> OutgoingWebhook:
    webhook = repository.find_webhook(user_id, webhook_id)
    if webhook is None:
        raise WebhookNotFound()
    return webhook


def delete(user_id: str, webhook_id: str) -> None:
    repository.delete_webhook(_owned(user_id, webhook_id))


def deliveries(user_id: str, webhook_id: str) -> DeliveryList:
    """The webhook's latest attempts, newest first."""
    webhook = _owned(user_id, webhook_id)
    return DeliveryList(
        items=[
            DeliveryOut(
                delivery_id=d.delivery_key,
                event_id=d.event_id,
                event_type=d.event_type,
                attempt=int(d.attempt),
                status_code=int(d.status_code) if d.status_code is not None else None,
                ok=bool(d.ok),
                duration_ms=int(d.duration_ms),
                response_body=d.response_body,
                error=d.error,
                next_attempt_at=d.next_attempt_at,
                created_at=d.created_at,
            )
            for d in repository.deliveries_of(webhook.webhook_id)
        ]
    )


def _body(event_type: str, detail: dict[str, Any]) -> str:
    return json.dumps(
        {"type": event_type, "timestamp": detail.get("occurred_at"), "data": detail.get("data") or {}},
        separators=(",", ":"),
        ensure_ascii=False,
    )


def on_event(event: BusEvent) -> int:
    """A WeBox event from the bus: one attempt at each of its owner's webhooks subscribed to it."""
    user_id, event_id = event.detail.get("user_id"), event.detail.get("event_id")
    if event.source != SOURCE or not isinstance(user_id, str) or not isinstance(event_id, str):
        return 0
    body = _body(event.detail_type, event.detail)
    sent = 0
    for webhook in repository.webhooks_of(user_id):
        if webhook.active and event.detail_type in webhook.event_types:
            attempt(
                webhook,
                Redeliver(
                    user_id=user_id,
                    webhook_id=webhook.webhook_id,
                    event_id=event_id,
                    event_type=event.detail_type,
                    body=body,
                    attempt=1,
                ),
            )
            sent += 1
    return sent


def send_test(user_id: str, webhook_id: str) -> str:
    """A `webhook.test` event to one webhook, now (its result shows in the delivery log)."""
    webhook = _owned(user_id, webhook_id)
    event_id = new_task_id()
    body = _body("webhook.test", {"occurred_at": utcnow().isoformat(), "data": {"message": "WeBox test"}})
    attempt(
        webhook,
        Redeliver(
            user_id=user_id,
            webhook_id=webhook_id,
            event_id=event_id,
            event_type="webhook.test",
            body=body,
            attempt=1,
        ),
    )
    return event_id


def redeliver(job: Redeliver) -> None:
    webhook = repository.find_webhook(job.user_id, job.webhook_id)
    if webhook is not None and webhook.active:
        attempt(webhook, job)


def attempt(webhook: OutgoingWebhook, job: Redeliver) -> bool:
    """POST the event once, log the answer; on failure schedule the next attempt (if any is left)."""
    payload = job.body.encode()
    headers = signing.standard_headers(webhook.secret, f"msg_{job.event_id}", payload, int(time.time()))
    started = time.monotonic()
    status: int | None = None
    text: str | None = None
    error: str | None = None
    try:
        answer = safe_http.request(
            "POST",
            webhook.url,
            headers=headers,
            content=payload,
            timeout_s=TIMEOUT_S,
            max_bytes=65_536,
            max_redirects=0,
        )
        status, text = answer.status, answer.text()[:KEPT_BODY_CHARS]
    except Exception as exc:  # refused address, timeout, TLS, too large: logged as the attempt's error
        error = f"{type(exc).__name__}: {str(exc)[:300]}"
    ok = status is not None and 200 <= status < 300
    delay = RETRY_DELAYS_S[job.attempt - 1] if not ok and job.attempt <= len(RETRY_DELAYS_S) else None
    now = utcnow()
    repository.save_delivery(
        WebhookDelivery(
            webhook.webhook_id,
            new_task_id(),
            user_id=webhook.user_id,
            event_id=job.event_id,
            event_type=job.event_type,
            attempt=job.attempt,
            status_code=status,
            ok=ok,
            duration_ms=int((time.monotonic() - started) * 1000),
            response_body=text,
            error=error,
            next_attempt_at=now + timedelta(seconds=delay) if delay is not None else None,
            created_at=now,
        )
    )
    if delay is not None:
        queue.send(QUEUE, job.model_copy(update={"attempt": job.attempt + 1}), delay_seconds=delay)
    elif not ok:
        get_logger().info(
            "webhook gave up", extra={"webhook_id": webhook.webhook_id, "event_id": job.event_id}
        )
    return ok
