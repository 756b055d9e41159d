"""A fake Pipedream Connect API that the official `pipedream` SDK accepts.

Every answer is built from the SDK's own models (`pipedream.types`), so a field the SDK requires
cannot be forgotten. It speaks: OAuth client credentials (`POST /v1/oauth/token`), connect tokens,
apps, the user's accounts (listed, read, deleted), components with their props, `actions/run` (props
checked against the component's definition, the account checked against the external user),
`triggers/deploy` (a signing key per deployed trigger) and deployed-trigger deletion.

A person connects an account locally through `connect_link_url`: a small page of the apps where one
click "authorises" the fake account. `POST /_fake/deployed-triggers/{id}/emit` makes a deployed
trigger emit an event, delivered to its `webhook_url` signed the way Pipedream signs trigger
webhooks (`x-pd-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import json
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from pipedream.types import (
    Account,
    App,
    Component,
    ConfigurablePropApp,
    ConfigurablePropBoolean,
    ConfigurablePropInteger,
    ConfigurablePropString,
    ConfigurablePropStringArray,
    CreateOAuthTokenResponse,
    CreateTokenResponse,
    DeployedComponent,
    DeployTriggerResponse,
    GetAccountsResponse,
    GetAppResponse,
    GetComponentResponse,
    GetComponentsResponse,
    ListAppsResponse,
    PageInfo,
    RunActionResponse,
)

PROJECT_ID = "proj_webox_local"
CLIENT_ID = "pd-local-client"
CLIENT_SECRET = "pd-local-secret"  # noqa: S105 - the fake's own credential, public by design
SIGNATURE_HEADER = "x-pd-signature"

_PropDef = dict[str, Any]

APPS: dict[str, dict[str, Any]] = {
    "gmail": {"name": "Gmail", "categories": ["Communication"], "description": "E-mail by Google"},
    "slack": {"name": "Slack", "categories": ["Communication"], "description": "Team chat"},
    "google_sheets": {"name": "Google Sheets", "categories": ["Productivity"], "description": "Spreadsheets"},
    "notion": {"name": "Notion", "categories": ["Productivity"], "description": "Notes and databases"},
    "google_forms": {"name": "Google Forms", "categories": ["Productivity"], "description": "Forms"},
    "stripe": {"name": "Stripe", "categories": ["Payments"], "description": "Online payments"},
    "google_calendar": {
        "name": "Google Calendar",
        "categories": ["Productivity"],
        "description": "Calendars",
    },
    "rss": {"name": "RSS", "categories": ["Developer Tools"], "description": "Feeds", "auth_type": "none"},
}
# Apps whose triggers are native (Connect → Components → Triggers: "Native triggers ... don't
# require any authentication from your end users"): their components have no app prop.
NATIVE_APPS = frozenset(slug for slug, meta in APPS.items() if meta.get("auth_type") == "none")

# key → (app, type, name, props). A prop: (name, type, optional, label).
COMPONENTS: dict[str, tuple[str, str, str, list[tuple[str, str, bool, str]]]] = {
    "gmail-send-email": (
        "gmail",
        "action",
        "Send Email",
        [
            ("to", "string[]", False, "To"),
            ("subject", "string", False, "Subject"),
            ("body", "string", False, "Body"),
        ],
    ),
    "slack-send-message": (
        "slack",
        "action",
        "Send Message",
        [("channel", "string", False, "Channel"), ("text", "string", False, "Text")],
    ),
    "google_sheets-add-single-row": (
        "google_sheets",
        "action",
        "Add Single Row",
        [("sheetId", "string", False, "Spreadsheet"), ("myColumnData", "string[]", False, "Cells")],
    ),
    "notion-create-page": (
        "notion",
        "action",
        "Create Page",
        [("title", "string", False, "Title"), ("content", "string", True, "Content")],
    ),
    "gmail-new-email-received": (
        "gmail",
        "trigger",
        "New Email Received",
        [("withTextPayload", "boolean", True, "Text")],
    ),
    "slack-new-message-in-channels": (
        "slack",
        "trigger",
        "New Message In Channels",
        [("conversations", "string[]", False, "Channels")],
    ),
    "google_sheets-new-row-added": (
        "google_sheets",
        "trigger",
        "New Row Added",
        [("sheetID", "string", False, "Sheet")],
    ),
    "google_forms-new-form-answer": (
        "google_forms",
        "trigger",
        "New Form Answer",
        [("formId", "string", False, "Form")],
    ),
    "stripe-new-payment": ("stripe", "trigger", "New Payment", [("maxResults", "integer", True, "Max")]),
    "google_calendar-upcoming-event-alert": (
        "google_calendar",
        "trigger",
        "Upcoming Event Alert",
        [("calendarId", "string", False, "Calendar"), ("time", "integer", True, "Minutes before")],
    ),
    "rss-new-item-in-feed": (
        "rss",
        "trigger",
        "New Item in Feed",
        [("urls", "string[]", False, "Feed URLs")],
    ),
}


def _app(slug: str) -> App:
    meta = APPS[slug]
    return App(
        id=f"app_{slug}",
        name_slug=slug,
        name=meta["name"],
        auth_type=meta.get("auth_type", "oauth"),
        description=meta["description"],
        img_src=f"https://assets.pipedream.net/s.v0/app_{slug}/logo/orig",
        categories=meta["categories"],
        featured_weight=1000.0,
        scope_profiles=[],
    )


def _prop(name: str, kind: str, optional: bool, label: str) -> Any:
    args: dict[str, Any] = {"name": name, "label": label, "optional": optional or None}
    if kind == "string":
        return ConfigurablePropString(**args)
    if kind == "string[]":
        return ConfigurablePropStringArray(**args)
    if kind == "integer":
        return ConfigurablePropInteger(**args)
    return ConfigurablePropBoolean(**args)


def _component(key: str) -> Component:
    app, component_type, name, props = COMPONENTS[key]
    configurable: list[Any] = []
    if app not in NATIVE_APPS:
        configurable.append(ConfigurablePropApp(name=app, app=app, label=APPS[app]["name"]))
    configurable += [_prop(*p) for p in props]
    return Component(
        key=key,
        name=name,
        version="0.1.0",
        configurable_props=configurable,
        description=f"{name} ({APPS[app]['name']})",
        component_type=component_type,
    )


def _dump(model: Any) -> Any:
    return model.model_dump(mode="json", by_alias=True, exclude_none=True)


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def sign(key: str, body: bytes, timestamp: int) -> str:
    """The `x-pd-signature` value of a delivery."""
    digest = hmac.new(key.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


@dataclass
class FakeAccount:
    id: str
    app: str
    external_user_id: str
    name: str
    created_at: datetime
    healthy: bool = True


@dataclass
class FakeTrigger:
    id: str
    key: str
    external_user_id: str
    configured_props: dict[str, Any]
    webhook_url: str | None
    signing_key: str
    created_at: int


@dataclass
class FakeConnect:
    """The fake's state (one project, one environment), readable by tests."""

    project_id: str = PROJECT_ID
    access_tokens: set[str] = field(default_factory=set)
    connect_tokens: dict[str, tuple[str, datetime, str | None]] = field(default_factory=dict)
    accounts: dict[str, FakeAccount] = field(default_factory=dict)
    triggers: dict[str, FakeTrigger] = field(default_factory=dict)
    runs: list[dict[str, Any]] = field(default_factory=list)
    deliveries: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def connect(self, external_user_id: str, app: str) -> FakeAccount:
        """An account the user "authorised" (what the connect page's click does)."""
        account = FakeAccount(
            id=f"apn_{secrets.token_hex(6)}",
            app=app,
            external_user_id=external_user_id,
            name=f"{external_user_id[:8]}@{app}.example",
            created_at=datetime.now(UTC),
        )
        with self.lock:
            self.accounts[account.id] = account
        return account


def _account_model(account: FakeAccount) -> Account:
    return Account(
        id=account.id,
        name=account.name,
        external_id=account.external_user_id,
        healthy=account.healthy,
        dead=not account.healthy,
        app=_app(account.app),
        created_at=account.created_at,
        updated_at=account.created_at,
    )


def _check_props(key: str, props: dict[str, Any], state: FakeConnect, external_user_id: str) -> str | None:
    """Why `props` do not fit the component, or None."""
    app, _, _, defs = COMPONENTS[key]
    if app not in NATIVE_APPS:
        auth = props.get(app)
        account_id = auth.get("authProvisionId") if isinstance(auth, dict) else None
        account = state.accounts.get(str(account_id))
        if account is None or account.external_user_id != external_user_id or account.app != app:
            return f"prop {app!r} must name an account of this user for {app}"
        if not account.healthy:
            return f"the {app} account needs to be reconnected"
    for name, kind, optional, _ in defs:
        if name not in props:
            if not optional:
                return f"prop {name!r} is required"
            continue
        value = props[name]
        ok = {
            "string": isinstance(value, str),
            "string[]": isinstance(value, list) and all(isinstance(v, str) for v in value),
            "integer": isinstance(value, int) and not isinstance(value, bool),
            "boolean": isinstance(value, bool),
        }[kind]
        if not ok:
            return f"prop {name!r} must be {kind}"
    return None


def create_app(state: FakeConnect | None = None) -> FastAPI:
    """The fake Connect API (and its connect page) over one `FakeConnect` state."""
    state = state or FakeConnect()
    app = FastAPI(title="Fake Pipedream Connect")
    app.state.connect = state

    def authorised(request: Request) -> bool:
        header = request.headers.get("authorization", "")
        return header.startswith("Bearer ") and header[7:] in state.access_tokens

    @app.middleware("http")
    async def bearer(request: Request, call_next: Any) -> Response:
        path = request.url.path
        if path.startswith("/v1/connect") and not authorised(request):
            return _error(401, "Unauthorized")
        if path.startswith(f"/v1/connect/{state.project_id}") and request.headers.get(
            "x-pd-environment"
        ) not in ("development", "production"):
            return _error(400, "x-pd-environment must be development or production")
        response: Response = await call_next(request)
        return response

    @app.post("/v1/oauth/token")
    async def oauth_token(request: Request) -> Response:
        body = await request.json()
        if body.get("grant_type") != "client_credentials":
            return _error(400, "unsupported_grant_type")
        if body.get("client_id") != CLIENT_ID or body.get("client_secret") != CLIENT_SECRET:
            return _error(401, "invalid_client")
        token = f"pdat_{secrets.token_hex(16)}"
        state.access_tokens.add(token)
        answer = CreateOAuthTokenResponse(access_token=token, token_type="Bearer", expires_in=3600)  # noqa: S106
        return JSONResponse(_dump(answer))

    @app.get("/v1/connect/apps")
    def list_apps(q: str | None = None) -> Response:
        slugs = [s for s in APPS if not q or q.lower() in s or q.lower() in APPS[s]["name"].lower()]
        page = PageInfo(count=len(slugs), total_count=len(slugs))
        return JSONResponse(_dump(ListAppsResponse(data=[_app(s) for s in slugs], page_info=page)))

    @app.get("/v1/connect/apps/{app_id}")
    def get_app(app_id: str) -> Response:
        slug = app_id.removeprefix("app_")
        if slug not in APPS:
            return _error(404, "App not found")
        return JSONResponse(_dump(GetAppResponse(data=_app(slug))))

    base = f"/v1/connect/{state.project_id}"

    @app.post(f"{base}/tokens")
    async def create_token(request: Request) -> Response:
        body = await request.json()
        external_user_id = body.get("external_user_id")
        if not isinstance(external_user_id, str) or not 0 < len(external_user_id) <= 250:
            return _error(400, "external_user_id is required")
        token = f"ctok_{secrets.token_hex(16)}"
        expires = datetime.now(UTC) + timedelta(hours=4)
        state.connect_tokens[token] = (external_user_id, expires, body.get("success_redirect_uri"))
        link = f"{str(request.base_url).rstrip('/')}/_static/connect.html?token={token}&connectLink=true"
        return JSONResponse(
            _dump(CreateTokenResponse(token=token, expires_at=expires, connect_link_url=link))
        )

    @app.get("/_static/connect.html")
    def connect_page(token: str, app: str | None = None) -> Response:
        entry = state.connect_tokens.get(token)
        if entry is None or entry[1] < datetime.now(UTC):
            return HTMLResponse("<h1>This link has expired</h1>", status_code=410)
        slugs = [app] if app in APPS and app not in NATIVE_APPS else [s for s in APPS if s not in NATIVE_APPS]
        buttons = "".join(
            f'<form method="post" action="/_static/connect"><input type="hidden" name="token" '
            f'value="{html.escape(token)}"><input type="hidden" name="app" value="{s}">'
            f'<button type="submit">Connect {html.escape(APPS[s]["name"])}</button></form>'
            for s in slugs
        )
        return HTMLResponse(
            f"<!doctype html><title>Pipedream Connect (local)</title><h1>Connect an account</h1>{buttons}"
        )

    @app.post("/_static/connect")
    async def connect_submit(request: Request) -> Response:
        form = parse_qs((await request.body()).decode())
        token, app = form.get("token", [""])[0], form.get("app", [""])[0]
        entry = state.connect_tokens.pop(token, None)
        if entry is None or entry[1] < datetime.now(UTC) or app not in APPS or app in NATIVE_APPS:
            return HTMLResponse("<h1>This link has expired</h1>", status_code=410)
        account = state.connect(entry[0], app)
        if entry[2]:
            return RedirectResponse(f"{entry[2]}?account_id={account.id}&app={app}", status_code=303)
        return HTMLResponse(f"<h1>Connected</h1><p id='account'>{account.id}</p>")

    @app.get(f"{base}/accounts")
    def list_accounts(external_user_id: str | None = None, app: str | None = None) -> Response:
        found = [
            a
            for a in state.accounts.values()
            if (external_user_id is None or a.external_user_id == external_user_id)
            and (app is None or a.app == app)
        ]
        page = PageInfo(count=len(found), total_count=len(found))
        return JSONResponse(
            _dump(GetAccountsResponse(data=[_account_model(a) for a in found], page_info=page))
        )

    @app.get(f"{base}/accounts/{{account_id}}")
    def get_account(account_id: str) -> Response:
        account = state.accounts.get(account_id)
        if account is None:
            return _error(404, "Account not found")
        return JSONResponse(_dump(_account_model(account)))

    @app.delete(f"{base}/accounts/{{account_id}}")
    def delete_account(account_id: str) -> Response:
        if state.accounts.pop(account_id, None) is None:
            return _error(404, "Account not found")
        return Response(status_code=204)

    def components_of(component_type: str, app_slug: str | None) -> Response:
        keys = [
            k
            for k, c in COMPONENTS.items()
            if c[1] == component_type and (app_slug is None or c[0] == app_slug)
        ]
        page = PageInfo(count=len(keys), total_count=len(keys))
        return JSONResponse(_dump(GetComponentsResponse(data=[_component(k) for k in keys], page_info=page)))

    @app.get(f"{base}/actions")
    def list_actions(app: str | None = None) -> Response:
        return components_of("action", app)

    @app.get(f"{base}/triggers")
    def list_triggers(app: str | None = None) -> Response:
        return components_of("trigger", app)

    @app.get(f"{base}/components/{{key}}")
    @app.get(f"{base}/actions/{{key}}")
    @app.get(f"{base}/triggers/{{key}}")
    def get_component(key: str) -> Response:
        if key not in COMPONENTS:
            return _error(404, "Component not found")
        return JSONResponse(_dump(GetComponentResponse(data=_component(key))))

    @app.post(f"{base}/actions/run")
    async def run_action(request: Request) -> Response:
        body = await request.json()
        key, user = body.get("id"), body.get("external_user_id")
        if key not in COMPONENTS or COMPONENTS[key][1] != "action":
            return _error(404, "Component not found")
        props = body.get("configured_props") or {}
        problem = _check_props(key, props, state, str(user))
        if problem:
            return _error(400, problem)
        with state.lock:
            state.runs.append({"id": key, "external_user_id": user, "configured_props": props})
        summary = f"{COMPONENTS[key][2]} done"
        ret = {"ok": True, "id": f"{key}-{len(state.runs)}"}
        return JSONResponse(_dump(RunActionResponse(exports={"$summary": summary}, os=[], ret=ret)))

    @app.post(f"{base}/triggers/deploy")
    async def deploy_trigger(request: Request) -> Response:
        body = await request.json()
        key, user = body.get("id"), body.get("external_user_id")
        if key not in COMPONENTS or COMPONENTS[key][1] != "trigger":
            return _error(404, "Component not found")
        props = body.get("configured_props") or {}
        problem = _check_props(key, props, state, str(user))
        if problem:
            return _error(400, problem)
        now = int(time.time())
        trigger = FakeTrigger(
            id=f"dc_{secrets.token_hex(6)}",
            key=key,
            external_user_id=str(user),
            configured_props=props,
            webhook_url=body.get("webhook_url"),
            signing_key=secrets.token_hex(24),
            created_at=now,
        )
        with state.lock:
            state.triggers[trigger.id] = trigger
        return JSONResponse(_dump(DeployTriggerResponse(data=_deployed(trigger))))

    @app.delete(f"{base}/deployed-triggers/{{trigger_id}}")
    def delete_trigger(trigger_id: str, external_user_id: str) -> Response:
        trigger = state.triggers.get(trigger_id)
        if trigger is None or trigger.external_user_id != external_user_id:
            return _error(404, "Trigger not found")
        del state.triggers[trigger_id]
        return Response(status_code=204)

    @app.post("/_fake/deployed-triggers/{trigger_id}/emit")
    async def emit(trigger_id: str, request: Request) -> Response:
        """Make a deployed trigger emit `{"event": {...}}`: delivered signed to its webhook URL."""
        trigger = state.triggers.get(trigger_id)
        if trigger is None or not trigger.webhook_url:
            return _error(404, "Trigger not found")
        body = await request.json()
        status = await deliver(trigger, body.get("event") or {}, timestamp=body.get("timestamp"))
        return JSONResponse({"status": status})

    async def deliver(trigger: FakeTrigger, event: dict[str, Any], *, timestamp: int | None = None) -> int:
        payload = json.dumps(
            {
                "id": f"evt_{secrets.token_hex(8)}",
                "ts": int(time.time() * 1000),
                "trigger_id": trigger.id,
                "event": event,
            },
            separators=(",", ":"),
        ).encode()
        stamp = int(timestamp) if timestamp is not None else int(time.time())
        headers = {
            "content-type": "application/json",
            SIGNATURE_HEADER: sign(trigger.signing_key, payload, stamp),
        }
        assert trigger.webhook_url is not None
        async with httpx.AsyncClient(timeout=10) as client:
            response = await client.post(trigger.webhook_url, content=payload, headers=headers)
        with state.lock:
            state.deliveries.append(
                {"trigger_id": trigger.id, "status": response.status_code, "body": payload}
            )
        return response.status_code

    return app


def _deployed(trigger: FakeTrigger) -> DeployedComponent:
    component = _component(trigger.key)
    return DeployedComponent(
        id=trigger.id,
        owner_id=f"exu_{hashlib.sha256(trigger.external_user_id.encode()).hexdigest()[:10]}",
        component_id=f"sc_{trigger.key}",
        component_key=trigger.key,
        configurable_props=component.configurable_props,
        configured_props=trigger.configured_props,
        active=True,
        created_at=trigger.created_at,
        updated_at=trigger.created_at,
        name=component.name,
        name_slug=trigger.key,
        webhook_signing_key=trigger.signing_key,
    )
