"""Automation bodies: connected accounts, components, action runs, triggers, outgoing webhooks,
schedules, and the targets an automation starts."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from webox.agents.ids import AgentId
from webox.events import EVENT_TYPES
from webox.tasks.schemas import Cron, TaskCreate

AppSlug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]{1,64}$")]
ComponentKey = Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+(-[a-z0-9_]+)+$", max_length=128)]
AccountId = Annotated[str, StringConstraints(pattern=r"^apn_[A-Za-z0-9]{1,64}$")]
EventType = Literal[
    "task.succeeded", "task.failed", "chat.finished", "media.ready", "call.ended", "post.published"
]
assert set(EventType.__args__) == set(EVENT_TYPES)  # type: ignore[attr-defined]
Props = Annotated[dict[str, Any], Field(max_length=50)]
DEFAULT_MODEL = "gpt-4o-mini"


class AppOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "slug": "slack",
                    "name": "Slack",
                    "description": "Team chat",
                    "img_src": "https://assets.pipedream.net/s.v0/app_slack/logo/orig",
                }
            ]
        }
    )

    slug: str
    name: str
    description: str | None
    img_src: str


class AppList(BaseModel):
    items: list[AppOut]


class AccountOut(BaseModel):
    """A connected account; `healthy` false means its owner must connect it again."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "account_id": "apn_kVh9AoD",
                    "app": "slack",
                    "app_name": "Slack",
                    "name": "marie@atelier.fr",
                    "healthy": True,
                    "created_at": "2025-01-31T09:30:00Z",
                }
            ]
        }
    )

    account_id: str
    app: str
    app_name: str
    name: str | None
    healthy: bool
    created_at: datetime | None


class AccountList(BaseModel):
    items: list[AccountOut]


class ConnectTokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"app": "slack"}]})

    app: AppSlug | None = None


class ConnectToken(BaseModel):
    """A short-lived link to Pipedream's own connect flow (opened in a new tab)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "connect_link_url": "https://pipedream.com/_static/connect.html?token=ctok_abc&connectLink=true",
                    "expires_at": "2025-01-31T09:30:00Z",
                }
            ]
        }
    )

    connect_link_url: str
    expires_at: datetime


class PropOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "name": "channel",
                    "type": "string",
                    "label": "Channel",
                    "description": None,
                    "optional": False,
                    "app": None,
                }
            ]
        }
    )

    name: str
    type: str
    label: str | None
    description: str | None
    optional: bool
    app: str | None = None


class ComponentOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "key": "slack-send-message",
                    "name": "Send Message",
                    "version": "0.1.0",
                    "component_type": "action",
                    "description": "Send a message",
                    "props": [
                        {
                            "name": "slack",
                            "type": "app",
                            "label": "Slack",
                            "description": None,
                            "optional": False,
                            "app": "slack",
                        }
                    ],
                }
            ]
        }
    )

    key: str
    name: str
    version: str
    component_type: str | None
    description: str | None
    props: list[PropOut]


class ComponentList(BaseModel):
    items: list[ComponentOut]


class ActionRun(BaseModel):
    """Run a Connect action with one of the caller's accounts; `props` without the app prop."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "component_key": "slack-send-message",
                    "account_id": "apn_kVh9AoD",
                    "props": {"channel": "#general", "text": "Bonjour"},
                }
            ]
        },
    )

    component_key: ComponentKey
    account_id: AccountId
    props: Props = Field(default_factory=dict)


class ActionResult(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"summary": "Message sent", "ret": {"ok": True}, "exports": {"$summary": "Message sent"}}
            ]
        }
    )

    summary: str | None
    ret: Any = None
    exports: dict[str, Any] = Field(default_factory=dict)


class PlanTarget(BaseModel):
    """Start a task with this plan (an inbound event is given to its first steps as `event`)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["plan"] = "plan"
    task: TaskCreate


class PromptMailTarget(BaseModel):
    """Ask a model `prompt` and mail its answer to the owner's own address."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["prompt_mail"] = "prompt_mail"
    prompt: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=8000)]
    model: Annotated[str, StringConstraints(max_length=100)] = DEFAULT_MODEL
    subject: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None


Mapped = Annotated[str, StringConstraints(max_length=4000)]


class WorkflowTarget(BaseModel):
    """Run one of the owner's prompt workflows; `values` fill its input variables, each a template
    that may read the event (`{{event.subject}}`, `{{event}}` for all of it) or, on a schedule,
    `{{fired_at}}` and `{{finished_tasks}}` (the owner's tasks finished in the last day)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["workflow"] = "workflow"
    workflow_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
    values: dict[Annotated[str, StringConstraints(max_length=64)], Mapped] = Field(
        default_factory=dict, max_length=20
    )


class AgentTarget(BaseModel):
    """Give one of the owner's agents (or a built-in one) a goal filled from the event."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["agent"] = "agent"
    agent_id: AgentId
    goal: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=3000)]
    lang: Literal["fr", "en"] = "fr"


Target = Annotated[PlanTarget | PromptMailTarget | WorkflowTarget | AgentTarget, Field(discriminator="kind")]


class TriggerCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "component_key": "gmail-new-email-received",
                    "account_id": "apn_kVh9AoD",
                    "props": {},
                    "target": {"kind": "prompt_mail", "prompt": "Résume cet e-mail."},
                }
            ]
        },
    )

    component_key: ComponentKey
    account_id: AccountId | None = Field(
        default=None, description="The connected account; none for a native trigger (RSS, schedule…)"
    )
    props: Props = Field(default_factory=dict)
    target: Target


class TriggerOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "hook_id": "kq0vYp3cD9mQb6oVfXyZr1sT2uW4xA5bC7dE8fG9hIj",
                    "component_key": "gmail-new-email-received",
                    "app": "gmail",
                    "account_id": "apn_kVh9AoD",
                    "props": {},
                    "target": {
                        "kind": "prompt_mail",
                        "prompt": "Résume cet e-mail.",
                        "model": "gpt-4o-mini",
                        "subject": None,
                    },
                    "events_received": 3,
                    "last_event_at": "2025-01-31T09:30:00Z",
                    "created_at": "2025-01-31T09:30:00Z",
                }
            ]
        }
    )

    hook_id: str
    component_key: str
    app: str
    account_id: str | None
    props: dict[str, Any]
    target: Target
    events_received: int
    last_event_at: datetime | None
    created_at: datetime


class TriggerList(BaseModel):
    items: list[TriggerOut]


class HookAccepted(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"task_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0"}]}
    )

    task_id: str


class OutgoingWebhookCreate(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "url": "https://eo1a2b3c.m.pipedream.net",
                    "event_types": ["task.succeeded", "chat.finished"],
                }
            ]
        },
    )

    url: Annotated[str, StringConstraints(strip_whitespace=True, min_length=8, max_length=2000)]
    event_types: list[EventType] = Field(min_length=1, max_length=len(EVENT_TYPES))
    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None = None


class OutgoingWebhookOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "webhook_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0",
                    "url": "https://eo1a2b3c.m.pipedream.net",
                    "event_types": ["task.succeeded"],
                    "description": None,
                    "active": True,
                    "created_at": "2025-01-31T09:30:00Z",
                }
            ]
        }
    )

    webhook_id: str
    url: str
    event_types: list[str]
    description: str | None
    active: bool
    created_at: datetime


class OutgoingWebhookCreated(OutgoingWebhookOut):
    """The new webhook with its signing secret, shown this once."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "webhook_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0",
                    "url": "https://eo1a2b3c.m.pipedream.net",
                    "event_types": ["task.succeeded"],
                    "description": None,
                    "active": True,
                    "created_at": "2025-01-31T09:30:00Z",
                    "secret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
                }
            ]
        }
    )

    secret: str


class OutgoingWebhookList(BaseModel):
    items: list[OutgoingWebhookOut]


class DeliveryOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "delivery_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d1",
                    "event_id": "5f0c1d2e3a4b5c6d7e8f9a0b1c2d3e4f",
                    "event_type": "task.succeeded",
                    "attempt": 1,
                    "status_code": 200,
                    "ok": True,
                    "duration_ms": 84,
                    "response_body": "ok",
                    "error": None,
                    "next_attempt_at": None,
                    "created_at": "2025-01-31T09:30:00Z",
                }
            ]
        }
    )

    delivery_id: str
    event_id: str
    event_type: str
    attempt: int
    status_code: int | None
    ok: bool
    duration_ms: int
    response_body: str | None
    error: str | None
    next_attempt_at: datetime | None
    created_at: datetime


class DeliveryList(BaseModel):
    items: list[DeliveryOut]


class WebhookTestSent(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={"examples": [{"event_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d2"}]}
    )

    event_id: str | None


Clock = Annotated[str, StringConstraints(pattern=r"^([01][0-9]|2[0-3]):[0-5][0-9]$")]


class AutomationScheduleCreate(BaseModel):
    """When (`every` + `time`, or `cron`, or once at `run_at`), read in `timezone`, and what to start."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "label": "Revue de presse",
                    "every": "weekday",
                    "time": "08:00",
                    "timezone": "Europe/Paris",
                    "target": {"kind": "prompt_mail", "prompt": "Les nouvelles de l'IA ce matin ?"},
                }
            ]
        },
    )

    label: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    every: Literal["day", "weekday"] | None = None
    time: Clock | None = None
    cron: Cron | None = None
    run_at: datetime | None = None
    timezone: str = "Europe/Paris"
    target: Target

    @model_validator(mode="after")
    def _when(self) -> AutomationScheduleCreate:
        given = [self.every is not None, self.cron is not None, self.run_at is not None]
        if sum(given) != 1:
            raise ValueError("give one of every (with time), cron or run_at")
        if (self.every is None) != (self.time is None):
            raise ValueError("every and time go together")
        return self

    def cron_expression(self) -> str | None:
        """EventBridge's six-field cron for `every` + `time`, or `cron` as given."""
        if self.every is None or self.time is None:
            return self.cron
        hour, minute = (int(part) for part in self.time.split(":"))
        days = "MON-FRI" if self.every == "weekday" else "*"
        return f"{minute} {hour} ? * {days} *"


class AutomationScheduleOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "schedule_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0",
                    "label": "Revue de presse",
                    "expression": "cron(0 8 ? * MON-FRI *)",
                    "timezone": "Europe/Paris",
                    "paused": False,
                    "next_fire_at": "2025-02-03T07:00:00Z",
                    "target": {
                        "kind": "prompt_mail",
                        "prompt": "Résume cet e-mail.",
                        "model": "gpt-4o-mini",
                        "subject": None,
                    },
                    "created_at": "2025-01-31T09:30:00Z",
                }
            ]
        }
    )

    schedule_id: str
    label: str
    expression: str
    timezone: str
    paused: bool
    next_fire_at: datetime | None
    target: Target
    created_at: datetime


class AutomationScheduleList(BaseModel):
    """The user's schedules and how many the plan keeps."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [], "limit": 3}]})

    items: list[AutomationScheduleOut]
    limit: int


class DiagnosisRequest(BaseModel):
    """Ask the troubleshooter why a run did not finish (`task_id`: the run's task)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"task_id": "0190f3c2a1b2c3d4e5f6a7b8c9d0e1f2", "lang": "fr"}]},
    )

    task_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
    lang: Literal["fr", "en"] = "fr"
    # The model that explains (default: the automations' default model).
    model: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None


class AdviceRequest(BaseModel):
    """Ask the advisor which templates would save time, judged from the caller's recent work."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"lang": "fr"}]})

    lang: Literal["fr", "en"] = "fr"
    model: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None


class DraftRequest(BaseModel):
    """Ask the generator for an automation: a `description` in French or English, or a conversation
    of the caller's (`/automatiser` in the chat: its messages, then `description` when given)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "description": "Quand je reçois un e-mail Gmail, résume-le et poste le résumé sur Slack "
                    "dans #general.",
                    "lang": "fr",
                }
            ]
        },
    )

    description: Annotated[str, StringConstraints(strip_whitespace=True, max_length=4000)] = ""
    conversation_id: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")] | None = None
    lang: Literal["fr", "en"] = "fr"
    model: Annotated[str, StringConstraints(min_length=1, max_length=100)] | None = None

    @model_validator(mode="after")
    def _something(self) -> DraftRequest:
        if self.conversation_id is None and len(self.description) < 10:
            raise ValueError("describe the automation in 10 characters at least, or give a conversation")
        return self


class DraftInstall(BaseModel):
    """Save a generated draft: which connected account to use for each app it needs (the first
    healthy one of the app when not named)."""

    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"lang": "fr", "accounts": {"slack": "apn_kVh9AoD"}}]}
    )

    lang: Literal["fr", "en"] = "fr"
    accounts: dict[AppSlug, AccountId] = Field(default_factory=dict, max_length=10)


class DraftInstalled(BaseModel):
    """The workflow made from the draft, and its trigger (`hook_id`) or schedule, if it has one."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "task_id": "0190f3c2a1b2c3d4e5f6a7b8c9d0e1f4",
                    "workflow_id": "0193a5c1e2f4a1b2c3d4e5f6a7b8c9d0",
                    "hook_id": "kq0vYp3cD9mQb6oVfXyZr1sT2uW4xA5bC7dE8fG9hIj",
                    "schedule_id": None,
                }
            ]
        }
    )

    task_id: str
    workflow_id: str
    hook_id: str | None
    schedule_id: str | None


class AssistantStarted(BaseModel):
    """An assistant's work runs as a task; follow it at `/api/tasks/{task_id}`. Its one step's output:
    a diagnosis `{task_id, explanation, model, fixes: [{step_id, code, action, advice}]}`, advice
    `{suggestions: [{template_id, title, because, score}], explanation, model?}`, a draft
    `{accepted, draft, problems: [{where, message}], apps, unsupported, attempts, model}`."""

    model_config = ConfigDict(
        json_schema_extra={"examples": [{"task_id": "0190f3c2a1b2c3d4e5f6a7b8c9d0e1f3", "status": "queued"}]}
    )

    task_id: str
    status: str
