"""The auth API's own side of a session: the refresh credential it reads, and the bodies (with their
cookies) it answers when a session starts. Apart from `webox.auth.dependencies`, which every API
imports, so that only the auth API loads the auth schemas."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, Response

from webox.auth.config import REFRESH_COOKIE
from webox.auth.dependencies import check_csrf, set_session_cookies
from webox.auth.errors import NotAuthenticated
from webox.auth.models import User
from webox.auth.schemas import MfaRequired, RefreshIn, SignedIn, TokenPair, UserOut
from webox.auth.sessions import IssuedSession, SignIn


def refresh_credential(request: Request, body: RefreshIn | None = None) -> tuple[str, bool]:
    """(refresh token, came from the cookie): API clients send it in the body, the SPA as a cookie."""
    if body is not None:
        return body.refresh_token, False
    token = request.cookies.get(REFRESH_COOKIE)
    if not token:
        raise NotAuthenticated()
    check_csrf(request)
    return token, True


RefreshCredential = Annotated[tuple[str, bool], Depends(refresh_credential)]


def session_started(response: Response, user: User, issued: IssuedSession) -> SignedIn:
    """The body of a completed sign-in, its session cookies set."""
    set_session_cookies(response, issued)
    return SignedIn(user=UserOut.of(user))


def signed_in(response: Response, sign_in: SignIn) -> SignedIn | MfaRequired:
    """The body of a sign-in step: signed in (cookies set), or the 2FA step's token."""
    if sign_in.session is None:
        return MfaRequired(mfa_token=sign_in.mfa_token or "")
    return session_started(response, sign_in.user, sign_in.session)


def token_pair(issued: IssuedSession) -> TokenPair:
    """The rotated tokens, for an API client that refreshed without cookies."""
    return TokenPair(
        access_token=issued.access_token, refresh_token=issued.refresh_token, expires_in=issued.expires_in
    )
