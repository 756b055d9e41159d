"""Sign-in with Google (OpenID Connect) and GitHub (OAuth 2) through authlib's Starlette client.

State, PKCE verifier (S256) and OIDC nonce are not kept in a server session: they travel in a
signed (HS256, own audience), ten-minute, httpOnly cookie scoped to `/api/auth/oauth`, which the
callback checks against the `state` the provider sends back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlsplit

from starlette.concurrency import run_in_threadpool
from starlette.responses import RedirectResponse

from webox.auth import security
from webox.auth.config import OAUTH_COOKIE, get_auth_settings
from webox.auth.dependencies import cookie_secure, set_session_cookies
from webox.auth.errors import InvalidEmail, OAuthFailed, ProviderNotConfigured
from webox.auth.sessions import ClientInfo, SignIn
from webox.auth.sign_in import OAuthIdentity, sign_in_with_provider
from webox.config import get_settings
from webox.errors import WeboxError
from webox.logging import get_logger

if TYPE_CHECKING:
    from authlib.integrations.starlette_client import StarletteOAuth2App

logger = get_logger()

PROVIDERS = ("google", "github")
STATE_TTL_S = 600


@dataclass(frozen=True)
class OAuthResult:
    """Where to send the browser after a callback, and the sign-in when it succeeded."""

    next_path: str
    sign_in: SignIn | None = None
    error: str | None = None


@lru_cache(maxsize=8)
def _registered(provider: str, client_id: str, client_secret: str, *urls: str) -> StarletteOAuth2App:
    # Cached per configuration so the discovery document and JWKS are fetched once per cold start.
    # authlib is imported here: only a sign-in with a provider pays its import time.
    from authlib.integrations.starlette_client import OAuth

    registry = OAuth()
    if provider == "google":
        (metadata_url,) = urls
        registry.register(
            "google",
            client_id=client_id,
            client_secret=client_secret,
            server_metadata_url=metadata_url,
            client_kwargs={"scope": "openid email profile", "code_challenge_method": "S256"},
        )
    else:
        authorize_url, token_url, api_url = urls
        registry.register(
            "github",
            client_id=client_id,
            client_secret=client_secret,
            authorize_url=authorize_url,
            access_token_url=token_url,
            api_base_url=api_url,
            client_kwargs={"scope": "read:user user:email", "code_challenge_method": "S256"},
        )
    client: StarletteOAuth2App = registry.create_client(provider)
    return client


def _client(provider: str) -> StarletteOAuth2App:
    settings = get_auth_settings()
    if provider == "google" and settings.google_client_id:
        return _registered(
            "google", settings.google_client_id, settings.google_client_secret, settings.google_metadata_url
        )
    if provider == "github" and settings.github_client_id:
        return _registered(
            "github",
            settings.github_client_id,
            settings.github_client_secret,
            settings.github_authorize_url,
            settings.github_token_url,
            settings.github_api_url,
        )
    raise ProviderNotConfigured()


def configured_providers() -> list[str]:
    """Providers with a client configured (the SPA shows only their buttons)."""
    settings = get_auth_settings()
    return [p for p in PROVIDERS if getattr(settings, f"{p}_client_id")]


def safe_next(value: str | None) -> str:
    """`value` if it is a path on this site, else `/` (no open redirect)."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/"
    parts = urlsplit(value)
    if parts.scheme or parts.netloc or any(ord(c) < 32 for c in value):
        return "/"
    return value


def _redirect_uri(provider: str) -> str:
    return f"{get_settings().public_url.rstrip('/')}/api/auth/oauth/{provider}/callback"


async def start(provider: str, next_path: str | None) -> tuple[str, str]:
    """The provider's authorization URL and the signed state cookie to set."""
    client = _client(provider)
    redirect_uri = _redirect_uri(provider)
    request = await client.create_authorization_url(redirect_uri)
    state = {
        "sub": provider,
        "state": request["state"],
        "verifier": request["code_verifier"],
        "nonce": request.get("nonce") or "",
        "next": safe_next(next_path),
    }
    cookie = await run_in_threadpool(
        security.encode_jwt, state, audience=security.OAUTH_AUDIENCE, ttl_s=STATE_TTL_S
    )
    return str(request["url"]), cookie


async def complete(
    provider: str, params: Mapping[str, str], state_cookie: str | None, client_info: ClientInfo
) -> OAuthResult:
    """Check the callback against the state cookie, redeem the code, and sign the user in."""
    state = await _state(provider, params, state_cookie)
    if state is None:
        return OAuthResult("/", error="oauth_failed")
    next_path = str(state["next"])
    if params.get("error"):
        return OAuthResult(next_path, error="oauth_denied")
    try:
        identity = await _identity(provider, params.get("code", ""), state)
        sign_in = await run_in_threadpool(sign_in_with_provider, identity, client_info)
    except WeboxError as exc:
        return OAuthResult(next_path, error=exc.code)
    return OAuthResult(next_path, sign_in=sign_in)


async def _state(provider: str, params: Mapping[str, str], cookie: str | None) -> dict[str, Any] | None:
    if not cookie:
        return None
    try:
        state = await run_in_threadpool(
            security.decode_jwt,
            cookie,
            audience=security.OAUTH_AUDIENCE,
            required=("sub", "state", "verifier", "nonce", "next"),
        )
    except WeboxError:
        return None
    if state["sub"] != provider or not security.same(str(state["state"]), params.get("state", "")):
        return None
    return state


async def _identity(provider: str, code: str, state: Mapping[str, Any]) -> OAuthIdentity:
    client = _client(provider)
    try:
        token = await client.fetch_access_token(
            redirect_uri=_redirect_uri(provider), code=code, code_verifier=state["verifier"]
        )
        if provider == "google":
            return await _google_identity(client, token, str(state["nonce"]))
        return await _github_identity(client, token)
    except WeboxError:
        raise
    except Exception as exc:
        # Whatever the provider or the network did (authlib raises httpx or httpx2 errors, joserfc
        # errors, OAuthError...), the browser goes back to the sign-in page with `oauth_failed`.
        logger.warning(
            "provider sign-in failed", extra={"provider": provider, "error_type": type(exc).__name__}
        )
        raise OAuthFailed() from exc


async def _google_identity(client: StarletteOAuth2App, token: dict[str, Any], nonce: str) -> OAuthIdentity:
    claims = await client.parse_id_token(token, nonce=nonce)
    if not claims:
        raise OAuthFailed()
    email = _email(claims.get("email"))
    return OAuthIdentity(
        provider="google",
        subject=str(claims["sub"]),
        email=email,
        email_verified=email is not None and claims.get("email_verified") is True,
        name=_name(claims.get("name"), email),
    )


async def _github_identity(client: StarletteOAuth2App, token: dict[str, Any]) -> OAuthIdentity:
    profile_response = await client.get("user", token=token)
    profile_response.raise_for_status()
    emails_response = await client.get("user/emails", token=token)
    emails_response.raise_for_status()
    profile, emails = profile_response.json(), emails_response.json()
    primary = next(
        (e for e in emails if isinstance(e, dict) and e.get("primary") and e.get("verified") is True), None
    )
    email = _email(primary.get("email")) if primary else None
    return OAuthIdentity(
        provider="github",
        subject=str(profile["id"]),
        email=email,
        email_verified=email is not None,
        name=_name(profile.get("name") or profile.get("login"), email),
    )


def _email(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return security.normalize_email(value)
    except InvalidEmail:
        return None


def _name(value: Any, email: str | None) -> str:
    name = " ".join(str(value or "").split())[:100]
    return name or (email.split("@")[0] if email else "WeBox user")


def start_redirect(url: str, state_cookie: str) -> RedirectResponse:
    """302 to the provider, with the signed state cookie for the callback."""
    response = RedirectResponse(url, status_code=302)
    response.set_cookie(
        OAUTH_COOKIE,
        state_cookie,
        max_age=STATE_TTL_S,
        path="/api/auth/oauth",
        secure=cookie_secure(),
        httponly=True,
        samesite="lax",
    )
    return response


def callback_redirect(result: OAuthResult) -> RedirectResponse:
    """302 back to the SPA: to `next` signed in, to `/login#mfa_token=…` for 2FA, or `/login?error=`."""
    base = get_settings().public_url.rstrip("/")
    next_query = quote(result.next_path, safe="/")
    sign_in = result.sign_in
    if sign_in is None:
        target = f"{base}/login?error={quote(result.error or 'oauth_failed')}&next={next_query}"
    elif sign_in.session is None:
        # In the fragment, the 2FA step token never reaches a server log or a Referer header.
        target = f"{base}/login?next={next_query}#mfa_token={sign_in.mfa_token}"
    else:
        target = f"{base}{result.next_path}"
    response = RedirectResponse(target, status_code=302)
    response.delete_cookie(
        OAUTH_COOKIE, path="/api/auth/oauth", secure=cookie_secure(), httponly=True, samesite="lax"
    )
    if sign_in is not None and sign_in.session is not None:
        set_session_cookies(response, sign_in.session)
    return response
