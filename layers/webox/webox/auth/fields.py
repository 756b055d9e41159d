"""An account's e-mail address as a body field: the accounts' bodies and other features' (a share link
for named accounts) check it alike, without loading every account schema."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from webox.auth import security
from webox.auth.errors import InvalidEmail


def _email(value: str) -> str:
    try:
        return security.normalize_email(value)
    except InvalidEmail as exc:
        raise ValueError(exc.message) from exc


Email = Annotated[str, Field(max_length=320, examples=["ada@example.com"]), AfterValidator(_email)]
