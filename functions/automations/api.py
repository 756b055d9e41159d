"""Automations over HTTP: connected accounts, Connect components and action runs, triggers and their
inbound hooks, outgoing webhooks with their delivery log, schedules."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.concurrency import run_in_threadpool
from webox.agents.errors import AgentNotFound
from webox.auth.dependencies import require_scope
from webox.auth.principals import Principal
from webox.automations import (
    accounts,
    assistants,
    components,
    guides,
    schedules,
    templates,
    triggers,
    webhooks,
)
from webox.automations.errors import (
    AccountNotFound,
    AccountRequired,
    BadSignature,
    ComponentNotFound,
    DraftNotAccepted,
    DraftNotReady,
    DuplicateEvent,
    InvalidProps,
    LimitReached,
    NothingToDiagnose,
    PipedreamError,
    PipedreamNotConfigured,
    ScheduleLimit,
    ScheduleNotFound,
    StaleEvent,
    TemplateNotFound,
    TriggerNotFound,
    WebhookNotFound,
)
from webox.automations.schemas import (
    AccountList,
    ActionResult,
    ActionRun,
    AdviceRequest,
    AppList,
    AppSlug,
    AssistantStarted,
    AutomationScheduleCreate,
    AutomationScheduleList,
    AutomationScheduleOut,
    ComponentKey,
    ComponentList,
    ComponentOut,
    ConnectToken,
    ConnectTokenCreate,
    DeliveryList,
    DiagnosisRequest,
    DraftInstall,
    DraftInstalled,
    DraftRequest,
    HookAccepted,
    OutgoingWebhookCreate,
    OutgoingWebhookCreated,
    OutgoingWebhookList,
    TriggerCreate,
    TriggerList,
    TriggerOut,
    WebhookTestSent,
)
from webox.automations.signing import PIPEDREAM_HEADER
from webox.automations.template_schemas import (
    TemplateGuide,
    TemplateId,
    TemplateInstall,
    TemplateInstalled,
    TemplateList,
)
from webox.chat.errors import ConversationNotFound
from webox.http import create_app, error_responses, lambda_handler
from webox.net.safe_http import UrlNotAllowed
from webox.providers.errors import UnknownModel
from webox.tasks.errors import TaskNotFound, UnknownStepKind
from webox.workflows.errors import WorkflowNotFound

WriteCaller = Annotated[Principal, Depends(require_scope("tasks"))]
ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
AccountIdPath = Annotated[str, Path(pattern=r"^apn_[A-Za-z0-9]{1,64}$")]
Id32 = Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]
HookId = Annotated[str, Path(pattern=r"^[A-Za-z0-9_-]{43}$", description="The hook's unguessable id")]
PIPEDREAM = (PipedreamError, PipedreamNotConfigured)
TargetMissing = (WorkflowNotFound, AgentNotFound)
MAX_HOOK_BODY = 256_000

router = APIRouter(prefix="/api/automations", tags=["automations"])


@router.get("/apps", responses=error_responses(*PIPEDREAM))
def list_apps(caller: ReadCaller) -> AppList:
    """The apps an account can be connected for."""
    return accounts.list_apps()


@router.get("/accounts", responses=error_responses(*PIPEDREAM))
def list_accounts(caller: ReadCaller, app: Annotated[AppSlug | None, Query()] = None) -> AccountList:
    """The caller's connected accounts with their health."""
    return accounts.list_accounts(caller.user_id, app)


@router.post("/accounts/connect-token", status_code=201, responses=error_responses(*PIPEDREAM))
def create_connect_token(caller: WriteCaller, body: ConnectTokenCreate) -> ConnectToken:
    """A short-lived link to Pipedream Connect's own flow, to connect an account."""
    return accounts.connect_token(caller.user_id, body.app)


@router.delete(
    "/accounts/{account_id}", status_code=204, responses=error_responses(AccountNotFound, *PIPEDREAM)
)
def delete_account(caller: WriteCaller, account_id: AccountIdPath) -> Response:
    """Disconnect one of the caller's accounts."""
    accounts.delete_account(caller.user_id, account_id)
    return Response(status_code=204)


@router.get("/components", responses=error_responses(*PIPEDREAM))
def list_components(
    caller: ReadCaller,
    app: Annotated[AppSlug, Query(examples=["slack"])],
    type: Annotated[Literal["action", "trigger"], Query()],
) -> ComponentList:
    """The actions or triggers of an app."""
    return components.list_components(app, type)


@router.get("/components/{key}", responses=error_responses(ComponentNotFound, *PIPEDREAM))
def get_component(caller: ReadCaller, key: Annotated[ComponentKey, Path()]) -> ComponentOut:
    """A component and the props it takes."""
    return components.get_component(key)


@router.post(
    "/actions/run", responses=error_responses(InvalidProps, AccountNotFound, ComponentNotFound, *PIPEDREAM)
)
def run_action(caller: WriteCaller, body: ActionRun) -> ActionResult:
    """Run a Connect action now with one of the caller's accounts (its props checked first)."""
    return ActionResult(
        **components.run_action(caller.user_id, body.component_key, body.account_id, body.props)
    )


@router.get("/triggers")
def list_triggers(caller: ReadCaller) -> TriggerList:
    """The caller's deployed triggers."""
    return triggers.list_triggers(caller.user_id)


@router.post(
    "/triggers",
    status_code=201,
    responses=error_responses(
        InvalidProps,
        AccountNotFound,
        ComponentNotFound,
        UnknownStepKind,
        LimitReached,
        *TargetMissing,
        *PIPEDREAM,
    ),
)
def create_trigger(caller: WriteCaller, body: TriggerCreate) -> TriggerOut:
    """Deploy a Connect trigger whose events start the given target."""
    return triggers.deploy(caller.user_id, body)


@router.delete("/triggers/{hook_id}", status_code=204, responses=error_responses(TriggerNotFound, *PIPEDREAM))
def delete_trigger(caller: WriteCaller, hook_id: HookId) -> Response:
    """Stop a trigger (at Pipedream too)."""
    triggers.delete(caller.user_id, hook_id)
    return Response(status_code=204)


@router.post(
    "/hooks/{hook_id}",
    status_code=202,
    responses=error_responses(TriggerNotFound, BadSignature, StaleEvent, DuplicateEvent),
)
async def receive_hook(hook_id: HookId, request: Request) -> HookAccepted:
    """An event of a deployed trigger, posted by Pipedream and signed with the trigger's key."""
    body = await request.body()
    return await run_in_threadpool(
        triggers.receive, hook_id, body[: MAX_HOOK_BODY + 1], request.headers.get(PIPEDREAM_HEADER)
    )


@router.post(
    "/diagnoses",
    status_code=202,
    responses=error_responses(TaskNotFound, NothingToDiagnose, UnknownModel),
)
def diagnose_run(caller: WriteCaller, body: DiagnosisRequest) -> AssistantStarted:
    """The troubleshooter: why a failed run did not finish and what to do, for each failed step a fix
    its error calls for and a model's plain-language explanation (a task of kind `diagnosis`)."""
    return assistants.start_diagnosis(caller.user_id, body)


@router.post("/advice", status_code=202, responses=error_responses(UnknownModel))
def advise(caller: WriteCaller, body: AdviceRequest) -> AssistantStarted:
    """The advisor: templates that would save the caller time, judged from the titles of their own
    recent conversations and tasks, with the titles that suggest each (a task of kind `advice`)."""
    return assistants.start_advice(caller.user_id, body)


@router.post(
    "/drafts",
    status_code=202,
    responses=error_responses(ConversationNotFound, UnknownModel),
)
def generate_draft(caller: WriteCaller, body: DraftRequest) -> AssistantStarted:
    """The generator: a French or English description (or the caller's conversation, for
    `/automatiser` in the chat) becomes an automation draft with Pipedream trigger and action nodes,
    checked before it can be saved: only real components, required props present and typed, a valid
    workflow, a dry run (a task of kind `draft`)."""
    return assistants.start_draft(caller.user_id, body)


@router.post(
    "/drafts/{task_id}/install",
    status_code=201,
    responses=error_responses(
        TaskNotFound,
        DraftNotReady,
        DraftNotAccepted,
        AccountRequired,
        AccountNotFound,
        InvalidProps,
        ScheduleLimit,
        LimitReached,
        *PIPEDREAM,
    ),
)
def install_draft(caller: WriteCaller, task_id: Id32, body: DraftInstall) -> DraftInstalled:
    """Save a generated draft that passed its checks: its workflow, and its trigger or schedule, with
    the caller's connected accounts."""
    return assistants.install_draft(caller.user_id, task_id, body)


@router.get("/webhooks")
def list_webhooks(caller: ReadCaller) -> OutgoingWebhookList:
    """The caller's outgoing webhooks (their secrets are shown only when created)."""
    return webhooks.list_webhooks(caller.user_id)


@router.post("/webhooks", status_code=201, responses=error_responses(UrlNotAllowed, LimitReached))
def create_webhook(caller: WriteCaller, body: OutgoingWebhookCreate) -> OutgoingWebhookCreated:
    """Send WeBox events to a public https URL, signed per Standard Webhooks."""
    return webhooks.create(caller.user_id, body)


@router.delete("/webhooks/{webhook_id}", status_code=204, responses=error_responses(WebhookNotFound))
def delete_webhook(caller: WriteCaller, webhook_id: Id32) -> Response:
    """Stop sending events to a webhook (its delivery log goes too)."""
    webhooks.delete(caller.user_id, webhook_id)
    return Response(status_code=204)


@router.get("/webhooks/{webhook_id}/deliveries", responses=error_responses(WebhookNotFound))
def list_deliveries(caller: ReadCaller, webhook_id: Id32) -> DeliveryList:
    """The webhook's latest delivery attempts with the receiver's answers."""
    return webhooks.deliveries(caller.user_id, webhook_id)


@router.post("/webhooks/{webhook_id}/test", responses=error_responses(WebhookNotFound))
def test_webhook(caller: WriteCaller, webhook_id: Id32) -> WebhookTestSent:
    """Send a `webhook.test` event now."""
    return WebhookTestSent(event_id=webhooks.send_test(caller.user_id, webhook_id))


@router.get("/schedules")
def list_schedules(caller: ReadCaller) -> AutomationScheduleList:
    """The caller's schedules with their next fire times and the plan's limit."""
    return schedules.list_schedules(caller.user_id)


@router.post(
    "/schedules", status_code=201, responses=error_responses(ScheduleLimit, UnknownStepKind, *TargetMissing)
)
def create_schedule(caller: WriteCaller, body: AutomationScheduleCreate) -> AutomationScheduleOut:
    """Start an automation every day, every weekday, on a cron or once (Europe/Paris by default)."""
    return schedules.create(caller.user_id, body)


@router.post("/schedules/{schedule_id}/pause", responses=error_responses(ScheduleNotFound))
def pause_schedule(caller: WriteCaller, schedule_id: Id32) -> AutomationScheduleOut:
    """No fire until resumed."""
    return schedules.set_paused(caller.user_id, schedule_id, True)


@router.post("/schedules/{schedule_id}/resume", responses=error_responses(ScheduleNotFound))
def resume_schedule(caller: WriteCaller, schedule_id: Id32) -> AutomationScheduleOut:
    """Fire again from the next due time."""
    return schedules.set_paused(caller.user_id, schedule_id, False)


@router.delete("/schedules/{schedule_id}", status_code=204, responses=error_responses(ScheduleNotFound))
def delete_schedule(caller: WriteCaller, schedule_id: Id32) -> Response:
    """Delete a schedule (tasks it started go on)."""
    schedules.delete(caller.user_id, schedule_id)
    return Response(status_code=204)


@router.get("/templates")
def list_templates(
    caller: ReadCaller, lang: Annotated[Literal["fr", "en"] | None, Query()] = None
) -> TemplateList:
    """The automation templates, each with the accounts it needs and the settings it asks for."""
    chosen = lang or caller.user.language
    return templates.list_templates(caller.user_id, "en" if chosen == "en" else "fr")


@router.get("/templates/{template_id}/guide", responses=error_responses(TemplateNotFound))
def template_guide(
    caller: ReadCaller,
    template_id: Annotated[TemplateId, Path()],
    lang: Annotated[Literal["fr", "en"] | None, Query()] = None,
) -> TemplateGuide:
    """A template's guide: what starts it, the accounts it needs, what each step does, its settings."""
    chosen = lang or caller.user.language
    return guides.template_guide(template_id, "en" if chosen == "en" else "fr")


@router.post(
    "/templates/{template_id}/install",
    status_code=201,
    responses=error_responses(
        TemplateNotFound,
        AccountRequired,
        AccountNotFound,
        InvalidProps,
        LimitReached,
        ScheduleLimit,
        *PIPEDREAM,
    ),
)
def install_template(
    caller: WriteCaller, template_id: Annotated[TemplateId, Path()], body: TemplateInstall
) -> TemplateInstalled:
    """Install a template in one click: its workflow, and the trigger or schedule that starts it."""
    return templates.install(caller.user_id, template_id, body)


app = create_app(
    router,
    title="Automations",
    description="Pipedream Connect accounts, actions and triggers, outgoing webhooks and schedules.",
)
handler = lambda_handler(app)
