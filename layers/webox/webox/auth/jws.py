"""Compact JWS tokens (RFC 7515) carrying JWT claims (RFC 7519), for exactly the two algorithms WeBox
signs with: EdDSA (Ed25519) for access tokens, HS256 for link tokens.

Why not PyJWT: importing it loads all of `cryptography`'s X.509, RSA and EC code (~20 ms of every
function's cold start, since every function verifies access tokens) for two algorithms that need
none of it. A verifier accepts exactly the algorithm its caller names, never the header's choice;
`tests/auth/test_jws.py` checks these tokens against PyJWT both ways."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any, Literal

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

Algorithm = Literal["EdDSA", "HS256"]
# Access tokens are about 500 bytes; anything much longer is not one of ours.
MAX_TOKEN_CHARS = 8192
_BASE64URL = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
# An Ed25519 SubjectPublicKeyInfo (RFC 8410) is this fixed 12-byte prefix and the 32-byte key.
_ED25519_SPKI_PREFIX = bytes.fromhex("302a300506032b6570032100")


class InvalidToken(Exception):
    """Malformed, wrongly signed, or with a claim that does not hold."""


class ExpiredToken(InvalidToken):
    """Well signed, but past its `exp`."""


def _encode(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _decode(part: str) -> bytes:
    if len(part) % 4 == 1:
        raise InvalidToken("not base64url")
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError) as exc:
        raise InvalidToken("not base64url") from exc


def _json_object(part: str) -> dict[str, Any]:
    try:
        value = json.loads(_decode(part))
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidToken("not JSON") from exc
    if not isinstance(value, dict):
        raise InvalidToken("not a JSON object")
    return value


def _json(value: dict[str, Any]) -> bytes:
    return json.dumps(value, separators=(",", ":")).encode()


def _hs256(key: str, signing_input: bytes) -> bytes:
    return hmac.new(key.encode(), signing_input, hashlib.sha256).digest()


def sign(claims: dict[str, Any], key: Ed25519PrivateKey | str, *, algorithm: Algorithm, kid: str) -> str:
    """`claims` signed with `key` (an Ed25519 private key for EdDSA, the HMAC secret for HS256)."""
    header = _encode(_json({"alg": algorithm, "kid": kid, "typ": "JWT"}))
    signing_input = f"{header}.{_encode(_json(claims))}".encode("ascii")
    if algorithm == "EdDSA" and isinstance(key, Ed25519PrivateKey):
        signature = key.sign(signing_input)
    elif algorithm == "HS256" and isinstance(key, str):
        signature = _hs256(key, signing_input)
    else:
        raise TypeError(f"a {type(key).__name__} cannot sign {algorithm}")
    return f"{signing_input.decode('ascii')}.{_encode(signature)}"


def verify(
    token: str,
    key_of: Callable[[str], Ed25519PublicKey | str | None],
    *,
    algorithm: Algorithm,
    audience: str,
    issuer: str,
    required: tuple[str, ...],
    leeway_s: int = 5,
    now: float | None = None,
) -> dict[str, Any]:
    """The claims of a token signed with `algorithm` by the key `key_of` finds for its `kid`, issued by
    `issuer` for `audience`, within its `iat`/`nbf`/`exp` (± `leeway_s`), with every claim in
    `required`. Raises `ExpiredToken` past `exp`, `InvalidToken` for anything else."""
    header_part, payload_part, signature_part = _parts(token)
    head = _json_object(header_part)
    kid = head.get("kid")
    # `crit` names extensions a verifier must understand (RFC 7515 §4.1.11): this one knows none.
    if head.get("alg") != algorithm or not isinstance(kid, str) or "crit" in head:
        raise InvalidToken("unexpected header")
    key = key_of(kid)
    if key is None:
        raise InvalidToken("unknown kid")
    signing_input = f"{header_part}.{payload_part}".encode("ascii")
    signature = _decode(signature_part)
    if algorithm == "EdDSA" and isinstance(key, Ed25519PublicKey):
        try:
            key.verify(signature, signing_input)
        except InvalidSignature as exc:
            raise InvalidToken("bad signature") from exc
    elif not (
        algorithm == "HS256"
        and isinstance(key, str)
        and hmac.compare_digest(_hs256(key, signing_input), signature)
    ):
        raise InvalidToken("bad signature")
    claims = _json_object(payload_part)
    _check_claims(claims, audience=audience, issuer=issuer, required=required, leeway_s=leeway_s, now=now)
    return claims


def ed25519_public_key(pem: str) -> Ed25519PublicKey | None:
    """The Ed25519 key of a PEM `PUBLIC KEY` block, or None if it holds another kind of key. Parsed
    here (the block is a fixed prefix and the key) so that verifying loads no PEM/ASN.1 code."""
    lines = pem.strip().splitlines()
    if len(lines) < 3 or lines[0] != "-----BEGIN PUBLIC KEY-----" or lines[-1] != "-----END PUBLIC KEY-----":
        raise ValueError("not a PEM public key")
    der = base64.b64decode("".join(lines[1:-1]), validate=True)
    if len(der) != len(_ED25519_SPKI_PREFIX) + 32 or not der.startswith(_ED25519_SPKI_PREFIX):
        return None
    return Ed25519PublicKey.from_public_bytes(der[len(_ED25519_SPKI_PREFIX) :])


def _parts(token: str) -> tuple[str, str, str]:
    """The three base64url parts, each checked here: the signing input is their ASCII bytes."""
    if not isinstance(token, str) or len(token) > MAX_TOKEN_CHARS or token.count(".") != 2:
        raise InvalidToken("not a compact JWS")
    header_part, payload_part, signature_part = token.split(".")
    if not _BASE64URL.issuperset(token.replace(".", "")):
        raise InvalidToken("not base64url")
    return header_part, payload_part, signature_part


def _number(claims: dict[str, Any], name: str) -> int | float | None:
    value = claims.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidToken(f"{name} is not a number")
    return value  # compared as is: an int too large for a float still compares


def _check_claims(
    claims: dict[str, Any],
    *,
    audience: str,
    issuer: str,
    required: tuple[str, ...],
    leeway_s: int,
    now: float | None,
) -> None:
    missing = [name for name in ("exp", "iat", "iss", "aud", "jti", *required) if claims.get(name) is None]
    if missing:
        raise InvalidToken(f"missing {', '.join(missing)}")
    at = time.time() if now is None else now
    expires, issued, not_before = _number(claims, "exp"), _number(claims, "iat"), _number(claims, "nbf")
    if issued is not None and issued > at + leeway_s:
        raise InvalidToken("issued in the future")
    if not_before is not None and not_before > at + leeway_s:
        raise InvalidToken("not yet valid")
    if claims["aud"] != audience or claims["iss"] != issuer:
        raise InvalidToken("another audience or issuer")
    if expires is not None and expires <= at - leeway_s:
        raise ExpiredToken("expired")
