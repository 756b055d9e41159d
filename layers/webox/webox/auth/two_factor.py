"""Two-factor authentication: enrolling an authenticator app (TOTP), checking a code or a recovery
code, turning 2FA off and replacing the recovery codes. TOTP secrets are stored KMS-encrypted."""

from __future__ import annotations

from datetime import timedelta

from webox.auth import repository, security
from webox.auth.errors import (
    InvalidCode,
    MfaAlreadyEnabled,
    MfaNotEnabled,
    MfaSetupMissing,
    ReauthenticationRequired,
    WrongPassword,
)
from webox.auth.models import User
from webox.auth.throttle import mfa_throttle, refund
from webox.db import utcnow
from webox.logging import get_logger

logger = get_logger()

# How recent a sign-in stands for the password of an account that has none.
RECENT_SIGN_IN = timedelta(minutes=10)
# The fields that turn 2FA off.
MFA_OFF: dict[str, object] = {
    "mfa_enabled": False,
    "mfa_secret": None,
    "mfa_pending_secret": None,
    "mfa_enrolled_verified": None,
    "recovery_codes": None,
}


def _totp_context(user: User) -> dict[str, str]:
    return {"purpose": "totp", "user_id": user.id}


def _decrypt_totp_secret(user: User, ciphertext: bytes) -> str:
    return repository.decrypt(ciphertext, _totp_context(user)).decode()


def second_factor_ok(user: User, code: str) -> bool:
    """Whether `code` is an unused recovery code (spent now) or a TOTP code of a step not used yet."""
    recovery = security.normalize_recovery_code(code)
    if recovery is not None:
        return repository.use_recovery_code(user.id, security.hash_recovery_code(user.id, recovery))
    if not user.mfa_secret:
        return False
    step = security.totp_step(_decrypt_totp_secret(user, user.mfa_secret), code)
    return step is not None and repository.claim_totp_step(user.id, step)


def reauthenticate(
    user: User, password: str | None, code: str | None, *, session_id: str | None = None
) -> None:
    """Prove it is the account holder again (the password, plus a 2FA code when 2FA is on) before
    what a stolen session must not do alone: deleting the account, creating an API token (it
    outlives the session), enrolling 2FA (it would lock the holder out). An account without a
    password (Google/GitHub only) proves it with a session opened in the last few minutes."""
    throttle = mfa_throttle(user.id)
    if user.password_hash is None:
        if not _signed_in_recently(user.id, session_id):
            raise ReauthenticationRequired()
    elif not (password and security.verify_password(user.password_hash, password)):
        raise WrongPassword()
    if user.mfa_enabled and not (code and second_factor_ok(user, code)):
        raise InvalidCode()
    refund(throttle)


def _signed_in_recently(user_id: str, session_id: str | None) -> bool:
    session = repository.get_session(user_id, session_id) if session_id else None
    return session is not None and utcnow() - session.created_at <= RECENT_SIGN_IN


def start_mfa_setup(
    user: User, password: str | None, *, session_id: str | None = None
) -> tuple[str, str, str]:
    """A new pending TOTP secret: (secret, otpauth URI, QR code SVG), once the holder proved it again."""
    if user.mfa_enabled:
        raise MfaAlreadyEnabled()
    reauthenticate(user, password, None, session_id=session_id)
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
    throttle = mfa_throttle(user.id)
    step = security.totp_step(_decrypt_totp_secret(user, user.mfa_pending_secret), code)
    if step is None or not repository.claim_totp_step(user.id, step):
        raise InvalidCode()
    refund(throttle)
    codes = security.new_recovery_codes()
    repository.update_user(
        user,
        mfa_enabled=True,
        mfa_secret=user.mfa_pending_secret,
        mfa_pending_secret=None,
        mfa_enrolled_verified=user.email_verified,
        recovery_codes={security.hash_recovery_code(user.id, c) for c in codes},
    )
    logger.info("2FA enabled", extra={"user_id": user.id})
    return codes


def disable_mfa(user: User, password: str, code: str) -> None:
    """Turn 2FA off; needs the password and a current code."""
    if not user.mfa_enabled:
        raise MfaNotEnabled()
    throttle = mfa_throttle(user.id)
    if not security.verify_password(user.password_hash, password):
        raise WrongPassword()
    if not second_factor_ok(user, code):
        raise InvalidCode()
    refund(throttle)
    repository.update_user(user, **MFA_OFF)
    logger.info("2FA disabled", extra={"user_id": user.id})


def enrolled_before_verification(user: User) -> bool:
    """Whether 2FA was turned on before the e-mail address was proven (enrolments older than this
    record count as proven when the address is verified now)."""
    if not user.mfa_enabled:
        return False
    if user.mfa_enrolled_verified is None:
        return not user.email_verified
    return not user.mfa_enrolled_verified


def regenerate_recovery_codes(user: User, code: str) -> list[str]:
    """Replace every recovery code (the old ones stop working)."""
    if not user.mfa_enabled:
        raise MfaNotEnabled()
    throttle = mfa_throttle(user.id)
    if not second_factor_ok(user, code):
        raise InvalidCode()
    refund(throttle)
    codes = security.new_recovery_codes()
    repository.update_user(user, recovery_codes={security.hash_recovery_code(user.id, c) for c in codes})
    return codes
