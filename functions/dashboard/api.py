"""Usage statistics, the history timeline and the account (settings, own keys, quota, export, deletion)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response
from fastapi.responses import RedirectResponse
from webox.account import data as account_data
from webox.account import service as account_service
from webox.account.errors import ExportNotFound, ExportNotReady, InvalidSettings, KeyNotFound, UnknownVendor
from webox.account.schemas import (
    DeleteIn,
    ExportStarted,
    KeyIn,
    KeyOut,
    KeysOut,
    KeyTestOut,
    SettingsOut,
    SettingsPatch,
)
from webox.auth.dependencies import AdminUser, SessionUser, clear_session_cookies, require_scope
from webox.auth.errors import InvalidCode, TooManyAttempts, WrongPassword
from webox.auth.principals import Principal
from webox.billing import quota
from webox.billing.schemas import QuotaOut
from webox.dashboard import agents as dashboard_agents
from webox.dashboard import service as dashboard_service
from webox.dashboard.errors import InvalidPeriod
from webox.dashboard.schemas import AdminUsageStats, AgentUsage, TimelineKind, TimelinePage, UsageStats
from webox.http import create_app, error_responses, lambda_handler

ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
Days = Annotated[int, Query(description="7, 30 or 90 (today included)")]
Vendor = Annotated[str, Path(pattern=r"^[a-z0-9-]{1,40}$", description="Provider id (registry)")]

usage = APIRouter(prefix="/api/usage", tags=["usage"])
timeline = APIRouter(prefix="/api/timeline", tags=["timeline"])
account = APIRouter(prefix="/api/account", tags=["account"])

_CSV: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "One row per (date, feature, model).",
        "content": {"text/csv": {"example": "date,feature,model,vendor,requests,…\n"}},
    }
}
_DOWNLOAD: dict[int | str, dict[str, Any]] = {
    303: {
        "description": "The archive (a zip of JSON files and the user's files): a five-minute URL in `Location`."
    },
    **error_responses(ExportNotFound, ExportNotReady),
}


@usage.get("")
def get_usage(caller: ReadCaller, days: Days = 30) -> UsageStats:
    """The caller's usage per day (zero-filled), model and feature over the last 7, 30 or 90 days."""
    return dashboard_service.usage(caller.user_id, days)


@usage.get("/export.csv", response_class=Response, responses=_CSV)
def export_usage(caller: ReadCaller, days: Days = 30) -> Response:
    """The caller's usage as CSV, one row per day, feature and model."""
    body = dashboard_service.usage_csv(caller.user_id, days)
    headers = {"Content-Disposition": f'attachment; filename="webox-usage-{days}d.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@usage.get("/agents", responses=error_responses(InvalidPeriod))
def get_agent_usage(caller: ReadCaller, days: Days = 30) -> AgentUsage:
    """Per agent that ran in the last 7, 30 or 90 days: success rate, median steps, cost per
    successful run, tool error rate, p50/p95 duration."""
    language = "en" if caller.user.language == "en" else "fr"
    return dashboard_agents.agent_usage(caller.user_id, days, language)


@usage.get("/admin")
def get_platform_usage(admin: AdminUser, days: Days = 30) -> AdminUsageStats:
    """The whole platform's usage: per day, model and feature, top users, errors per vendor (administrators)."""
    return dashboard_service.admin_usage(days)


@timeline.get("")
def get_timeline(
    caller: ReadCaller,
    q: Annotated[str | None, Query(max_length=100, description="Words of the title")] = None,
    kind: Annotated[TimelineKind | None, Query()] = None,
    from_: Annotated[date | None, Query(alias="from", description="First day (YYYY-MM-DD)")] = None,
    to: Annotated[date | None, Query(description="Last day (YYYY-MM-DD)")] = None,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> TimelinePage:
    """The caller's conversations, media and jobs in one list, newest first."""
    return dashboard_service.timeline(
        caller.user_id, q=q, kind=kind, from_day=from_, to_day=to, cursor=cursor, limit=limit
    )


@account.get("/settings")
def get_settings(user: SessionUser) -> SettingsOut:
    """The caller's profile and preferences."""
    return account_service.get_settings(user)


@account.patch("/settings", responses=error_responses(InvalidSettings))
def update_settings(user: SessionUser, body: SettingsPatch) -> SettingsOut:
    """Change some settings (the others stay)."""
    return account_service.update_settings(user, body)


@account.get("/quota")
def get_quota(caller: ReadCaller) -> QuotaOut:
    """The caller's plan, this month's budgets used and allowed, and when they reset."""
    return quota.gauges(caller.user_id)


@account.get("/keys")
def list_keys(user: SessionUser) -> KeysOut:
    """The caller's own provider keys (masked) and the providers a key can be given for."""
    from webox.account import keys as account_keys  # the provider service: these routes only

    return account_keys.list_keys(user.id)


@account.put("/keys/{vendor}", responses=error_responses(UnknownVendor))
def put_key(user: SessionUser, vendor: Vendor, body: KeyIn) -> KeyOut:
    """Add or replace the caller's key for a provider (stored encrypted, never shown again)."""
    from webox.account import keys as account_keys

    return account_keys.put_key(user.id, vendor, body.key.get_secret_value())


@account.post("/keys/{vendor}/test", responses=error_responses(UnknownVendor, KeyNotFound))
def test_key(user: SessionUser, vendor: Vendor) -> KeyTestOut:
    """Try the stored key with one small real call to the provider."""
    from webox.account import keys as account_keys

    return account_keys.test_key(user.id, vendor)


@account.delete("/keys/{vendor}", status_code=204, responses=error_responses(UnknownVendor, KeyNotFound))
def delete_key(user: SessionUser, vendor: Vendor) -> Response:
    """Forget the caller's key for a provider."""
    from webox.account import keys as account_keys

    account_keys.delete_key(user.id, vendor)
    return Response(status_code=204)


@account.post("/exports", status_code=202)
def start_export(user: SessionUser) -> ExportStarted:
    """Start an export of all the caller's data on the task engine (follow it as a task; an e-mail says when it is ready)."""
    return account_data.start_export(user.id)


@account.get("/exports/{task_id}/download", status_code=303, response_class=Response, responses=_DOWNLOAD)
def download_export(user: SessionUser, task_id: Annotated[str, Path(pattern=r"^[0-9a-f]{32}$")]) -> Response:
    """The caller's finished export: a redirect to a short-lived download URL."""
    return RedirectResponse(account_data.export_url(user.id, task_id), status_code=303)


@account.post(
    "/delete",
    status_code=202,
    response_class=Response,
    responses={
        202: {"description": "Signed out and unusable at once; the data is deleted on the task engine."},
        **error_responses(WrongPassword, InvalidCode, TooManyAttempts),
    },
)
def delete_account(user: SessionUser, body: DeleteIn) -> Response:
    """Delete the account and every piece of its data, after re-entering the password (and 2FA code)."""
    account_data.start_deletion(user, body.password.get_secret_value(), body.code)
    response = Response(status_code=202)
    clear_session_cookies(response)
    return response


app = create_app(
    usage,
    timeline,
    account,
    title="Dashboard",
    description="Usage statistics, history, account settings, own provider keys, data export and deletion.",
)
handler = lambda_handler(app)
