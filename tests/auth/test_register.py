"""Registration: password policy, unique normalised e-mails, the verification link."""

from __future__ import annotations

import re
from collections.abc import Callable

import httpx

from tests.accounts import PASSWORD, Account


def _register(
    client: httpx.Client, email: str, password: str = PASSWORD, name: str = "Ada"
) -> httpx.Response:
    return client.post("/api/auth/register", json={"email": email, "password": password, "name": name})


WEAK = [
    ("short1234", "too_short"),
    ("x" * 257, "too_long"),
    ("motdepasse", "common"),
    ("AZERTYUIOP", "common"),
    ("Password123", "common"),
    ("soleil2024", "common"),
    ("ada@example.com", "personal"),
    ("Ada Lovelace", "personal"),
]


class TestPasswordPolicy:
    def test_weak_passwords_are_refused(self, api: httpx.Client) -> None:
        for password, reason in WEAK:
            body = {"email": "ada@example.com", "password": password, "name": "Ada Lovelace"}
            response = api.post("/api/auth/register", json=body)
            assert response.status_code == 422, password
            problem = response.json()
            assert (problem["code"], problem["reason"]) == ("weak_password", reason), password
            assert password not in response.text
        assert api.get("/api/auth/me").status_code == 401  # nothing was created

    def test_long_passphrases_and_any_characters_are_accepted(self, api: httpx.Client) -> None:
        passphrase = "Ünïcode ✓ passphrase " * 12  # 252 characters, no composition rule
        assert _register(api, "ada@example.com", passphrase).status_code == 201
        assert (
            api.post("/api/auth/login", json={"email": "ada@example.com", "password": passphrase}).status_code
            == 200
        )
        truncated = passphrase[:72]
        assert (
            api.post("/api/auth/login", json={"email": "ada@example.com", "password": truncated}).status_code
            == 401
        )


class TestUniqueEmail:
    def test_same_address_twice_is_a_conflict(self, api: httpx.Client) -> None:
        assert _register(api, "ada@example.com").status_code == 201
        response = _register(api, "ada@example.com")
        assert response.status_code == 409 and response.json()["code"] == "email_taken"

    def test_addresses_are_normalised_before_comparison(self, api: httpx.Client) -> None:
        created = _register(api, "  Ada.Lovelace@EXAMPLE.com ")
        assert created.status_code == 201 and created.json()["user"]["email"] == "ada.lovelace@example.com"
        # Full-width characters fold to ASCII under NFKC.
        duplicate = _register(api, "\uff21\uff24\uff21.lovelace@example.com")
        assert duplicate.status_code == 409

    def test_malformed_address_is_refused(self, api: httpx.Client) -> None:
        response = _register(api, "not-an-address")
        assert response.status_code == 422 and response.json()["errors"][0]["loc"][-1] == "email"


class TestRegistrationSignsInAndVerifies:
    def test_new_account_is_signed_in_as_a_user(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        me = account.client.get("/api/auth/me").json()
        assert me["email"] == account.email and me["role"] == "user"
        assert me["email_verified"] is False and me["mfa_enabled"] is False and me["language"] == "fr"

    def test_verification_link_verifies_once(
        self, create_account: Callable[..., Account], outbox: Callable[[], list[dict[str, str]]]
    ) -> None:
        account = create_account()
        [message] = outbox()
        assert message["to"] == account.email
        match = re.search(r"/verify-email#token=([\w-]+)", message["text"])
        assert match
        token = match.group(1)
        assert account.client.post("/api/auth/email/verify", json={"token": token}).status_code == 204
        assert account.client.get("/api/auth/me").json()["email_verified"] is True
        again = account.client.post("/api/auth/email/verify", json={"token": token})
        assert again.status_code == 400 and again.json()["code"] == "invalid_token"

    def test_the_link_can_be_sent_again_a_few_times_then_not_once_verified(
        self, create_account: Callable[..., Account], outbox: Callable[[], list[dict[str, str]]]
    ) -> None:
        account = create_account()
        assert account.client.post("/api/auth/email/verification", headers=account.csrf()).status_code == 204
        first, message = outbox()
        assert first["to"] == account.email
        match = re.search(r"/verify-email#token=([\w-]+)", message["text"])
        assert message["to"] == account.email and match
        for _ in range(2):
            assert (
                account.client.post("/api/auth/email/verification", headers=account.csrf()).status_code == 204
            )
        throttled = account.client.post("/api/auth/email/verification", headers=account.csrf())
        assert throttled.status_code == 429 and throttled.json()["code"] == "too_many_attempts"
        assert (
            account.client.post("/api/auth/email/verify", json={"token": match.group(1)}).status_code == 204
        )
        done = account.client.post("/api/auth/email/verification", headers=account.csrf())
        assert done.status_code == 409 and done.json()["code"] == "email_already_verified"
