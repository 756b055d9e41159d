"""Socket tickets: what a client puts in the WebSocket URL (`?ticket=`) instead of a credential.

A URL ends up in access logs and proxies; a long-lived token there would outlive the log's reader's
patience. A ticket is asked for with the credential in a header (`POST /api/auth/socket-ticket`),
works once, within `TICKET_TTL_S`, and opens a socket bound to that same credential (session or API
token), so revoking the credential still closes the socket."""

from __future__ import annotations

from datetime import timedelta

from webox.auth import repository, security
from webox.auth.models import OneTimeToken
from webox.auth.principals import Principal, active_user
from webox.db import utcnow
from webox.errors import WeboxError

PURPOSE = "socket"
TICKET_TTL_S = 30


def issue_ticket(principal: Principal) -> str:
    """A new single-use ticket for the caller's credential, valid `TICKET_TTL_S` seconds."""
    ticket = security.random_token()
    now = utcnow()
    repository.save(
        OneTimeToken(
            security.digest(ticket),
            purpose=PURPOSE,
            user_id=principal.user_id,
            token_version=int(principal.user.token_version),
            session_id=principal.session_id,
            api_token_id=principal.token_id,
            created_at=now,
            expires_at=now + timedelta(seconds=TICKET_TTL_S),
        )
    )
    return ticket


def redeem_ticket(ticket: str) -> Principal | None:
    """The principal a ticket stands for, spending it; None when it is unknown, used, expired, or
    its credential has ended since."""
    digest = security.digest(ticket)
    item = repository.get_one_time_token(digest)
    now = utcnow()
    if item is None or item.purpose != PURPOSE or item.expires_at <= now:
        return None
    if not repository.consume_one_time_token(digest, PURPOSE):
        return None
    try:
        user = active_user(item.user_id)
    except WeboxError:
        return None
    if item.session_id:
        session = repository.get_session(user.id, item.session_id)
        alive = session is not None and session.expires_at > now
        return Principal(user, session_id=item.session_id) if alive else None
    token = repository.get_api_token(item.api_token_id) if item.api_token_id else None
    if (
        token is None
        or token.user_id != user.id
        or (token.expires_at is not None and token.expires_at <= now)
    ):
        return None
    return Principal(user, token_id=token.id, scopes=frozenset(token.scopes))
