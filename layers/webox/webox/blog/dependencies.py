"""Who may write: editors, and administrators (who are editors too)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from webox.auth.dependencies import SessionPrincipal
from webox.auth.models import User
from webox.blog.errors import NotEditor

EDITOR_ROLES = frozenset({"editor", "admin"})


def editor(principal: SessionPrincipal) -> User:
    """A signed-in session of an editor (API tokens carry no role), else 403 `blog.not_editor`."""
    if principal.role not in EDITOR_ROLES:
        raise NotEditor()
    return principal.user


EditorUser = Annotated[User, Depends(editor)]
