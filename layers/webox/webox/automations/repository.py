"""Every DynamoDB call of the automations feature."""

from __future__ import annotations

from datetime import datetime, timedelta

from pynamodb.exceptions import DoesNotExist, PutError

from webox.automations.models import (
    AutomationEventSeen,
    AutomationHook,
    AutomationSchedule,
    AutomationTrigger,
    OutgoingWebhook,
    WebhookDelivery,
)

SEEN_RETENTION_S = 24 * 3600  # far past the 5-minute window an event is accepted in
DELIVERY_RETENTION_S = 30 * 24 * 3600


def save_trigger(trigger: AutomationTrigger) -> None:
    AutomationHook(trigger.hook_id, user_id=trigger.user_id).save()
    trigger.save()


def triggers_of(user_id: str) -> list[AutomationTrigger]:
    return list(AutomationTrigger.query(user_id, scan_index_forward=False, limit=200))


def find_trigger(user_id: str, hook_id: str) -> AutomationTrigger | None:
    try:
        return AutomationTrigger.get(user_id, hook_id)
    except DoesNotExist:
        return None


def trigger_of_hook(hook_id: str) -> AutomationTrigger | None:
    try:
        owner = AutomationHook.get(hook_id)
    except DoesNotExist:
        return None
    return find_trigger(owner.user_id, hook_id)


def delete_trigger(trigger: AutomationTrigger) -> None:
    trigger.delete()
    AutomationHook(trigger.hook_id).delete()


def count_event(trigger: AutomationTrigger, at: datetime) -> None:
    trigger.update(
        actions=[AutomationTrigger.events_received.add(1), AutomationTrigger.last_event_at.set(at)]
    )


def first_sighting(key: str) -> bool:
    """Record `key` as seen; False when it was seen already (a replay)."""
    try:
        AutomationEventSeen(key, expires_at=timedelta(seconds=SEEN_RETENTION_S)).save(
            condition=AutomationEventSeen.key.does_not_exist()
        )
    except PutError as exc:
        if exc.cause_response_code == "ConditionalCheckFailedException":
            return False
        raise
    return True


def save_webhook(webhook: OutgoingWebhook) -> None:
    webhook.save()


def webhooks_of(user_id: str) -> list[OutgoingWebhook]:
    return list(OutgoingWebhook.query(user_id, limit=100))


def find_webhook(user_id: str, webhook_id: str) -> OutgoingWebhook | None:
    try:
        return OutgoingWebhook.get(user_id, webhook_id)
    except DoesNotExist:
        return None


def delete_webhook(webhook: OutgoingWebhook) -> None:
    webhook.delete()
    with WebhookDelivery.batch_write() as batch:
        for delivery in WebhookDelivery.query(webhook.webhook_id):
            batch.delete(delivery)


def save_delivery(delivery: WebhookDelivery) -> None:
    delivery.expires_at = timedelta(seconds=DELIVERY_RETENTION_S)
    delivery.save()


def deliveries_of(webhook_id: str, limit: int = 50) -> list[WebhookDelivery]:
    return list(WebhookDelivery.query(webhook_id, scan_index_forward=False, limit=limit))


def save_schedule(schedule: AutomationSchedule) -> None:
    schedule.save()


def schedules_of(user_id: str) -> list[AutomationSchedule]:
    return list(AutomationSchedule.query(user_id, limit=500))


def find_schedule(user_id: str, schedule_id: str) -> AutomationSchedule | None:
    try:
        return AutomationSchedule.get(user_id, schedule_id)
    except DoesNotExist:
        return None


def set_paused(schedule: AutomationSchedule, paused: bool) -> None:
    schedule.update(actions=[AutomationSchedule.paused.set(paused)])


def delete_schedule(schedule: AutomationSchedule) -> None:
    schedule.delete()


def delete_user_items(user_id: str) -> None:
    """What the generic sweep cannot find: hook pointers and delivery logs are keyed otherwise."""
    for trigger in AutomationTrigger.query(user_id):
        AutomationHook(trigger.hook_id).delete()
    for webhook in OutgoingWebhook.query(user_id):
        with WebhookDelivery.batch_write() as batch:
            for delivery in WebhookDelivery.query(webhook.webhook_id):
                batch.delete(delivery)
