"""Signing in: e-mail and password, the second factor when 2FA is on, and provider identities
(Google, GitHub). Each ends in a session, or in a short-lived token for the 2FA step."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from webox.auth import repository, security, two_factor
from webox.auth.accounts import new_user, user_by_email
from webox.auth.api_tokens import revoke_all_api_tokens
from webox.auth.config import get_auth_settings
from webox.auth.errors import InvalidCode, InvalidCredentials, NotAuthenticated, OAuthFailed
from webox.auth.models import User
from webox.auth.sessions import ClientInfo, SignIn, start_session
from webox.auth.throttle import hit, mfa_throttle, password_attempt, refund
from webox.auth.two_factor import second_factor_ok
from webox.db import utcnow
from webox.errors import WeboxError
from webox.logging import get_logger
from webox.realtime import service as sockets

logger = get_logger()


@dataclass(frozen=True)
class OAuthIdentity:
    """Who a provider says signed in."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool
    name: str


def login(email: str, password: str, client: ClientInfo) -> SignIn:
    """Check e-mail and password: a session, or a 2FA step when the account has it on."""
    attempt = password_attempt(email, client)
    user = user_by_email(email)
    # Unknown accounts check a decoy hash: the answer and its timing are the same for every failure.
    valid = security.verify_password(user.password_hash if user else None, password)
    if user is None or not valid or user.disabled:
        logger.info("sign-in refused", extra={"user_id": user.id if user else None})
        raise InvalidCredentials()
    attempt.succeeded()
    if user.password_hash and security.password_needs_rehash(user.password_hash):
        repository.update_user(user, password_hash=security.hash_password(password))
    return _after_first_factor(user, client, "password")


def _after_first_factor(user: User, client: ClientInfo, method: str) -> SignIn:
    if not user.mfa_enabled:
        return SignIn(user, session=start_session(user, client, method))
    token = security.encode_jwt(
        {"sub": user.id, "tv": int(user.token_version), "method": method},
        audience=security.MFA_AUDIENCE,
        ttl_s=get_auth_settings().mfa_token_ttl_s,
    )
    return SignIn(user, mfa_token=token)


def login_second_factor(mfa_token: str, code: str, client: ClientInfo) -> SignIn:
    """Finish a sign-in with a TOTP or recovery code."""
    try:
        claims = security.decode_jwt(mfa_token, audience=security.MFA_AUDIENCE, required=("sub", "tv"))
    except WeboxError as exc:
        raise NotAuthenticated("Sign-in step expired: enter your password again") from exc
    settings = get_auth_settings()
    throttles = [
        hit("mfa-token", str(claims["jti"]), limit=settings.mfa_limit, window_s=settings.mfa_token_ttl_s),
        mfa_throttle(str(claims["sub"])),
    ]
    user = repository.get_user(str(claims["sub"]))
    if user is None or user.disabled or not user.mfa_enabled or user.token_version != claims["tv"]:
        raise NotAuthenticated("Sign-in step expired: enter your password again")
    if not second_factor_ok(user, code):
        logger.info("second factor refused", extra={"user_id": user.id})
        raise InvalidCode()
    refund(*throttles)
    expires = utcnow() + timedelta(seconds=settings.mfa_token_ttl_s)
    if repository.add_to_counter(f"mfa-done:{claims['jti']}", 1, expires) > 1:
        raise NotAuthenticated("Sign-in step already used")
    return SignIn(user, session=start_session(user, client, str(claims.get("method", "password"))))


def sign_in_with_provider(identity: OAuthIdentity, client: ClientInfo) -> SignIn:
    """Sign in with a provider identity: a linked account, else the account of the same verified
    e-mail (linked now), else a new account. An unverified e-mail is never linked nor used."""
    identity_key = f"{identity.provider}:{identity.subject}"
    user_id = repository.user_id_for(identity_key)
    if user_id is not None:
        user = repository.get_user(user_id)
    else:
        if not identity.email or not identity.email_verified:
            raise OAuthFailed(code="oauth_email_unverified")
        user = user_by_email(identity.email)
        if user is None:
            user = new_user(identity.email, identity.name, password_hash=None, email_verified=True)
            if not repository.create_user(user, [f"email:{identity.email}", identity_key]):
                raise OAuthFailed()
            logger.info("account created", extra={"user_id": user.id, "provider": identity.provider})
        else:
            if not repository.add_identity(identity_key, user.id):
                raise OAuthFailed()
            if not user.email_verified:
                _reclaim(user)
            logger.info("provider linked", extra={"user_id": user.id, "provider": identity.provider})
    if user is None or user.disabled:
        raise OAuthFailed(code="account_disabled")
    return _after_first_factor(user, client, identity.provider)


def _reclaim(user: User) -> None:
    """The provider just proved who owns this e-mail, which nobody had before: whatever an earlier
    registrant set up (password, 2FA, sessions, API tokens) is dropped, so a squatter keeps nothing."""
    repository.bump_token_version(user, email_verified=True, password_hash=None, **two_factor.MFA_OFF)
    repository.delete_sessions(user.id)
    sockets.close_for_sessions(user.id)
    revoke_all_api_tokens(user.id)
