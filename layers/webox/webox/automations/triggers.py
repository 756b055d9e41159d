"""Triggers: a Connect trigger deployed for a user, its events delivered by Pipedream to
`/api/automations/hooks/{hook_id}` (an unguessable id), verified, de-duplicated, each starting a task."""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from pydantic import TypeAdapter

from webox.automations import components, connect, repository, signing, targets
from webox.automations.errors import DuplicateEvent, LimitReached, TriggerNotFound
from webox.automations.jobs import ForgetTriggers
from webox.automations.models import AutomationTrigger
from webox.automations.schemas import HookAccepted, Target, TriggerCreate, TriggerList, TriggerOut
from webox.config import get_settings
from webox.db import utcnow
from webox.errors import Invalid
from webox.tasks import lifecycle
from webox.tasks import repository as tasks_repository
from webox.tasks.models import new_task_id
from webox.tasks.service import new_task

MAX_TRIGGERS = 50
MAX_EVENT_BYTES = 256_000
_TARGET: TypeAdapter[Any] = TypeAdapter(Target)


def hook_url(hook_id: str) -> str:
    return f"{get_settings().public_url.rstrip('/')}/api/automations/hooks/{hook_id}"


def _out(trigger: AutomationTrigger) -> TriggerOut:
    return TriggerOut(
        hook_id=trigger.hook_id,
        component_key=trigger.component_key,
        app=trigger.app,
        account_id=trigger.account_id or None,
        props={k: v for k, v in trigger.configured_props.items() if k != trigger.app},
        target=_TARGET.validate_python(trigger.target),
        events_received=int(trigger.events_received),
        last_event_at=trigger.last_event_at,
        created_at=trigger.created_at,
    )


def deploy(user_id: str, body: TriggerCreate) -> TriggerOut:
    """Deploy the trigger at Pipedream with WeBox's hook URL; keep its signing key."""
    if len(repository.triggers_of(user_id)) >= MAX_TRIGGERS:
        raise LimitReached(f"At most {MAX_TRIGGERS} triggers")
    targets.check(user_id, body.target)
    component, configured = components.configured_props(
        user_id, body.component_key, body.account_id, body.props, "trigger"
    )
    hook_id = secrets.token_urlsafe(32)
    try:
        deployed = connect.sdk().triggers.deploy(
            id=body.component_key,
            external_user_id=connect.external_user_id(user_id),
            configured_props=configured,
            webhook_url=hook_url(hook_id),
            # Events emitted while deploying would reach the hook before the trigger is saved.
            emit_on_deploy=False,
        )
    except connect.api_error() as exc:
        raise connect.failure(exc) from exc
    key = getattr(deployed, "webhook_signing_key", None)
    if not key:
        raise connect.failure(RuntimeError("no signing key"))
    app = components.app_of(component) or body.component_key.split("-")[0]
    trigger = AutomationTrigger(
        user_id,
        hook_id,
        deployed_id=deployed.id,
        component_key=body.component_key,
        app=app,
        account_id=body.account_id or "",
        configured_props=configured,
        signing_key=key,
        target=body.target.model_dump(mode="json"),
        created_at=utcnow(),
    )
    repository.save_trigger(trigger)
    return _out(trigger)


def list_triggers(user_id: str) -> TriggerList:
    return TriggerList(items=[_out(t) for t in repository.triggers_of(user_id)])


def delete(user_id: str, hook_id: str) -> None:
    """Stop the trigger at Pipedream, then forget it (its hook answers 404 from then on)."""
    trigger = repository.find_trigger(user_id, hook_id)
    if trigger is None:
        raise TriggerNotFound()
    try:
        connect.sdk().deployed_triggers.delete(
            trigger.deployed_id, external_user_id=connect.external_user_id(user_id)
        )
    except connect.api_error() as exc:
        if getattr(exc, "status_code", None) != 404:
            raise connect.failure(exc) from exc
    repository.delete_trigger(trigger)


def forget(job: ForgetTriggers) -> None:
    """Stop a deleted account's triggers at Pipedream (one already gone is fine)."""
    for deployed_id in job.deployed_ids:
        try:
            connect.sdk().deployed_triggers.delete(
                deployed_id, external_user_id=connect.external_user_id(job.user_id)
            )
        except connect.api_error() as exc:
            if getattr(exc, "status_code", None) != 404:
                raise connect.failure(exc) from exc


def receive(hook_id: str, body: bytes, signature: str | None) -> HookAccepted:
    """An inbound event: 404 for an unknown hook, 401 for a bad or old signature, 409 for a replay;
    otherwise the trigger's target starts as a task."""
    trigger = repository.trigger_of_hook(hook_id)
    if trigger is None:
        raise TriggerNotFound()
    if len(body) > MAX_EVENT_BYTES:
        raise Invalid("The event is too large")
    signing.verify_pipedream(trigger.signing_key, body, signature)
    try:
        payload = json.loads(body)
    except ValueError:
        raise Invalid("The event is not JSON") from None
    event_id = payload.get("id") if isinstance(payload, dict) else None
    seen = str(event_id) if isinstance(event_id, str | int) else hashlib.sha256(body).hexdigest()
    if not repository.first_sighting(f"{hook_id}:{seen}"):
        raise DuplicateEvent()
    event = payload.get("event", payload) if isinstance(payload, dict) else payload
    create = targets.task_for(_TARGET.validate_python(trigger.target), f"{trigger.component_key}", event)
    task = new_task(trigger.user_id, new_task_id(), create)
    if tasks_repository.create_task_if_new(task):
        for step_id in lifecycle.roots(task.plan):
            lifecycle.enqueue(task, step_id)
    repository.count_event(trigger, utcnow())
    return HookAccepted(task_id=task.task_id)
