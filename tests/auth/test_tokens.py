"""Access tokens (JWT), refresh-token rotation, CSRF double submit, logout."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Callable
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from webox.auth import key_rotation, repository

from tests.accounts import Account, csrf


def _claims(token: str) -> dict[str, Any]:
    payload = token.split(".")[1]
    return dict(json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))))


def _mint(
    claims: dict[str, Any], *, key: Any = None, algorithm: str = "EdDSA", kid: str | None = None
) -> str:
    current = repository.signing_key()
    return jwt.encode(
        claims, key or current.private, algorithm=algorithm, headers={"kid": kid or current.kid}
    )


def _hmac_with(key: bytes, claims: dict[str, Any]) -> str:
    """HS256 keyed with `key` (PyJWT refuses a PEM key: the attack is forged by hand)."""

    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    signing_input = (
        f"{part({'alg': 'HS256', 'typ': 'JWT', 'kid': repository.signing_key().kid})}.{part(claims)}"
    )
    signature = hmac.new(key, signing_input.encode(), hashlib.sha256).digest()
    return f"{signing_input}.{base64.urlsafe_b64encode(signature).rstrip(b'=').decode()}"


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture
def account(create_account: Callable[..., Account]) -> Account:
    return create_account()


class TestAccessToken:
    def test_claims(self, account: Account) -> None:
        claims = _claims(account.client.cookies["webox_access"])
        assert claims["sub"] == account.id and claims["role"] == "user" and claims["aud"] == "webox:api"
        assert {"sid", "iss", "iat", "exp", "jti"} <= set(claims)
        assert 800 <= claims["exp"] - claims["iat"] <= 900

    def test_access_token_works_as_bearer(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        token = account.client.cookies["webox_access"]
        assert new_client().get("/api/auth/me", headers=_bearer(token)).json()["id"] == account.id

    def test_expired_token_answers_token_expired(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        claims = _claims(account.client.cookies["webox_access"])
        now = int(time.time())
        expired = _mint({**claims, "iat": now - 3600, "exp": now - 2700})
        response = new_client().get("/api/auth/me", headers=_bearer(expired))
        assert response.status_code == 401 and response.json()["code"] == "token_expired"
        account.client.cookies.set("webox_access", expired, domain="127.0.0.1", path="/")
        assert account.client.get("/api/auth/me").json()["code"] == "token_expired"

    def test_forged_tokens_are_refused(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        claims = _claims(account.client.cookies["webox_access"])
        public_pem = (
            repository.signing_key()
            .private.public_key()
            .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        )
        forgeries = {
            "alg none": jwt.encode(claims, None, algorithm="none"),
            "alg none, no signature": jwt.encode(claims, None, algorithm="none").rstrip("."),
            "an HMAC keyed with the public key": _hmac_with(public_pem, claims),
            "an HMAC algorithm": _mint(claims, key="a guessed signing key of 32+ bytes!!", algorithm="HS256"),
            "another Ed25519 key": _mint(claims, key=Ed25519PrivateKey.generate()),
            "an unknown kid": _mint(claims, kid="unknown-kid"),
            "another audience": _mint({**claims, "aud": "webox:mfa"}),
            "another issuer": _mint({**claims, "iss": "https://evil.example"}),
            "no session id": _mint({k: v for k, v in claims.items() if k != "sid"}),
            "no expiry": _mint({k: v for k, v in claims.items() if k != "exp"}),
            "a tampered payload": _mint({**claims, "role": "admin"})[:-2] + "xx",
        }
        client = new_client()
        for name, forged in forgeries.items():
            response = client.get("/api/auth/me", headers=_bearer(forged))
            assert (response.status_code, response.json()["code"]) == (401, "not_authenticated"), name

    def test_a_rotation_keeps_earlier_tokens_valid_and_signs_new_ones_with_the_new_key(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        # Given a token signed before the rotation
        old_token = account.client.cookies["webox_access"]
        old_kid = jwt.get_unverified_header(old_token)["kid"]
        try:
            # When the key rotates (Secrets Manager's four steps, as the rotation function runs them)
            new_kid = key_rotation.rotate_now()
            # Then the old token still verifies, and a new sign-in's token names the new key
            assert new_kid != old_kid
            assert new_client().get("/api/auth/me", headers=_bearer(old_token)).status_code == 200
            refreshed = account.client.post("/api/auth/refresh", headers=account.csrf())
            assert refreshed.status_code == 200
            assert jwt.get_unverified_header(account.client.cookies["webox_access"])["kid"] == new_kid
            published = [key for key in repository.public_keys(refresh=True)]
            assert published[:2] == [new_kid, old_kid]
        finally:
            repository.forget_keys()  # the next test's reset brings the bootstrap keys back

    def test_generations_beyond_the_kept_ones_stop_verifying(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        old_token = account.client.cookies["webox_access"]
        try:
            for _ in range(key_rotation.KEEP_GENERATIONS):
                key_rotation.rotate_now()
            response = new_client().get("/api/auth/me", headers=_bearer(old_token))
            assert (response.status_code, response.json()["code"]) == (401, "not_authenticated")
        finally:
            repository.forget_keys()


class TestRefresh:
    def test_rotation_gives_new_tokens_and_keeps_the_session(self, account: Account) -> None:
        old_refresh = account.client.cookies["webox_refresh"]
        old_sid = _claims(account.client.cookies["webox_access"])["sid"]
        response = account.client.post("/api/auth/refresh", headers=account.csrf())
        assert response.status_code == 200 and response.json()["user"]["id"] == account.id
        assert account.client.cookies["webox_refresh"] != old_refresh
        assert _claims(account.client.cookies["webox_access"])["sid"] == old_sid

    def test_reusing_a_rotated_token_ends_the_whole_family(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        stolen = account.client.cookies["webox_refresh"]
        assert account.client.post("/api/auth/refresh", headers=account.csrf()).status_code == 200
        attacker = new_client()
        replay = attacker.post("/api/auth/refresh", json={"refresh_token": stolen})
        assert replay.status_code == 401 and replay.json()["code"] == "refresh_reused"
        # The legitimate holder's newer tokens died with the family.
        assert account.client.get("/api/auth/me").status_code == 401
        newest = account.client.post("/api/auth/refresh", headers=account.csrf())
        assert newest.status_code == 401

    def test_api_clients_refresh_with_the_token_in_the_body(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        client = new_client()
        response = client.post(
            "/api/auth/refresh", json={"refresh_token": account.client.cookies["webox_refresh"]}
        )
        assert response.status_code == 200
        pair = response.json()
        assert set(pair) == {"access_token", "refresh_token", "expires_in", "token_type"}
        assert "webox_access" not in client.cookies
        assert client.get("/api/auth/me", headers=_bearer(pair["access_token"])).json()["id"] == account.id
        again = client.post("/api/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert again.status_code == 200

    def test_unknown_refresh_token_is_refused(self, api: httpx.Client) -> None:
        response = api.post("/api/auth/refresh", json={"refresh_token": "made-up"})
        assert response.status_code == 401 and response.json()["code"] == "not_authenticated"


class TestCsrf:
    def test_cookie_request_without_the_header_is_refused(self, account: Account) -> None:
        for headers in ({}, {"X-CSRF-Token": "guess"}):
            response = account.client.post(
                "/api/auth/tokens",
                json={"name": "x", "scopes": ["chat"], "password": account.password},
                headers=headers,
            )
            assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
        refresh = account.client.post("/api/auth/refresh")
        assert refresh.status_code == 403 and refresh.json()["code"] == "csrf_failed"
        logout = account.client.post("/api/auth/logout")
        assert logout.status_code == 403
        assert account.client.get("/api/auth/me").status_code == 200  # the session is untouched

    def test_with_the_header_it_passes(self, account: Account) -> None:
        response = account.client.post(
            "/api/auth/tokens",
            json={"name": "x", "scopes": ["chat"], "password": account.password},
            headers=account.csrf(),
        )
        assert response.status_code == 201

    def test_bearer_requests_need_no_csrf_token(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        token = account.client.cookies["webox_access"]
        response = new_client().post(
            "/api/auth/tokens",
            json={"name": "x", "scopes": ["chat"], "password": account.password},
            headers=_bearer(token),
        )
        assert response.status_code == 201


class TestLogout:
    def test_logout_ends_the_session_and_clears_cookies(
        self, account: Account, new_client: Callable[[], httpx.Client]
    ) -> None:
        access, refresh = account.client.cookies["webox_access"], account.client.cookies["webox_refresh"]
        assert account.client.post("/api/auth/logout", headers=account.csrf()).status_code == 204
        assert "webox_access" not in account.client.cookies and "webox_refresh" not in account.client.cookies
        other = new_client()
        assert other.get("/api/auth/me", headers=_bearer(access)).status_code == 401
        assert other.post("/api/auth/refresh", json={"refresh_token": refresh}).status_code == 401

    def test_logout_with_an_expired_access_token_still_ends_the_session(self, account: Account) -> None:
        claims = _claims(account.client.cookies["webox_access"])
        refresh = account.client.cookies["webox_refresh"]
        expired = _mint({**claims, "exp": int(time.time()) - 60})
        account.client.cookies.set("webox_access", expired, domain="127.0.0.1", path="/")
        assert account.client.post("/api/auth/logout", headers=csrf(account.client)).status_code == 204
        replay = account.client.post("/api/auth/refresh", json={"refresh_token": refresh})
        assert replay.status_code == 401
