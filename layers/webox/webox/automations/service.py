"""The user-data hooks of automations (export and account deletion)."""

from __future__ import annotations

from typing import Any

from webox import queue
from webox.automations import repository
from webox.automations.jobs import QUEUE, ForgetTriggers


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
    """Drop what is keyed otherwise than by the user; the triggers are stopped at Pipedream by the
    automations worker (a message on its queue), so deleting an account never waits on Pipedream."""
    deployed = [t.deployed_id for t in repository.triggers_of(user_id)]
    if deployed:
        queue.send(QUEUE, ForgetTriggers(user_id=user_id, deployed_ids=deployed))
    repository.delete_user_items(user_id)
