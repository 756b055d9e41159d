"""The auth feature's FastAPI side, shared by every API: who is calling (`CurrentUser`, `AdminUser`,
`require_scope`…), CSRF and origin checks, the caller's address, and the session cookies.

Browsers authenticate with the `webox_access` cookie; every unsafe method then also needs the
`X-CSRF-Token` header equal to the readable `webox_csrf` cookie (double submit), which a foreign
site cannot read. `Authorization: Bearer` (access JWT or `wbx_` API token) needs no CSRF token.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request, Response

from webox.auth import principals, security, viewer
from webox.auth.config import (
    ACCESS_COOKIE,
    CSRF_COOKIE,
    CSRF_HEADER,
    DEVICE_COOKIE,
    REFRESH_COOKIE,
    get_auth_settings,
)
from webox.auth.errors import (
    CsrfFailed,
    InsufficientRole,
    InsufficientScope,
    NotAuthenticated,
    OriginNotAllowed,
    SessionRequired,
)
from webox.auth.models import User
from webox.auth.principals import Principal
from webox.auth.sessions import ClientInfo, IssuedSession
from webox.config import get_settings
from webox.errors import WeboxError

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})


# --- the caller -----------------------------------------------------------------------------------


def client_ip(request: Request) -> str:
    """The viewer's address when CloudFront vouches for it (`webox.auth.viewer`), else API
    Gateway's source IP (Mangum keeps the event in the scope), else the socket peer."""
    event = request.scope.get("aws.event") or {}
    source = ((event.get("requestContext") or {}).get("http") or {}).get("sourceIp")
    if not source:
        source = request.client.host if request.client else ""
    return viewer.viewer_address(request.headers, str(source))


def client_info(request: Request) -> ClientInfo:
    return ClientInfo(
        ip=client_ip(request),
        user_agent=request.headers.get("user-agent", "")[:256],
        device=request.cookies.get(DEVICE_COOKIE, "")[:2048],
    )


def same_origin(request: Request) -> None:
    """Refuse a browser request sent from a foreign site (login CSRF on the cookie-setting routes)."""
    origin = request.headers.get("origin")
    if origin and origin.rstrip("/") not in get_settings().allowed_origins:
        raise OriginNotAllowed()


def check_csrf(request: Request) -> None:
    """Double-submit check for cookie-authenticated unsafe requests."""
    if request.method in SAFE_METHODS:
        return
    header = request.headers.get(CSRF_HEADER, "")
    cookie = request.cookies.get(CSRF_COOKIE, "")
    if not header or not cookie or not security.same(header, cookie):
        raise CsrfFailed()


def _bearer(request: Request) -> str | None:
    scheme, _, value = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip() or None


def authenticate(request: Request) -> Principal:
    """The caller, from `Authorization: Bearer` or the access cookie (+ CSRF check); else 401."""
    bearer = _bearer(request)
    if bearer:
        return principals.authenticate_bearer(bearer)
    token = request.cookies.get(ACCESS_COOKIE)
    if not token:
        raise NotAuthenticated()
    check_csrf(request)
    return principals.authenticate_access_token(token)


CurrentPrincipal = Annotated[Principal, Depends(authenticate)]


def optional_principal(request: Request) -> Principal | None:
    """The caller on a public route: None when the request carries no credential. A credential
    that is there but invalid or expired still answers 401 (`token_expired` makes the SPA refresh),
    rather than silently serving the signed-out view to someone who is signed in."""
    if _bearer(request) is None and not request.cookies.get(ACCESS_COOKIE):
        return None
    return authenticate(request)


def optional_user(principal: Annotated[Principal | None, Depends(optional_principal)]) -> User | None:
    return principal.user if principal is not None else None


OptionalPrincipal = Annotated[Principal | None, Depends(optional_principal)]
OptionalUser = Annotated[User | None, Depends(optional_user)]


def current_user(principal: CurrentPrincipal) -> User:
    return principal.user


def session_principal(principal: CurrentPrincipal) -> Principal:
    """Only a signed-in session (not an API token) may manage the account."""
    if not principal.via_session:
        raise SessionRequired()
    return principal


SessionPrincipal = Annotated[Principal, Depends(session_principal)]


def session_user(principal: SessionPrincipal) -> User:
    return principal.user


def require_scope(scope: str) -> Callable[[Principal], Principal]:
    """Dependency: sessions pass; an API token passes only with `scope`."""

    def has_scope(principal: CurrentPrincipal) -> Principal:
        if not principal.has_scope(scope):
            raise InsufficientScope()
        return principal

    return has_scope


def require_role(role: str) -> Callable[[Principal], User]:
    """Dependency: a signed-in session whose user has `role` (API tokens never carry a role)."""

    def has_role(principal: SessionPrincipal) -> User:
        if principal.role != role:
            raise InsufficientRole()
        return principal.user

    return has_role


def logout_credential(request: Request) -> tuple[Principal | None, str | None]:
    """The session to end: the Bearer token's, else the cookies' (CSRF-checked), expired access included."""
    bearer = _bearer(request)
    if bearer:
        return principals.authenticate_bearer(bearer), None
    access, refresh = request.cookies.get(ACCESS_COOKIE), request.cookies.get(REFRESH_COOKIE)
    if not access and not refresh:
        return None, None
    check_csrf(request)
    try:
        principal = principals.authenticate_access_token(access) if access else None
    except WeboxError:
        principal = None
    return principal, refresh


CurrentUser = Annotated[User, Depends(current_user)]
SessionUser = Annotated[User, Depends(session_user)]
AdminUser = Annotated[User, Depends(require_role("admin"))]
Client = Annotated[ClientInfo, Depends(client_info)]
LogoutCredential = Annotated[tuple[Principal | None, str | None], Depends(logout_credential)]
SameOrigin = Depends(same_origin)


# --- cookies --------------------------------------------------------------------------------------


def cookie_secure() -> bool:
    """Cookies are `Secure` except on a plain-HTTP loopback site (local development)."""
    url = get_settings().public_url
    return not (url.startswith("http://") and urlsplit(url).hostname in _LOOPBACK)


def set_session_cookies(response: Response, issued: IssuedSession) -> None:
    """Access (every path), refresh (`/api/auth` only) and the readable CSRF cookie."""
    # The access cookie outlives its JWT so an expired token still reaches the API and answers
    # `token_expired` (the SPA then refreshes) rather than `not_authenticated`.
    lifetime = get_auth_settings().refresh_ttl_days * 86400
    secure = cookie_secure()
    response.set_cookie(
        ACCESS_COOKIE,
        issued.access_token,
        max_age=lifetime,
        path="/",
        secure=secure,
        httponly=True,
        samesite="lax",
    )
    response.set_cookie(
        REFRESH_COOKIE,
        issued.refresh_token,
        max_age=lifetime,
        path="/api/auth",
        secure=secure,
        httponly=True,
        samesite="lax",
    )
    response.set_cookie(
        CSRF_COOKIE,
        issued.csrf_token,
        max_age=lifetime,
        path="/",
        secure=secure,
        httponly=False,
        samesite="lax",
    )


def remember_device(response: Response, device_token: str) -> None:
    """The remembered-device cookie (`webox.auth.devices`): sent to the sign-in routes only."""
    response.set_cookie(
        DEVICE_COOKIE,
        device_token,
        max_age=get_auth_settings().remembered_device_days * 86400,
        path="/api/auth/login",
        secure=cookie_secure(),
        httponly=True,
        samesite="strict",
    )


def clear_session_cookies(response: Response) -> None:
    secure = cookie_secure()
    for name, path, httponly in (
        (ACCESS_COOKIE, "/", True),
        (REFRESH_COOKIE, "/api/auth", True),
        (CSRF_COOKIE, "/", False),
    ):
        response.delete_cookie(name, path=path, secure=secure, httponly=httponly, samesite="lax")
