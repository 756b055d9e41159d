"""Accounts and security: registration, sign-in (password, 2FA, providers), sessions, passwords,
API tokens, roles, and turning a request's credentials into a `Principal`. No HTTP here.

How revocation is immediate: an access token carries its session id (`sid`); every authenticated
request reads that session item and the user (two consistent GetItems). Ending a session deletes
its item, so its access tokens stop working at once; a disabled account fails the user check.
"""

from __future__ import annotations

import html
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.cookies import CookieError, SimpleCookie
from typing import Any

from webox import mail
from webox.auth import repository, security
from webox.auth.config import ACCESS_COOKIE, get_auth_settings
from webox.auth.errors import (
    ApiTokenNotFound,
    CannotModifySelf,
    EmailTaken,
    InvalidCode,
    InvalidCredentials,
    InvalidToken,
    MfaAlreadyEnabled,
    MfaNotEnabled,
    MfaSetupMissing,
    NotAuthenticated,
    OAuthFailed,
    RefreshReused,
    SessionNotFound,
    TooManyAttempts,
    UserNotFound,
    WrongPassword,
)
from webox.auth.models import ApiToken, OneTimeToken, RefreshToken, Session, User
from webox.config import get_settings
from webox.db import InvalidCursor, decode_cursor, encode_cursor, utcnow
from webox.errors import Conflict, WeboxError
from webox.logging import get_logger

logger = get_logger()

EVERY_SCOPE = frozenset({"*"})
MAX_API_TOKENS = 50
_API_TOKEN_TOUCH = timedelta(minutes=1)


@dataclass(frozen=True)
class ClientInfo:
    """Where a request comes from, as remembered on the session it opens."""

    ip: str = ""
    user_agent: str = ""


@dataclass(frozen=True)
class IssuedSession:
    """The credentials of a new or refreshed session (set as cookies, or returned to API clients)."""

    session_id: str
    access_token: str
    refresh_token: str
    csrf_token: str
    expires_in: int


@dataclass(frozen=True)
class SignIn:
    """A sign-in step's outcome: a session, or a token to finish with a second factor."""

    user: User
    session: IssuedSession | None = None
    mfa_token: str | None = None


@dataclass(frozen=True)
class Principal:
    """Who is calling: the user and how they proved it (a session or a scoped API token)."""

    user: User
    session_id: str | None = None
    token_id: str | None = None
    scopes: frozenset[str] = field(default=EVERY_SCOPE)

    @property
    def user_id(self) -> str:
        return self.user.id

    @property
    def role(self) -> str:
        return self.user.role

    @property
    def via_session(self) -> bool:
        return self.session_id is not None

    def has_scope(self, scope: str) -> bool:
        return "*" in self.scopes or scope in self.scopes


@dataclass(frozen=True)
class OAuthIdentity:
    """Who a provider says signed in."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool
    name: str


# --- throttling ---------------------------------------------------------------------------------


def _hit(kind: str, subject: str, *, limit: int, window_s: int) -> str:
    """Count one attempt in the current fixed window; over `limit` → 429. Returns the counter key."""
    now = time.time()
    window = int(now // window_s)
    key = f"{kind}:{subject}:{window}"
    ends = (window + 1) * window_s
    count = repository.add_to_counter(key, 1, datetime.fromtimestamp(ends + window_s, UTC))
    if count > limit:
        logger.info("throttled", extra={"throttle": kind})
        raise TooManyAttempts("Too many attempts, try again later", retry_after=int(ends - now) + 1)
    return key


def _refund(*keys: str) -> None:
    """A successful attempt does not count against the limits."""
    for key in keys:
        repository.add_to_counter(key, -1, utcnow() + timedelta(days=1))


def _login_throttles(email: str, client: ClientInfo) -> list[str]:
    settings = get_auth_settings()
    window = settings.login_window_s
    return [
        _hit("login-ip", client.ip or "unknown", limit=settings.login_ip_limit, window_s=window),
        _hit("login-account", security.digest(email), limit=settings.login_account_limit, window_s=window),
    ]


def _mfa_throttle(user_id: str) -> str:
    settings = get_auth_settings()
    return _hit("mfa-user", user_id, limit=settings.mfa_limit, window_s=settings.login_window_s)


# --- accounts -----------------------------------------------------------------------------------


def _new_user(
    email: str,
    name: str,
    *,
    password_hash: str | None,
    role: str = "user",
    email_verified: bool = False,
) -> User:
    now = utcnow()
    return User(
        security.new_id(),
        email=email,
        name=name,
        name_key=name.casefold(),
        role=role,
        email_verified=email_verified,
        password_hash=password_hash,
        created_at=now,
        updated_at=now,
    )


def _user_by_email(email: str) -> User | None:
    user_id = repository.user_id_for(f"email:{email}")
    return repository.get_user(user_id) if user_id else None


def _active_user(user_id: str) -> User:
    user = repository.get_user(user_id)
    if user is None or user.disabled:
        raise NotAuthenticated()
    return user


def get_user(user_id: str) -> User:
    """One account (404 when unknown)."""
    user = repository.get_user(user_id)
    if user is None:
        raise UserNotFound()
    return user


def register(email: str, password: str, name: str, client: ClientInfo) -> tuple[User, IssuedSession]:
    """Create an account (signed in at once) and send the e-mail verification link."""
    security.check_password_policy(password, email=email, name=name)
    user = _new_user(email, name, password_hash=security.hash_password(password))
    if not repository.create_user(user, [f"email:{email}"]):
        raise EmailTaken()
    logger.info("account created", extra={"user_id": user.id})
    _send_link(user, "verify")
    return user, _start_session(user, client, "password")


def create_admin(email: str, password: str | None = None) -> tuple[User, str | None]:
    """Create an administrator, or promote an existing account; returns a generated password if any."""
    email = security.normalize_email(email)
    user = _user_by_email(email)
    if user is not None:
        if password:
            security.check_password_policy(password, email=email, name=user.name)
            repository.bump_token_version(user, role="admin", password_hash=security.hash_password(password))
            repository.delete_sessions(user.id)
        else:
            repository.update_user(user, role="admin")
        logger.info("account promoted to admin", extra={"user_id": user.id})
        return user, None
    generated = None if password else security.random_token(18)
    password = password or generated or ""
    name = email.split("@")[0]
    security.check_password_policy(password, email=email, name=name)
    user = _new_user(
        email, name, password_hash=security.hash_password(password), role="admin", email_verified=True
    )
    if not repository.create_user(user, [f"email:{email}"]):
        raise EmailTaken()
    logger.info("admin account created", extra={"user_id": user.id})
    return user, generated


# --- sign-in ------------------------------------------------------------------------------------


def login(email: str, password: str, client: ClientInfo) -> SignIn:
    """Check e-mail and password: a session, or a 2FA step when the account has it on."""
    throttles = _login_throttles(email, client)
    user = _user_by_email(email)
    # Unknown accounts check a decoy hash: the answer and its timing are the same for every failure.
    valid = security.verify_password(user.password_hash if user else None, password)
    if user is None or not valid or user.disabled:
        logger.info("sign-in refused", extra={"user_id": user.id if user else None})
        raise InvalidCredentials()
    _refund(*throttles)
    if user.password_hash and security.password_needs_rehash(user.password_hash):
        repository.update_user(user, password_hash=security.hash_password(password))
    return _after_first_factor(user, client, "password")


def _after_first_factor(user: User, client: ClientInfo, method: str) -> SignIn:
    if not user.mfa_enabled:
        return SignIn(user, session=_start_session(user, client, method))
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
        _hit("mfa-token", str(claims["jti"]), limit=settings.mfa_limit, window_s=settings.mfa_token_ttl_s),
        _mfa_throttle(str(claims["sub"])),
    ]
    user = repository.get_user(str(claims["sub"]))
    if user is None or user.disabled or not user.mfa_enabled or user.token_version != claims["tv"]:
        raise NotAuthenticated("Sign-in step expired: enter your password again")
    if not _second_factor_ok(user, code):
        logger.info("second factor refused", extra={"user_id": user.id})
        raise InvalidCode()
    _refund(*throttles)
    expires = utcnow() + timedelta(seconds=settings.mfa_token_ttl_s)
    if repository.add_to_counter(f"mfa-done:{claims['jti']}", 1, expires) > 1:
        raise NotAuthenticated("Sign-in step already used")
    return SignIn(user, session=_start_session(user, client, str(claims.get("method", "password"))))


def _second_factor_ok(user: User, code: str) -> bool:
    recovery = security.normalize_recovery_code(code)
    if recovery is not None:
        return repository.use_recovery_code(user.id, security.hash_recovery_code(user.id, recovery))
    if not user.mfa_secret:
        return False
    step = security.totp_step(_decrypt_totp_secret(user, user.mfa_secret), code)
    return step is not None and repository.claim_totp_step(user.id, step)


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
        user = _user_by_email(identity.email)
        if user is None:
            user = _new_user(identity.email, identity.name, password_hash=None, email_verified=True)
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
    repository.bump_token_version(
        user,
        email_verified=True,
        password_hash=None,
        mfa_enabled=False,
        mfa_secret=None,
        mfa_pending_secret=None,
        recovery_codes=None,
    )
    repository.delete_sessions(user.id)
    for token in repository.list_api_tokens(user.id):
        repository.delete_api_token(token.id)


# --- sessions -----------------------------------------------------------------------------------


def _start_session(user: User, client: ClientInfo, method: str) -> IssuedSession:
    now = utcnow()
    expires = now + timedelta(days=get_auth_settings().refresh_ttl_days)
    session = Session(
        user.id,
        security.new_id(),
        created_at=now,
        last_used_at=now,
        user_agent=client.user_agent[:256],
        ip=client.ip[:64],
        method=method,
        expires_at=expires,
    )
    repository.save(session)
    logger.info("session started", extra={"user_id": user.id, "method": method})
    return _issue(user, session.session_id, expires)


def _issue(user: User, session_id: str, expires: datetime) -> IssuedSession:
    refresh_token = security.random_token()
    repository.save(
        RefreshToken(
            security.digest(refresh_token),
            user_id=user.id,
            session_id=session_id,
            created_at=utcnow(),
            expires_at=expires,
        )
    )
    ttl = get_auth_settings().access_ttl_s
    access_token = security.encode_jwt(
        {"sub": user.id, "sid": session_id, "role": user.role}, audience=security.ACCESS_AUDIENCE, ttl_s=ttl
    )
    return IssuedSession(session_id, access_token, refresh_token, security.random_token(24), ttl)


def refresh(refresh_token: str) -> tuple[User, IssuedSession]:
    """Rotate a refresh token. Presenting one already rotated ends its whole session (theft)."""
    now = utcnow()
    token = repository.get_refresh_token(security.digest(refresh_token))
    if token is None or token.expires_at <= now:
        raise NotAuthenticated()
    if token.rotated_at is not None or not repository.spend_refresh_token(token.token_hash):
        repository.delete_session(token.user_id, token.session_id)
        from webox.realtime import service as sockets  # lazily: realtime imports auth

        sockets.close_for_sessions(token.user_id, {token.session_id})
        logger.warning("refresh token reused: session ended", extra={"user_id": token.user_id})
        raise RefreshReused()
    session = repository.get_session(token.user_id, token.session_id)
    if session is None or session.expires_at <= now:
        raise NotAuthenticated()
    user = _active_user(token.user_id)
    expires = now + timedelta(days=get_auth_settings().refresh_ttl_days)
    repository.touch_session(session, now=now, expires_at=expires)
    return user, _issue(user, session.session_id, expires)


def logout(principal: Principal | None, refresh_token: str | None) -> None:
    """End the caller's session, found by its access token or else its refresh token."""
    from webox.realtime import service as sockets  # lazily: realtime imports auth

    if principal is not None and principal.session_id:
        repository.delete_session(principal.user_id, principal.session_id)
        sockets.close_for_sessions(principal.user_id, {principal.session_id})
        return
    token = repository.get_refresh_token(security.digest(refresh_token)) if refresh_token else None
    if token is not None:
        repository.delete_session(token.user_id, token.session_id)
        sockets.close_for_sessions(token.user_id, {token.session_id})


def list_sessions(principal: Principal) -> list[Session]:
    """The caller's open sessions, most recently used first."""
    now = utcnow()
    sessions = [s for s in repository.list_sessions(principal.user_id) if s.expires_at > now]
    return sorted(sessions, key=lambda s: s.last_used_at, reverse=True)


def revoke_session(principal: Principal, session_id: str) -> None:
    """End one of the caller's sessions (404 for anyone else's)."""
    if not repository.delete_session(principal.user_id, session_id):
        raise SessionNotFound()
    from webox.realtime import service as sockets  # lazily: realtime imports auth

    sockets.close_for_sessions(principal.user_id, {session_id})


def revoke_all_sessions(principal: Principal) -> None:
    """End every session of the caller, this one included."""
    count = repository.delete_sessions(principal.user_id)
    from webox.realtime import service as sockets  # lazily: realtime imports auth

    sockets.close_for_sessions(principal.user_id)
    logger.info("all sessions ended", extra={"user_id": principal.user_id, "count": count})


# --- authenticating requests --------------------------------------------------------------------


def authenticate_access_token(token: str) -> Principal:
    """A principal from an access JWT whose session is still open and whose account is active."""
    claims = security.decode_jwt(token, audience=security.ACCESS_AUDIENCE, required=("sub", "sid", "role"))
    session = repository.get_session(str(claims["sub"]), str(claims["sid"]))
    if session is None or session.expires_at <= utcnow():
        raise NotAuthenticated("Session ended")
    return Principal(_active_user(session.user_id), session_id=session.session_id)


def authenticate_api_token(token: str) -> Principal:
    """A principal from a personal API token (`wbx_…`), limited to the token's scopes."""
    parsed = security.parse_api_token(token)
    item = repository.get_api_token(parsed[0]) if parsed else None
    now = utcnow()
    if (
        parsed is None
        or item is None
        or not security.same(item.secret_hash, security.digest(parsed[1]))
        or (item.expires_at is not None and item.expires_at <= now)
    ):
        raise NotAuthenticated("Invalid API token")
    user = _active_user(item.user_id)
    if item.last_used_at is None or now - item.last_used_at > _API_TOKEN_TOUCH:
        _touch_api_token(item, now)
    return Principal(user, token_id=item.id, scopes=frozenset(item.scopes))


def _touch_api_token(item: ApiToken, now: datetime) -> None:
    # Best effort: a function allowed only to read the tokens table still authenticates.
    try:
        repository.touch_api_token(item, now)
    except Exception:
        logger.warning("could not record API token use", extra={"token_id": item.id})


def authenticate_bearer(token: str) -> Principal:
    """A principal from an `Authorization: Bearer` value: an API token or an access JWT."""
    if token.startswith(security.API_TOKEN_PREFIX):
        return authenticate_api_token(token)
    return authenticate_access_token(token)


def principal_from_headers(headers: Mapping[str, str], token: str | None = None) -> Principal | None:
    """The principal of a WebSocket `$connect` (lower-case headers): Bearer header, `token` query
    value (API token or access JWT) or the access cookie; None when none is valid."""
    authorization = headers.get("authorization", "")
    scheme, _, bearer = authorization.partition(" ")
    if scheme.lower() == "bearer" and bearer.strip():
        credential = bearer.strip()
    elif token:
        credential = token
    else:
        credential = _cookie(headers.get("cookie", ""), ACCESS_COOKIE) or ""
    if not credential:
        return None
    try:
        return authenticate_bearer(credential)
    except WeboxError:
        return None


def _cookie(header: str, name: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(header)
    except CookieError:
        return None
    morsel = jar.get(name)
    return morsel.value if morsel else None


# --- passwords and e-mail verification ----------------------------------------------------------

_MAILS = {
    "verify": {
        "fr": (
            "Confirmez votre adresse e-mail",
            "Bonjour {name},\n\nConfirmez votre adresse e-mail WeBox en ouvrant ce lien :\n{link}\n\n"
            "Le lien expire dans {hours} heures. Si vous n'avez pas créé de compte, ignorez ce message.",
        ),
        "en": (
            "Confirm your e-mail address",
            "Hello {name},\n\nConfirm your WeBox e-mail address by opening this link:\n{link}\n\n"
            "The link expires in {hours} hours. If you did not create an account, ignore this message.",
        ),
    },
    "reset": {
        "fr": (
            "Réinitialisez votre mot de passe",
            "Bonjour {name},\n\nPour choisir un nouveau mot de passe WeBox, ouvrez ce lien :\n{link}\n\n"
            "Le lien sert une seule fois et expire dans {minutes} minutes. "
            "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe ne change pas.",
        ),
        "en": (
            "Reset your password",
            "Hello {name},\n\nTo choose a new WeBox password, open this link:\n{link}\n\n"
            "The link works once and expires in {minutes} minutes. "
            "If you did not ask for it, ignore this message: your password stays the same.",
        ),
    },
}
_LINK_PAGES = {"verify": "verify-email", "reset": "reset-password"}


def _send_link(user: User, purpose: str) -> None:
    settings = get_auth_settings()
    ttl = settings.verify_ttl_s if purpose == "verify" else settings.reset_ttl_s
    token = security.random_token()
    now = utcnow()
    repository.save(
        OneTimeToken(
            security.digest(token),
            purpose=purpose,
            user_id=user.id,
            token_version=int(user.token_version),
            created_at=now,
            expires_at=now + timedelta(seconds=ttl),
        )
    )
    link = f"{get_settings().public_url.rstrip('/')}/{_LINK_PAGES[purpose]}?token={token}"
    subject, template = _MAILS[purpose].get(user.language, _MAILS[purpose]["fr"])
    text = template.format(name=user.name, link=link, hours=ttl // 3600, minutes=ttl // 60)
    body = html.escape(text).replace("\n", "<br>\n")
    mail.send(user.email, subject, text, f"<!doctype html><p>{body}</p>")
    logger.info("link sent", extra={"user_id": user.id, "purpose": purpose})


def _redeem(token: str, purpose: str) -> tuple[OneTimeToken, User]:
    """Look a link's token up without spending it (the caller spends it once its input is valid)."""
    item = repository.get_one_time_token(security.digest(token))
    if item is None or item.purpose != purpose or item.expires_at <= utcnow():
        raise InvalidToken()
    user = repository.get_user(item.user_id)
    if user is None or user.disabled or user.token_version != item.token_version:
        raise InvalidToken()
    return item, user


def forgot_password(email: str) -> None:
    """Send a reset link if the account exists; the caller cannot tell whether it does."""
    settings = get_auth_settings()
    try:
        _hit("forgot", security.digest(email), limit=settings.forgot_limit, window_s=settings.forgot_window_s)
    except TooManyAttempts:
        return
    user = _user_by_email(email)
    if user is not None and not user.disabled:
        _send_link(user, "reset")


def reset_password(token: str, password: str) -> None:
    """Set a new password from a reset link (once); every session ends. 2FA stays as it was."""
    item, user = _redeem(token, "reset")
    security.check_password_policy(password, email=user.email, name=user.name)
    if not repository.consume_one_time_token(item.token_hash, "reset"):
        raise InvalidToken()
    # Following the link proved the mailbox is the user's.
    repository.bump_token_version(user, password_hash=security.hash_password(password), email_verified=True)
    count = repository.delete_sessions(user.id)
    from webox.realtime import service as sockets  # lazily: realtime imports auth

    sockets.close_for_sessions(user.id)
    logger.info("password reset", extra={"user_id": user.id, "sessions_ended": count})


def change_password(principal: Principal, current: str, new: str, client: ClientInfo) -> IssuedSession:
    """Change the password; every session ends and this device gets a fresh one."""
    user = principal.user
    throttles = _login_throttles(user.email, client)
    if not security.verify_password(user.password_hash, current):
        raise WrongPassword()
    _refund(*throttles)
    security.check_password_policy(new, email=user.email, name=user.name)
    repository.bump_token_version(user, password_hash=security.hash_password(new))
    repository.delete_sessions(user.id)
    from webox.realtime import service as sockets  # lazily: realtime imports auth

    sockets.close_for_sessions(user.id)
    logger.info("password changed", extra={"user_id": user.id})
    return _start_session(user, client, "password")


def verify_email(token: str) -> None:
    """Mark the e-mail address verified (once per link)."""
    item, user = _redeem(token, "verify")
    if not repository.consume_one_time_token(item.token_hash, "verify"):
        raise InvalidToken()
    repository.update_user(user, email_verified=True)


# --- two-factor authentication ------------------------------------------------------------------


def _totp_context(user: User) -> dict[str, str]:
    return {"purpose": "totp", "user_id": user.id}


def _decrypt_totp_secret(user: User, ciphertext: bytes) -> str:
    return repository.decrypt(ciphertext, _totp_context(user)).decode()


def start_mfa_setup(user: User) -> tuple[str, str, str]:
    """A new pending TOTP secret: (secret, otpauth URI, QR code SVG)."""
    if user.mfa_enabled:
        raise MfaAlreadyEnabled()
    secret = security.new_totp_secret()
    repository.update_user(
        user,
        mfa_pending_secret=repository.encrypt(secret.encode(), _totp_context(user)),
        mfa_last_step=None,
    )
    uri = security.totp_uri(secret, user.email)
    return secret, uri, security.qr_svg(uri)


def enable_mfa(user: User, code: str) -> list[str]:
    """Turn 2FA on once a code of the pending secret checks; returns the recovery codes (shown once)."""
    if user.mfa_enabled:
        raise MfaAlreadyEnabled()
    if not user.mfa_pending_secret:
        raise MfaSetupMissing()
    throttle = _mfa_throttle(user.id)
    step = security.totp_step(_decrypt_totp_secret(user, user.mfa_pending_secret), code)
    if step is None or not repository.claim_totp_step(user.id, step):
        raise InvalidCode()
    _refund(throttle)
    codes = security.new_recovery_codes()
    repository.update_user(
        user,
        mfa_enabled=True,
        mfa_secret=user.mfa_pending_secret,
        mfa_pending_secret=None,
        recovery_codes={security.hash_recovery_code(user.id, c) for c in codes},
    )
    logger.info("2FA enabled", extra={"user_id": user.id})
    return codes


def disable_mfa(user: User, password: str, code: str) -> None:
    """Turn 2FA off; needs the password and a current code."""
    if not user.mfa_enabled:
        raise MfaNotEnabled()
    throttle = _mfa_throttle(user.id)
    if not security.verify_password(user.password_hash, password):
        raise WrongPassword()
    if not _second_factor_ok(user, code):
        raise InvalidCode()
    _refund(throttle)
    repository.update_user(
        user, mfa_enabled=False, mfa_secret=None, mfa_pending_secret=None, recovery_codes=None
    )
    logger.info("2FA disabled", extra={"user_id": user.id})


def regenerate_recovery_codes(user: User, code: str) -> list[str]:
    """Replace every recovery code (the old ones stop working)."""
    if not user.mfa_enabled:
        raise MfaNotEnabled()
    throttle = _mfa_throttle(user.id)
    if not _second_factor_ok(user, code):
        raise InvalidCode()
    _refund(throttle)
    codes = security.new_recovery_codes()
    repository.update_user(user, recovery_codes={security.hash_recovery_code(user.id, c) for c in codes})
    return codes


# --- personal API tokens ------------------------------------------------------------------------


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
    from webox.realtime import service as sockets  # lazily: realtime imports auth

    sockets.close_for_token(user.id, token_id)
    logger.info("API token revoked", extra={"user_id": user.id, "token_id": token_id})


# --- administration -----------------------------------------------------------------------------


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
    if user.id == actor.id and (role == "user" or disabled):
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
        from webox.realtime import service as sockets  # lazily: realtime imports auth

        sockets.close_for_user(user.id)
    else:
        repository.update_user(user, **changes)
    logger.info(
        "account changed by admin",
        extra={"user_id": user.id, "actor_id": actor.id, "fields": sorted(changes)},
    )
    return user


# --- account deletion -----------------------------------------------------------------------------


def reauthenticate(user: User, password: str, code: str | None) -> None:
    """Prove it is the account holder again: the password, plus a 2FA code when 2FA is on."""
    throttle = _mfa_throttle(user.id)
    if not security.verify_password(user.password_hash, password):
        raise WrongPassword()
    if user.mfa_enabled and not (code and _second_factor_ok(user, code)):
        raise InvalidCode()
    _refund(throttle)


def update_profile(user: User, *, name: str | None = None, language: str | None = None) -> User:
    """Change the display name and/or the language of an account."""
    fields: dict[str, str] = {}
    if name is not None:
        fields.update(name=name, name_key=name.casefold())
    if language is not None:
        fields["language"] = language
    if fields:
        repository.update_user(user, **fields)
    return user


def delete_account(user: User) -> None:
    """Delete an account: its sessions, API tokens, identities (e-mail and every linked provider)
    and the user item itself."""
    repository.delete_sessions(user.id)
    for token in repository.list_api_tokens(user.id):
        repository.delete_api_token(token.id)
    for key in {f"email:{user.email}", *repository.identity_keys(user.id)}:
        repository.delete_identity(key, user.id)
    repository.delete_user(user.id)
    logger.info("account deleted", extra={"user_id": user.id})
