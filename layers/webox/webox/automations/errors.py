"""Automation errors, each with a stable code."""

from __future__ import annotations

from webox.errors import Conflict, Invalid, NotFound, Unauthorized, UpstreamError, WeboxError


class AccountNotFound(NotFound):
    code, title = "automations.account_not_found", "Connected account not found"


class ComponentNotFound(NotFound):
    code, title = "automations.component_not_found", "Pipedream component not found"


class TriggerNotFound(NotFound):
    code, title = "automations.trigger_not_found", "Trigger not found"


class WebhookNotFound(NotFound):
    code, title = "automations.webhook_not_found", "Webhook not found"


class ScheduleNotFound(NotFound):
    code, title = "automations.schedule_not_found", "Schedule not found"


class InvalidProps(Invalid):
    code, title = "automations.invalid_props", "The props do not fit the component"


class BadSignature(Unauthorized):
    code, title = "automations.bad_signature", "The event's signature does not verify"


class StaleEvent(Unauthorized):
    code, title = "automations.stale_event", "The event is older than five minutes"


class DuplicateEvent(Conflict):
    code, title = "automations.duplicate_event", "This event was already received"


class ScheduleLimit(WeboxError):
    status, code, title = 403, "automations.schedule_limit", "Your plan's schedule limit is reached"


class LimitReached(WeboxError):
    status, code, title = 403, "automations.limit_reached", "Limit reached"


class PipedreamError(UpstreamError):
    code, title = "automations.pipedream_error", "Pipedream refused the request"


class PipedreamNotConfigured(WeboxError):
    status, code, title = 503, "automations.not_configured", "Pipedream Connect is not configured"


class TemplateNotFound(NotFound):
    code, title = "automations.template_not_found", "Template not found"


class AccountRequired(Conflict):
    code, title = "automations.account_required", "Connect the template's accounts first"


class NothingToDiagnose(Conflict):
    code, title = (
        "automations.nothing_to_diagnose",
        "Only a failed, cancelled or over-budget run can be diagnosed",
    )


class DraftNotReady(Conflict):
    code, title = "automations.draft_not_ready", "The generator has not finished this draft"


class DraftNotAccepted(Conflict):
    code, title = "automations.draft_not_accepted", "This draft did not pass its checks and cannot be saved"
