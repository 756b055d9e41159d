"""Passwords and the e-mail address: the forgotten-password link, setting a new password from it,
changing it while signed in, and confirming the address from the registration link."""

from __future__ import annotations

from webox.auth import devices, repository, security, two_factor
from webox.auth.accounts import user_by_email
from webox.auth.api_tokens import revoke_all_api_tokens
from webox.auth.config import get_auth_settings
from webox.auth.errors import InvalidToken, TooManyAttempts, WrongPassword
from webox.auth.links import redeem, send_link
from webox.auth.principals import Principal
from webox.auth.sessions import ClientInfo, IssuedSession, start_session
from webox.auth.throttle import address_throttle, forget_failures, hit, password_attempt
from webox.logging import get_logger
from webox.realtime import service as sockets

logger = get_logger()


def forgot_password(email: str, ip: str) -> None:
    """Send a reset link if the account exists; the caller cannot tell whether it does. Too many
    requests from one client address are refused (429) whatever the address asked for."""
    settings = get_auth_settings()
    address_throttle("forgot", ip, settings.forgot_ip_limit)
    try:
        hit("forgot", security.digest(email), limit=settings.forgot_limit, window_s=settings.forgot_window_s)
    except TooManyAttempts:
        return
    user = user_by_email(email)
    if user is not None and not user.disabled:
        send_link(user, "reset")


def reset_password(token: str, password: str) -> str:
    """Set a new password from a reset link (once); every session and API token ends.

    Following the link proves the mailbox, nothing more. So 2FA turned on after the address was
    verified stays (losing the mailbox must not also lose the second factor), but 2FA turned on
    while nobody had proven the address goes: it may be a squatter's who registered the address
    first. A half-done enrolment (a pending secret) always goes.

    Returns a remembered-device token for this browser, and forgets the account's sign-in
    failures: whoever was guessing cannot keep the holder out (see `webox.auth.devices`)."""
    item, user = redeem(token, "reset")
    security.check_password_policy(password, email=user.email, name=user.name)
    if not repository.consume_one_time_token(item.token_hash, "reset"):
        raise InvalidToken()
    squatted_mfa = two_factor.enrolled_before_verification(user)
    second_factor = two_factor.MFA_OFF if squatted_mfa else {"mfa_pending_secret": None}
    repository.bump_token_version(
        user, password_hash=security.hash_password(password), email_verified=True, **second_factor
    )
    count = repository.delete_sessions(user.id)
    sockets.close_for_sessions(user.id)
    tokens = revoke_all_api_tokens(user.id)
    forget_failures(user.email)
    logger.info(
        "password reset",
        extra={
            "user_id": user.id,
            "sessions_ended": count,
            "tokens_revoked": tokens,
            "mfa_removed": squatted_mfa,
        },
    )
    return devices.remember(user)


def change_password(principal: Principal, current: str, new: str, client: ClientInfo) -> IssuedSession:
    """Change the password; every session and API token ends and this device gets a fresh session."""
    user = principal.user
    attempt = password_attempt(user.email, client)
    if not security.verify_password(user.password_hash, current):
        raise WrongPassword()
    attempt.succeeded()
    security.check_password_policy(new, email=user.email, name=user.name)
    repository.bump_token_version(user, password_hash=security.hash_password(new))
    repository.delete_sessions(user.id)
    sockets.close_for_sessions(user.id)
    revoke_all_api_tokens(user.id)
    logger.info("password changed", extra={"user_id": user.id})
    return start_session(user, client, "password")


def verify_email(token: str) -> None:
    """Mark the e-mail address verified (once per link)."""
    item, user = redeem(token, "verify")
    if not repository.consume_one_time_token(item.token_hash, "verify"):
        raise InvalidToken()
    repository.update_user(user, email_verified=True)
