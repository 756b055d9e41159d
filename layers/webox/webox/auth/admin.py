"""Administration: the account directory (searched by e-mail or name prefix, paged across both
indexes) and changing an account's role or disabled flag."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from webox.auth import repository
from webox.auth.accounts import get_user
from webox.auth.errors import CannotModifySelf
from webox.auth.models import User
from webox.db import InvalidCursor, decode_cursor, encode_cursor
from webox.logging import get_logger
from webox.realtime import service as sockets

logger = get_logger()


def list_users(query: str, cursor: str | None, limit: int) -> tuple[list[User], str | None]:
    """Accounts whose e-mail or name starts with `query` (all when empty), by e-mail then by name."""
    start = decode_cursor(cursor)
    phase = str(start.pop("_phase", {}).get("S", "")) if start else "by_email"
    if start is not None and not repository.is_directory_key(start, phase):
        raise InvalidCursor("Cursor does not belong to this listing")
    found: list[tuple[str, User]] = []
    for entry in _directory(query, phase, start, page_size=limit + 1):
        found.append(entry)
        if len(found) > limit:
            break
    next_cursor = None
    if len(found) > limit:
        last_phase, last_user = found[limit - 1]
        next_cursor = encode_cursor(
            {**repository.directory_key(last_user, last_phase), "_phase": {"S": last_phase}}
        )
    return [user for _, user in found[:limit]], next_cursor


def _directory(
    query: str, phase: str, start: dict[str, Any] | None, *, page_size: int
) -> Iterator[tuple[str, User]]:
    email_prefix = " ".join(query.split()).lower()
    name_prefix = " ".join(query.split()).casefold()
    if phase == "by_email":
        for user in repository.users_by_email(email_prefix, start, page_size):
            yield "by_email", user
        start = None
    if not name_prefix:
        return
    for user in repository.users_by_name(name_prefix, start, page_size):
        if not user.email.startswith(email_prefix):
            yield "by_name", user


def update_user_as_admin(actor: User, user_id: str, *, role: str | None, disabled: bool | None) -> User:
    """Change a user's role or disabled flag; disabling ends their sessions at once."""
    user = get_user(user_id)
    if user.id == actor.id and ((role is not None and role != "admin") or disabled):
        raise CannotModifySelf()
    changes: dict[str, Any] = {}
    if role is not None:
        changes["role"] = role
    if disabled is not None:
        changes["disabled"] = disabled
    if not changes:
        return user
    if disabled:
        repository.bump_token_version(user, **changes)
        repository.delete_sessions(user.id)
        sockets.close_for_user(user.id)
    else:
        repository.update_user(user, **changes)
    logger.info(
        "account changed by admin",
        extra={"user_id": user.id, "actor_id": actor.id, "fields": sorted(changes)},
    )
    return user
