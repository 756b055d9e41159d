"""Personal API tokens: `wbx_<id>_<secret>`, stored as the secret's digest with the token's scopes.
Checking one is `principals.authenticate_api_token`'s job."""

from __future__ import annotations

from datetime import timedelta

from webox.auth import repository, security
from webox.auth.errors import ApiTokenNotFound
from webox.auth.models import ApiToken, User
from webox.auth.two_factor import reauthenticate
from webox.db import utcnow
from webox.errors import Conflict
from webox.logging import get_logger
from webox.realtime import service as sockets

logger = get_logger()

MAX_API_TOKENS = 50
DEFAULT_EXPIRY_DAYS = 90


def create_api_token(
    user: User,
    name: str,
    scopes: list[str],
    expires_in_days: int | None,
    *,
    password: str | None,
    code: str | None,
    session_id: str | None,
) -> tuple[str, ApiToken]:
    """A new API token: (the token, shown once; its stored record). A token outlives the session
    that made it, so whoever asks proves again that they hold the account (password, + 2FA code)."""
    reauthenticate(user, password, code, session_id=session_id)
    if len(repository.list_api_tokens(user.id)) >= MAX_API_TOKENS:
        raise Conflict(f"At most {MAX_API_TOKENS} API tokens", code="too_many_tokens")
    secret = security.random_token()
    now = utcnow()
    item = ApiToken(
        security.new_id(),
        user_id=user.id,
        name=name,
        secret_hash=security.digest(secret),
        scopes=set(scopes),
        created_at=now,
        expires_at=now + timedelta(days=expires_in_days) if expires_in_days else None,
    )
    repository.save(item)
    logger.info("API token created", extra={"user_id": user.id, "token_id": item.id})
    return security.api_token(item.id, secret), item


def list_api_tokens(user: User) -> list[ApiToken]:
    """The user's API tokens, newest first."""
    return repository.list_api_tokens(user.id)


def revoke_api_token(user: User, token_id: str) -> None:
    """Delete one of the user's API tokens (404 for anyone else's)."""
    item = repository.get_api_token(token_id)
    if item is None or item.user_id != user.id:
        raise ApiTokenNotFound()
    repository.delete_api_token(token_id)
    sockets.close_for_token(user.id, token_id)
    logger.info("API token revoked", extra={"user_id": user.id, "token_id": token_id})


def revoke_all_api_tokens(user_id: str) -> int:
    """Delete every API token of the user and close the sockets opened with them (a password
    change, a reset or "sign out everywhere" must leave no credential behind); returns how many."""
    tokens = repository.list_api_tokens(user_id)
    for token in tokens:
        repository.delete_api_token(token.id)
        sockets.close_for_token(user_id, token.id)
    if tokens:
        logger.info("API tokens revoked", extra={"user_id": user_id, "count": len(tokens)})
    return len(tokens)
