"""The user-data hooks of automations (export and account deletion)."""

from __future__ import annotations

from typing import Any

from webox.automations import repository
from webox.logging import get_logger


def export_user_data(user_id: str) -> dict[str, Any]:
    """Triggers, webhooks (without their secrets) and schedules the user has."""
    return {
        "triggers": [
            {"hook_id": t.hook_id, "component_key": t.component_key, "created_at": t.created_at.isoformat()}
            for t in repository.triggers_of(user_id)
        ],
        "webhooks": [
            {"url": w.url, "event_types": sorted(w.event_types), "created_at": w.created_at.isoformat()}
            for w in repository.webhooks_of(user_id)
        ],
        "schedules": [
            {"schedule_id": s.schedule_id, "label": s.label} for s in repository.schedules_of(user_id)
        ],
    }


def delete_user_data(user_id: str) -> None:
    """Stop the user's triggers at Pipedream and drop what is keyed otherwise than by the user."""
    from webox.automations import triggers

    for trigger in repository.triggers_of(user_id):
        try:
            triggers.delete(user_id, trigger.hook_id)
        except Exception:  # Pipedream unreachable: the sweep still removes the items
            get_logger().warning("trigger not stopped at Pipedream", extra={"hook_id": trigger.hook_id})
    repository.delete_user_items(user_id)
