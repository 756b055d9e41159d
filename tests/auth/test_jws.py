"""`webox.auth.jws` against PyJWT, the reference it replaces on the verifying path: tokens each signs
verify with the other, and what PyJWT refuses, `jws` refuses too. No AWS: pure functions."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.rsa import generate_private_key
from webox.auth import jws

NOW = 1_800_000_000
ISSUER = "https://webox.example"
AUDIENCE = "webox:api"
PRIVATE = Ed25519PrivateKey.generate()
PUBLIC = PRIVATE.public_key()
SECRET = "a link-signing secret of enough length"


def _claims(**changes: Any) -> dict[str, Any]:
    claims = {"iss": ISSUER, "aud": AUDIENCE, "iat": NOW, "exp": NOW + 900, "jti": "j1", "sub": "u1"}
    return {k: v for k, v in {**claims, **changes}.items() if v is not None}


def _verify(token: str, *, algorithm: jws.Algorithm = "EdDSA", now: float = NOW) -> dict[str, Any]:
    keys: dict[str, Any] = {"k1": PUBLIC if algorithm == "EdDSA" else SECRET}
    return jws.verify(
        token, keys.get, algorithm=algorithm, audience=AUDIENCE, issuer=ISSUER, required=("sub",), now=now
    )


def _pyjwt(claims: dict[str, Any], key: Any = PRIVATE, algorithm: str = "EdDSA", **header: Any) -> str:
    return jwt.encode(claims, key, algorithm=algorithm, headers={"kid": "k1", **header})


def _part(value: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()


# Names, not tokens, are the test ids: each process makes its own keys.
FORGERIES: dict[str, str] = dict(
    [
        ("alg none", _pyjwt(_claims(), None, "none")),
        ("HS256 where EdDSA is expected", _pyjwt(_claims(), SECRET, "HS256")),
        ("another Ed25519 key", _pyjwt(_claims(), Ed25519PrivateKey.generate())),
        ("an unknown kid", jwt.encode(_claims(), PRIVATE, algorithm="EdDSA", headers={"kid": "k2"})),
        ("no kid", jwt.encode(_claims(), PRIVATE, algorithm="EdDSA")),
        ("a critical extension", _pyjwt(_claims(), crit=["b64"], b64=False)),
        ("another audience", _pyjwt(_claims(aud="webox:mfa"))),
        ("an audience list", _pyjwt(_claims(aud=[AUDIENCE]))),
        ("another issuer", _pyjwt(_claims(iss="https://evil.example"))),
        ("no jti", _pyjwt(_claims(jti=None))),
        ("no sub", _pyjwt(_claims(sub=None))),
        ("no exp", _pyjwt(_claims(exp=None))),
        ("exp as text", _pyjwt(_claims(exp=str(NOW + 900)))),
        ("exp as a boolean", _pyjwt(_claims(exp=True))),
        ("issued in the future", _pyjwt(_claims(iat=NOW + 60))),
        ("not yet valid", _pyjwt(_claims(nbf=NOW + 60))),
        ("a tampered payload", _pyjwt(_claims())[:-2] + "xx"),
        ("a signature cut short", _pyjwt(_claims())[:-8]),
        (
            "a payload that is not ASCII",
            _pyjwt(_claims()).split(".")[0] + ".é." + _pyjwt(_claims()).split(".")[2],
        ),
        ("no signature", _pyjwt(_claims()).rsplit(".", 1)[0] + "."),
        (
            "a swapped payload",
            ".".join(
                [
                    _pyjwt(_claims()).split(".")[0],
                    _part(_claims(sub="u2")),
                    _pyjwt(_claims()).split(".")[2],
                ]
            ),
        ),
        ("a payload that is a list", _pyjwt(_claims()).split(".")[0] + "." + _part([1]) + ".AAAA"),
        ("a header that is not JSON", "bm90IGpzb24." + _pyjwt(_claims()).split(".", 1)[1]),
        ("padding", _pyjwt(_claims()) + "=="),
        ("standard base64", _pyjwt(_claims()).replace("-", "+").replace("_", "/") + "+/"),
        ("four parts", _pyjwt(_claims()) + ".AAAA"),
        ("two parts", _pyjwt(_claims()).rsplit(".", 1)[0]),
        ("empty", ""),
        ("too long", _pyjwt(_claims(pad="x" * jws.MAX_TOKEN_CHARS))),
    ]
)


class TestAgainstPyJWT:
    @pytest.mark.parametrize(
        ("algorithm", "signing", "verifying"), [("EdDSA", PRIVATE, PUBLIC), ("HS256", SECRET, SECRET)]
    )
    def test_each_verifies_what_the_other_signs(
        self, algorithm: jws.Algorithm, signing: Any, verifying: Any
    ) -> None:
        claims = _claims(role="user", sid="s1")
        ours = jws.sign(claims, signing, algorithm=algorithm, kid="k1")
        assert jwt.get_unverified_header(ours) == {"alg": algorithm, "kid": "k1", "typ": "JWT"}
        options: Any = {"verify_exp": False, "verify_iat": False}
        decoded = jwt.decode(
            ours, verifying, algorithms=[algorithm], audience=AUDIENCE, issuer=ISSUER, options=options
        )
        assert decoded == claims
        assert _verify(_pyjwt(claims, signing, algorithm), algorithm=algorithm) == claims

    def test_the_public_key_is_read_from_its_pem_as_the_cryptography_library_reads_it(self) -> None:
        pem = PUBLIC.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        parsed = jws.ed25519_public_key(pem.decode())
        assert parsed is not None and parsed.public_bytes_raw() == PUBLIC.public_bytes_raw()
        rsa_pem = (
            generate_private_key(public_exponent=65537, key_size=2048)
            .public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        )
        assert jws.ed25519_public_key(rsa_pem.decode()) is None
        with pytest.raises(ValueError):
            jws.ed25519_public_key("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----")


class TestRefused:
    def test_an_expired_token_is_told_apart(self) -> None:
        token = jws.sign(_claims(), PRIVATE, algorithm="EdDSA", kid="k1")
        assert _verify(token, now=NOW + 900 + 4)["sub"] == "u1"  # within the 5 s leeway
        with pytest.raises(jws.ExpiredToken):
            _verify(token, now=NOW + 900 + 5)

    @pytest.mark.parametrize("name", sorted(FORGERIES))
    def test_what_pyjwt_refuses_is_refused(self, name: str) -> None:
        token = FORGERIES[name]
        with pytest.raises(jws.InvalidToken) as refused:
            _verify(token)
        assert not isinstance(refused.value, jws.ExpiredToken), name
        if name not in {"an audience list", "a critical extension", "too long"}:  # PyJWT accepts these
            with pytest.raises(jwt.InvalidTokenError):
                jwt.decode(
                    token,
                    PUBLIC,
                    algorithms=["EdDSA"],
                    audience=AUDIENCE,
                    issuer=ISSUER,
                    options={"require": ["exp", "iat", "iss", "aud", "jti", "sub"]},
                    leeway=5,
                )

    def test_an_expiry_too_large_for_a_float_is_still_compared(self) -> None:
        token = jws.sign(_claims(exp=10**400), PRIVATE, algorithm="EdDSA", kid="k1")
        assert _verify(token)["exp"] == 10**400

    def test_a_signing_key_of_the_wrong_kind_is_a_programming_error(self) -> None:
        with pytest.raises(TypeError):
            jws.sign(_claims(), SECRET, algorithm="EdDSA", kid="k1")
        with pytest.raises(TypeError):
            jws.sign(_claims(), PRIVATE, algorithm="HS256", kid="k1")

    def test_an_hs256_token_checked_with_an_ed25519_key_is_refused(self) -> None:
        token = jws.sign(_claims(), SECRET, algorithm="HS256", kid="k1")
        with pytest.raises(jws.InvalidToken):
            jws.verify(
                token,
                {"k1": PUBLIC}.get,
                algorithm="HS256",
                audience=AUDIENCE,
                issuer=ISSUER,
                required=(),
                now=NOW,
            )

    def test_the_clock_is_the_wall_clock_by_default(self) -> None:
        now = int(time.time())
        token = jws.sign(_claims(iat=now, exp=now + 60), PRIVATE, algorithm="EdDSA", kid="k1")
        assert (
            jws.verify(
                token, {"k1": PUBLIC}.get, algorithm="EdDSA", audience=AUDIENCE, issuer=ISSUER, required=()
            )["sub"]
            == "u1"
        )
