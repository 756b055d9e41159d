"""Automation tables, keyed by owner (a hook's owner is found by its id through `automation_hooks`).

Ids start with the creation time (`new_task_id`), so a user's items list oldest first and a reverse
Query lists newest first, without an index.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UnicodeSetAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.models import Model

from webox.db import TableMeta, table_name


class AutomationTrigger(Model):
    """A Pipedream Connect trigger deployed for a user: its events arrive on `/api/automations/hooks/
    {hook_id}` signed with `signing_key` (Pipedream's, returned at deploy) and start `target`."""

    class Meta(TableMeta):
        table_name = table_name("automation_triggers")

    user_id = UnicodeAttribute(hash_key=True)
    hook_id = UnicodeAttribute(range_key=True)
    deployed_id = UnicodeAttribute()  # Pipedream's deployed trigger id (dc_…)
    component_key = UnicodeAttribute()
    app = UnicodeAttribute()
    account_id = UnicodeAttribute()
    configured_props = JSONAttribute()  # type: ignore[no-untyped-call]
    signing_key = UnicodeAttribute()
    target = JSONAttribute()  # type: ignore[no-untyped-call]  # a TaskCreate the event starts
    events_received = NumberAttribute(default=0)
    last_event_at = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()


class AutomationHook(Model):
    """Whose trigger a hook id is (the inbound route knows only the id)."""

    class Meta(TableMeta):
        table_name = table_name("automation_hooks")

    hook_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()


class AutomationEventSeen(Model):
    """An inbound event already accepted (`<hook_id>:<event id>`), kept past the 5-minute window."""

    class Meta(TableMeta):
        table_name = table_name("automation_events_seen")

    key = UnicodeAttribute(hash_key=True)
    expires_at = TTLAttribute()


class OutgoingWebhook(Model):
    """A user's URL that receives WeBox events, signed per Standard Webhooks with `secret`."""

    class Meta(TableMeta):
        table_name = table_name("automation_webhooks")

    user_id = UnicodeAttribute(hash_key=True)
    webhook_id = UnicodeAttribute(range_key=True)
    url = UnicodeAttribute()
    secret = UnicodeAttribute()  # whsec_<base64>
    event_types = UnicodeSetAttribute()
    description = UnicodeAttribute(null=True)
    active = BooleanAttribute(default=True)
    created_at = UTCDateTimeAttribute()


class WebhookDelivery(Model):
    """One attempt to deliver one event to one webhook, with what the receiver answered."""

    class Meta(TableMeta):
        table_name = table_name("automation_deliveries")

    webhook_id = UnicodeAttribute(hash_key=True)
    delivery_key = UnicodeAttribute(range_key=True)  # <new id>: time-sorted
    user_id = UnicodeAttribute()
    event_id = UnicodeAttribute()
    event_type = UnicodeAttribute()
    attempt = NumberAttribute()
    status_code = NumberAttribute(null=True)
    ok = BooleanAttribute()
    duration_ms = NumberAttribute()
    response_body = UnicodeAttribute(null=True)  # the first bytes only
    error = UnicodeAttribute(null=True)
    next_attempt_at = UTCDateTimeAttribute(null=True)
    created_at = UTCDateTimeAttribute()
    expires_at = TTLAttribute()


class AutomationSchedule(Model):
    """What the automations page knows of a user's schedule beyond the engine's: its label, what it
    starts, and whether it is paused (its Scheduler schedule DISABLED)."""

    class Meta(TableMeta):
        table_name = table_name("automation_schedules")

    user_id = UnicodeAttribute(hash_key=True)
    schedule_id = UnicodeAttribute(range_key=True)  # the engine's schedule id
    label = UnicodeAttribute()
    target = JSONAttribute()  # type: ignore[no-untyped-call]
    paused = BooleanAttribute(default=False)
    created_at = UTCDateTimeAttribute()
