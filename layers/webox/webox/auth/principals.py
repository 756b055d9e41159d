"""Who is calling: turning an access token, a personal API token or a WebSocket's headers into a
`Principal`.

How revocation is immediate: an access token carries its session id (`sid`); every authenticated
request reads that session item and the user (two consistent GetItems). Ending a session deletes
its item, so its access tokens stop working at once; a disabled account fails the user check.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from http.cookies import CookieError, SimpleCookie

from webox.auth import repository, security
from webox.auth.config import ACCESS_COOKIE
from webox.auth.errors import NotAuthenticated
from webox.auth.models import ApiToken, User
from webox.db import utcnow
from webox.errors import WeboxError
from webox.logging import get_logger

logger = get_logger()

EVERY_SCOPE = frozenset({"*"})
_API_TOKEN_TOUCH = timedelta(minutes=1)


@dataclass(frozen=True)
class Principal:
    """Who is calling: the user and how they proved it (a session or a scoped API token)."""

    user: User
    session_id: str | None = None
    token_id: str | None = None
    scopes: frozenset[str] = field(default=EVERY_SCOPE)

    @property
    def user_id(self) -> str:
        return self.user.id

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def via_session(self) -> bool:
        return self.session_id is not None

    def has_scope(self, scope: str) -> bool:
        return "*" in self.scopes or scope in self.scopes


def active_user(user_id: str) -> User:
    """The account behind a credential, unless it is gone or disabled (then 401)."""
    user = repository.get_user(user_id)
    if user is None or user.disabled:
        raise NotAuthenticated()
    return user


def authenticate_access_token(token: str) -> Principal:
    """A principal from an access JWT whose session is still open and whose account is active."""
    claims = security.decode_jwt(token, audience=security.ACCESS_AUDIENCE, required=("sub", "sid", "role"))
    session = repository.get_session(str(claims["sub"]), str(claims["sid"]))
    if session is None or session.expires_at <= utcnow():
        raise NotAuthenticated("Session ended")
    return Principal(active_user(session.user_id), session_id=session.session_id)


def authenticate_api_token(token: str) -> Principal:
    """A principal from a personal API token (`wbx_…`), limited to the token's scopes."""
    parsed = security.parse_api_token(token)
    item = repository.get_api_token(parsed[0]) if parsed else None
    now = utcnow()
    if (
        parsed is None
        or item is None
        or not security.same(item.secret_hash, security.digest(parsed[1]))
        or (item.expires_at is not None and item.expires_at <= now)
    ):
        raise NotAuthenticated("Invalid API token")
    user = active_user(item.user_id)
    if item.last_used_at is None or now - item.last_used_at > _API_TOKEN_TOUCH:
        _touch_api_token(item, now)
    return Principal(user, token_id=item.id, scopes=frozenset(item.scopes))


def _touch_api_token(item: ApiToken, now: datetime) -> None:
    # Best effort: a function allowed only to read the tokens table still authenticates.
    try:
        repository.touch_api_token(item, now)
    except Exception:
        logger.warning("could not record API token use", extra={"token_id": item.id})


def authenticate_bearer(token: str) -> Principal:
    """A principal from an `Authorization: Bearer` value: an API token or an access JWT."""
    if token.startswith(security.API_TOKEN_PREFIX):
        return authenticate_api_token(token)
    return authenticate_access_token(token)


def principal_from_headers(headers: Mapping[str, str]) -> Principal | None:
    """The principal of a WebSocket `$connect` (lower-case headers): Bearer header or the access
    cookie; None when neither is valid. (A long-lived credential is never taken from the URL, which
    gets logged: clients without headers use a ticket, `webox.auth.socket_tickets`.)"""
    authorization = headers.get("authorization", "")
    scheme, _, bearer = authorization.partition(" ")
    if scheme.lower() == "bearer" and bearer.strip():
        credential = bearer.strip()
    else:
        credential = cookie_value(headers.get("cookie", ""), ACCESS_COOKIE) or ""
    if not credential:
        return None
    try:
        return authenticate_bearer(credential)
    except WeboxError:
        return None


def cookie_value(header: str, name: str) -> str | None:
    """One cookie of a raw `Cookie` header; None when absent or the header does not parse."""
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None
