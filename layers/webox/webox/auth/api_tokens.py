"""Personal API tokens: `wbx_<id>_<secret>`, stored as the secret's digest with the token's scopes.
Checking one is `principals.authenticate_api_token`'s job."""

from __future__ import annotations

from datetime import timedelta

from webox.auth import repository, security
from webox.auth.errors import ApiTokenNotFound
from webox.auth.models import ApiToken, User
from webox.db import utcnow
from webox.errors import Conflict
from webox.logging import get_logger
from webox.realtime import service as sockets

logger = get_logger()

MAX_API_TOKENS = 50


def create_api_token(
    user: User, name: str, scopes: list[str], expires_in_days: int | None
) -> tuple[str, ApiToken]:
    """A new API token: (the token, shown once; its stored record)."""
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
