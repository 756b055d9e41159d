"""Sessions: opening one for a signed-in device, rotating its refresh token, signing out, and the
list of signed-in devices. A session is one item; ending it ends its access tokens at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from webox.auth import repository, security
from webox.auth.api_tokens import revoke_all_api_tokens
from webox.auth.config import get_auth_settings
from webox.auth.errors import NotAuthenticated, RefreshReused, SessionNotFound
from webox.auth.models import RefreshToken, Session, User
from webox.auth.principals import Principal, active_user
from webox.db import utcnow
from webox.logging import get_logger
from webox.realtime import service as sockets

logger = get_logger()


@dataclass(frozen=True)
class ClientInfo:
    """Where a request comes from, as remembered on the session it opens; `device`: the browser's
    remembered-device token, if it holds one (see `webox.auth.devices`)."""

    ip: str = ""
    user_agent: str = ""
    device: str = ""


@dataclass(frozen=True)
class IssuedSession:
    """The credentials of a new or refreshed session (set as cookies, or returned to API clients)."""

    session_id: str
    access_token: str
    refresh_token: str
    csrf_token: str
    expires_in: int


@dataclass(frozen=True)
class SignIn:
    """A sign-in step's outcome: a session, or a token to finish with a second factor."""

    user: User
    session: IssuedSession | None = None
    mfa_token: str | None = None


def start_session(user: User, client: ClientInfo, method: str) -> IssuedSession:
    """Open a session for `user` on the calling device (`method`: how they signed in)."""
    now = utcnow()
    expires = now + timedelta(days=get_auth_settings().refresh_ttl_days)
    session = Session(
        user.id,
        security.new_id(),
        created_at=now,
        last_used_at=now,
        user_agent=client.user_agent[:256],
        ip=client.ip[:64],
        method=method,
        expires_at=expires,
    )
    repository.save(session)
    logger.info("session started", extra={"user_id": user.id, "method": method})
    return _issue(user, session.session_id, expires)


def _issue(user: User, session_id: str, expires: datetime) -> IssuedSession:
    refresh_token = security.random_token()
    repository.save(
        RefreshToken(
            security.digest(refresh_token),
            user_id=user.id,
            session_id=session_id,
            created_at=utcnow(),
            expires_at=expires,
        )
    )
    ttl = get_auth_settings().access_ttl_s
    access_token = security.encode_jwt(
        {"sub": user.id, "sid": session_id, "role": user.role}, audience=security.ACCESS_AUDIENCE, ttl_s=ttl
    )
    return IssuedSession(session_id, access_token, refresh_token, security.random_token(24), ttl)


def refresh(refresh_token: str) -> tuple[User, IssuedSession]:
    """Rotate a refresh token. Presenting one already rotated ends its whole session (theft)."""
    now = utcnow()
    token = repository.get_refresh_token(security.digest(refresh_token))
    if token is None or token.expires_at <= now:
        raise NotAuthenticated()
    if token.rotated_at is not None or not repository.spend_refresh_token(token.token_hash):
        repository.delete_session(token.user_id, token.session_id)
        sockets.close_for_sessions(token.user_id, {token.session_id})
        logger.warning("refresh token reused: session ended", extra={"user_id": token.user_id})
        raise RefreshReused()
    session = repository.get_session(token.user_id, token.session_id)
    if session is None or session.expires_at <= now:
        raise NotAuthenticated()
    user = active_user(token.user_id)
    expires = now + timedelta(days=get_auth_settings().refresh_ttl_days)
    repository.touch_session(session, now=now, expires_at=expires)
    return user, _issue(user, session.session_id, expires)


def logout(principal: Principal | None, refresh_token: str | None) -> None:
    """End the caller's session, found by its access token or else its refresh token."""
    if principal is not None and principal.session_id:
        repository.delete_session(principal.user_id, principal.session_id)
        sockets.close_for_sessions(principal.user_id, {principal.session_id})
        return
    token = repository.get_refresh_token(security.digest(refresh_token)) if refresh_token else None
    if token is not None:
        repository.delete_session(token.user_id, token.session_id)
        sockets.close_for_sessions(token.user_id, {token.session_id})


def list_sessions(principal: Principal) -> list[Session]:
    """The caller's open sessions, most recently used first."""
    now = utcnow()
    sessions = [s for s in repository.list_sessions(principal.user_id) if s.expires_at > now]
    return sorted(sessions, key=lambda s: s.last_used_at, reverse=True)


def revoke_session(principal: Principal, session_id: str) -> None:
    """End one of the caller's sessions (404 for anyone else's)."""
    if not repository.delete_session(principal.user_id, session_id):
        raise SessionNotFound()
    sockets.close_for_sessions(principal.user_id, {session_id})


def revoke_all_sessions(principal: Principal) -> None:
    """End every session and API token of the caller, this session included ("sign out everywhere")."""
    count = repository.delete_sessions(principal.user_id)
    sockets.close_for_sessions(principal.user_id)
    tokens = revoke_all_api_tokens(principal.user_id)
    logger.info("all sessions ended", extra={"user_id": principal.user_id, "count": count, "tokens": tokens})
