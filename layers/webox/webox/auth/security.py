"""The auth feature's cryptography: password hashing and policy, random tokens, signed JWTs, TOTP and
recovery codes. Pure functions; the only I/O is the signing key, read through the repository."""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
import unicodedata
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING, Any

from webox.auth import jws, repository
from webox.auth.config import get_auth_settings
from webox.auth.errors import InvalidEmail, NotAuthenticated, TokenExpired, WeakPassword
from webox.config import get_settings

if TYPE_CHECKING:
    from argon2 import PasswordHasher

PASSWORD_MIN_LENGTH = 10
# ASVS 5 asks that at least 64 characters be accepted without truncation; the cap only bounds hashing work.
PASSWORD_MAX_LENGTH = 256

ACCESS_AUDIENCE = "webox:api"
MFA_AUDIENCE = "webox:mfa"
OAUTH_AUDIENCE = "webox:oauth"
JWT_ALGORITHM: jws.Algorithm = "EdDSA"
LINK_ALGORITHM: jws.Algorithm = "HS256"

TOTP_ISSUER = "WeBox"
RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: codes are read off paper.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


# --- identifiers and tokens -------------------------------------------------------------------


def random_token(nbytes: int = 32) -> str:
    """A URL-safe random secret (`nbytes` of entropy: 32 bytes is 256 bits)."""
    return secrets.token_urlsafe(nbytes)


def new_id() -> str:
    """An opaque 128-bit identifier (hex, so it never contains `_` and can sit inside API tokens)."""
    return secrets.token_hex(16)


def digest(value: str) -> str:
    """SHA-256 of a high-entropy token: what is stored instead of the token."""
    return hashlib.sha256(value.encode()).hexdigest()


def same(a: str, b: str) -> bool:
    """Constant-time string comparison."""
    return hmac.compare_digest(a.encode(), b.encode())


API_TOKEN_PREFIX = "wbx_"  # noqa: S105 - a prefix, not a secret


def api_token(token_id: str, secret: str) -> str:
    """The personal API token as shown to its owner: `wbx_<id>_<secret>`."""
    return f"{API_TOKEN_PREFIX}{token_id}_{secret}"


def parse_api_token(token: str) -> tuple[str, str] | None:
    """(id, secret) of a personal API token, or None when it does not look like one."""
    if not token.startswith(API_TOKEN_PREFIX):
        return None
    token_id, _, secret = token.removeprefix(API_TOKEN_PREFIX).partition("_")
    if not token_id or not secret or len(token_id) > 64 or not token_id.isalnum():
        return None
    return token_id, secret


def api_token_prefix(token_id: str) -> str:
    """What lists show to recognise a token (not secret)."""
    return f"{API_TOKEN_PREFIX}{token_id[:8]}"


# --- e-mail addresses ---------------------------------------------------------------------------


def normalize_email(raw: str) -> str:
    """NFKC, trimmed, syntax-checked (no DNS lookup) and lower-cased, local part included."""
    # Imported here: email_validator pulls in dnspython (~35 ms), which only sign-up and sign-in need.
    from email_validator import EmailNotValidError, validate_email

    value = unicodedata.normalize("NFKC", raw).strip()
    try:
        checked = validate_email(value, check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidEmail(str(exc)) from exc
    return checked.normalized.lower()


# --- passwords ----------------------------------------------------------------------------------


@cache
def common_passwords() -> frozenset[str]:
    """The refused common passwords (case-folded), read once from the packaged list."""
    text = resources.files("webox.auth").joinpath("common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip().casefold() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def check_password_policy(password: str, *, email: str, name: str) -> None:
    """Length 10-256, not a common password, not the account's e-mail or name (no composition rules)."""
    password = unicodedata.normalize("NFKC", password)
    if len(password) < PASSWORD_MIN_LENGTH:
        raise WeakPassword(f"Use at least {PASSWORD_MIN_LENGTH} characters", extra={"reason": "too_short"})
    if len(password) > PASSWORD_MAX_LENGTH:
        raise WeakPassword(f"Use at most {PASSWORD_MAX_LENGTH} characters", extra={"reason": "too_long"})
    folded = password.casefold()
    if folded in common_passwords():
        raise WeakPassword("This password is too common", extra={"reason": "common"})
    personal = {email.casefold(), email.split("@")[0].casefold(), name.strip().casefold()}
    if folded in personal:
        raise WeakPassword("Do not use your e-mail or name as password", extra={"reason": "personal"})


@cache
def _hasher() -> PasswordHasher:
    # argon2 and pyotp are imported where used: every API checks tokens with this module, only the
    # requests that check a password or a 2FA code need them
    from argon2 import PasswordHasher, Type

    settings = get_auth_settings()
    return PasswordHasher(
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
        type=Type.ID,
    )


@cache
def _decoy_hash() -> str:
    return _hasher().hash(random_token())


def hash_password(password: str) -> str:
    """argon2id hash of the NFKC form of a password."""
    return _hasher().hash(unicodedata.normalize("NFKC", password))


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password; without a hash (unknown account) a decoy is checked so timing reveals nothing."""
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        valid = _hasher().verify(password_hash or _decoy_hash(), unicodedata.normalize("NFKC", password))
    except (VerificationError, InvalidHashError):
        return False
    return valid and password_hash is not None


def password_needs_rehash(password_hash: str) -> bool:
    """True when the hash was made with other parameters than today's."""
    return _hasher().check_needs_rehash(password_hash)


# --- signed tokens (JWT) ---------------------------------------------------------------------------
#
# Access, 2FA, OAuth-state and remembered-device tokens are signed by the auth function alone with an
# Ed25519 key (EdDSA); every other function only holds the public keys, so none of them can mint a
# token. Links other features sign and check themselves (approval links, comment tickets) use an
# HMAC key of their own (HS256). Each verifier accepts exactly one algorithm.


def issuer() -> str:
    return get_settings().public_url.rstrip("/")


def _payload(claims: dict[str, Any], audience: str, ttl_s: int) -> dict[str, Any]:
    now = int(time.time())
    return {
        "iss": issuer(),
        "aud": audience,
        "iat": now,
        "exp": now + ttl_s,
        "jti": secrets.token_hex(12),
        **claims,
    }


def encode_jwt(claims: dict[str, Any], *, audience: str, ttl_s: int) -> str:
    """A token signed with the current private key (its `kid` in the header), valid `ttl_s` seconds."""
    key = repository.signing_key()
    return jws.sign(_payload(claims, audience, ttl_s), key.private, algorithm=JWT_ALGORITHM, kid=key.kid)


def decode_jwt(token: str, *, audience: str, required: tuple[str, ...] = ("sub",)) -> dict[str, Any]:
    """Verify signature (EdDSA only), `exp`, `aud`, `iss` and required claims; raise 401 otherwise."""
    return _decode(
        token,
        JWT_ALGORITHM,
        lambda kid: repository.public_keys().get(kid) or repository.public_keys(refresh=True).get(kid),
        audience,
        required,
    )


def encode_link(claims: dict[str, Any], *, audience: str, ttl_s: int) -> str:
    """A link's token, signed with the links' HMAC key."""
    keys = repository.link_keys()
    return jws.sign(
        _payload(claims, audience, ttl_s), keys.current_key, algorithm=LINK_ALGORITHM, kid=keys.current_kid
    )


def decode_link(token: str, *, audience: str, required: tuple[str, ...] = ("sub",)) -> dict[str, Any]:
    """Verify a link's token (HS256 only, same checks as `decode_jwt`)."""
    return _decode(
        token,
        LINK_ALGORITHM,
        lambda kid: repository.link_keys().get(kid) or repository.link_keys(refresh=True).get(kid),
        audience,
        required,
    )


def _decode(
    token: str,
    algorithm: jws.Algorithm,
    key_of: Callable[[str], Any],
    audience: str,
    required: tuple[str, ...],
) -> dict[str, Any]:
    try:
        return jws.verify(
            token, key_of, algorithm=algorithm, audience=audience, issuer=issuer(), required=required
        )
    except jws.ExpiredToken as exc:
        raise TokenExpired() from exc
    except jws.InvalidToken as exc:
        raise NotAuthenticated() from exc


# --- TOTP and recovery codes --------------------------------------------------------------------


def new_totp_secret() -> str:
    """A 160-bit base32 TOTP secret (RFC 4226's recommended length)."""
    import pyotp

    return pyotp.random_base32(32)


def totp_uri(secret: str, email: str) -> str:
    """The otpauth:// URI authenticator apps import."""
    import pyotp

    return pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=TOTP_ISSUER)


def qr_svg(uri: str) -> str:
    """An SVG QR code of `uri`, a standalone document: with its XML namespace, which a browser needs
    to show it as an image (`<img src="data:image/svg+xml,…">`), not only inline in HTML."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(
        out, kind="svg", xmldecl=False, svgns=True, nl=False, scale=5, dark="#000", light="#fff"
    )
    return out.getvalue().decode()


def totp_step(secret: str, code: str, *, now: float | None = None) -> int | None:
    """The time step (±1 around now) whose code is `code`, or None."""
    import pyotp

    if len(code) != 6 or not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int((time.time() if now is None else now) // totp.interval)
    for step in (current - 1, current, current + 1):
        if same(totp.generate_otp(step), code):
            return step
    return None


def new_recovery_codes() -> list[str]:
    """Ten single-use codes `xxxxx-xxxxx` (~50 bits each)."""
    return [
        "-".join("".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(5)) for _ in range(2))
        for _ in range(RECOVERY_CODE_COUNT)
    ]


def normalize_recovery_code(code: str) -> str | None:
    """`xxxxx-xxxxx` from what a user typed (any case, spaces, with or without the dash), or None."""
    compact = "".join(code.split()).replace("-", "").lower()
    if len(compact) != 10 or any(c not in _RECOVERY_ALPHABET for c in compact):
        return None
    return f"{compact[:5]}-{compact[5:]}"


def hash_recovery_code(user_id: str, code: str) -> str:
    """A slow, per-user salted hash (argon2id): a leaked table does not hand out second factors."""
    from argon2 import Type
    from argon2.low_level import hash_secret_raw

    settings = get_auth_settings()
    salt = hashlib.sha256(f"webox-recovery:{user_id}".encode()).digest()[:16]
    raw = hash_secret_raw(
        code.encode(),
        salt,
        time_cost=settings.argon2_time_cost,
        memory_cost=settings.argon2_memory_kib,
        parallelism=settings.argon2_parallelism,
        hash_len=32,
        type=Type.ID,
    )
    return raw.hex()
