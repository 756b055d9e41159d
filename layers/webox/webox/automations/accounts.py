"""Connected accounts: Pipedream Connect holds them (and their credentials); WeBox lists them with
their health, hands out short-lived connect links and deletes them."""

from __future__ import annotations

from typing import Any

from webox.automations import connect
from webox.automations.errors import AccountNotFound
from webox.automations.schemas import AccountList, AccountOut, AppList, AppOut, ConnectToken
from webox.config import get_settings
from webox.ttl_cache import TtlCache

_apps: TtlCache[str, AppList] = TtlCache(600.0)


def _account_out(account: Any) -> AccountOut:
    app = account.app
    return AccountOut(
        account_id=account.id,
        app=app.name_slug if app else "",
        app_name=app.name if app else "",
        name=account.name,
        healthy=bool(account.healthy) and not account.dead,
        created_at=account.created_at,
    )


def list_apps() -> AppList:
    """The apps a user may connect (Pipedream's catalogue, cached ten minutes)."""

    def load() -> AppList:
        try:
            pager = connect.sdk().apps.list(limit=100)
            items = [
                AppOut(slug=a.name_slug, name=a.name, description=a.description, img_src=a.img_src)
                for a in pager.items or []
            ]
        except connect.api_error() as exc:
            raise connect.failure(exc) from exc
        return AppList(items=items)

    return _apps.get_or_set("apps", load)


def list_accounts(user_id: str, app: str | None = None) -> AccountList:
    """The caller's connected accounts with their health."""
    try:
        pager = connect.sdk().accounts.list(
            external_user_id=connect.external_user_id(user_id), app=app, limit=100
        )
        items = [_account_out(a) for a in pager.items or []]
    except connect.api_error() as exc:
        raise connect.failure(exc) from exc
    return AccountList(items=items)


def owned_account(user_id: str, account_id: str) -> AccountOut:
    """One of the caller's accounts, or 404 (another user's account is not found either)."""
    try:
        account = connect.sdk().accounts.retrieve(account_id)
    except connect.api_error() as exc:
        if getattr(exc, "status_code", None) == 404:
            raise AccountNotFound() from exc
        raise connect.failure(exc) from exc
    if account.external_id != connect.external_user_id(user_id):
        raise AccountNotFound()
    return _account_out(account)


def connect_token(user_id: str, app: str | None) -> ConnectToken:
    """A short-lived link to Connect's own flow; back to the automations page once connected."""
    back = f"{get_settings().public_url.rstrip('/')}/automations"
    try:
        token = connect.sdk().tokens.create(
            external_user_id=connect.external_user_id(user_id),
            success_redirect_uri=back,
            error_redirect_uri=back,
        )
    except connect.api_error() as exc:
        raise connect.failure(exc) from exc
    link = token.connect_link_url
    if app:
        link = f"{link}&app={app}"
    return ConnectToken(connect_link_url=link, expires_at=token.expires_at)


def delete_account(user_id: str, account_id: str) -> None:
    owned_account(user_id, account_id)
    try:
        connect.sdk().accounts.delete(account_id)
    except connect.api_error() as exc:
        raise connect.failure(exc) from exc
