"""Remembered devices: how the account holder gets past a lockout somebody else caused.

A password-reset link proves the mailbox is the holder's; the browser that follows it keeps a
signed token (`webox_device`, httpOnly, sent only to `/api/auth/login…`) naming the account's
e-mail. From that browser, sign-in failures count on a back-off counter of the device's own, so
however many guesses others make against the account, its holder can sign in from there. The
token grants nothing else: the password (and the second factor) are still checked, and the
device's own failures back off as the account's do.
"""

from __future__ import annotations

from webox.auth import security
from webox.auth.config import get_auth_settings
from webox.auth.models import User
from webox.errors import WeboxError

DEVICE_AUDIENCE = "webox:device"


def remember(user: User) -> str:
    """A remembered-device token for `user`'s account (its id is the token's `jti`)."""
    return security.encode_jwt(
        {"sub": user.id, "acct": security.digest(user.email)},
        audience=DEVICE_AUDIENCE,
        ttl_s=get_auth_settings().remembered_device_days * 86400,
    )


def recognised(token: str, email: str) -> str | None:
    """The device's id when `token` is a valid remembered-device token for this e-mail's account."""
    if not token:
        return None
    try:
        claims = security.decode_jwt(token, audience=DEVICE_AUDIENCE, required=("sub", "acct"))
    except WeboxError:
        return None
    if not security.same(str(claims["acct"]), security.digest(email)):
        return None
    return str(claims["jti"])
