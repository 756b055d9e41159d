"""Phone numbers: an admin assigns the platform's numbers; a user connects their own Twilio account
(verified through the SDK against the fake Twilio, stored encrypted, shown masked), attaches its
numbers to personas, receives calls signed with that account's token, and disconnects it."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from twilio.request_validator import RequestValidator
from webox import manifest
from webox.testing.twilio import (
    CUSTOMER_ACCOUNT_SID,
    CUSTOMER_API_KEY_SECRET,
    CUSTOMER_API_KEY_SID,
    CUSTOMER_AUTH_TOKEN,
)
from webox.voice import telephony
from webox.voice.config import LOCAL_ACCOUNT_SID, LOCAL_AUTH_TOKEN
from webox.voice.models import VoiceAccount

from tests.accounts import PASSWORD, Account, verified
from tests.voice.conftest import NUMBER, Phone, answer, assign, create_persona
from tests.waiting import wait_for

OWN_NUMBER = "+33900000101"


def _fake(aws: Any) -> Any:
    return aws.components["fakes"]["twilio"].server.config.app.state.twilio


def _connect(account: Account, **credentials: str) -> httpx.Response:
    body = {"account_sid": CUSTOMER_ACCOUNT_SID, **credentials}
    return account.client.put("/api/voice/account", json=body, headers=account.csrf())


class TestAdminAssignment:
    def test_an_assigned_number_is_the_users_and_no_one_elses(
        self, admin: Account, create_account: Callable[..., Account]
    ) -> None:
        listed = admin.client.get("/api/voice/admin/numbers").json()["items"]
        assert NUMBER in [n["phone_number"] for n in listed]
        user, other = create_account(), create_account()
        persona = create_persona(user)

        assigned = assign(admin, NUMBER, user.email)

        assert assigned.status_code == 200 and assigned.json()["assigned_to"]["email"] == user.email
        row = next(
            n
            for n in admin.client.get("/api/voice/admin/numbers").json()["items"]
            if n["phone_number"] == NUMBER
        )
        assert row["assigned_to"]["user_id"] == user.id
        available = user.client.get("/api/voice/numbers/available").json()["items"]
        assert [(n["phone_number"], n["source"]) for n in available] == [(NUMBER, "platform")]
        assert answer(user, NUMBER, persona["id"]).status_code == 201
        assert user.client.get("/api/voice/numbers").json()["items"][0]["persona_id"] == persona["id"]
        # Another user sees nothing of it and cannot answer it.
        assert other.client.get("/api/voice/numbers/available").json()["items"] == []
        refused = answer(other, NUMBER, create_persona(other)["id"])
        assert refused.status_code == 404 and refused.json()["code"] == "voice.number_not_found"
        taken = assign(admin, NUMBER, other.email)
        assert taken.status_code == 409 and taken.json()["code"] == "voice.number_taken"

    def test_unassigning_takes_the_number_back(
        self, admin: Account, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        assert assign(admin, NUMBER, user.email).status_code == 200
        gone = admin.client.delete(f"/api/voice/admin/numbers/{NUMBER}/assignment", headers=admin.csrf())
        assert gone.status_code == 204
        assert user.client.get("/api/voice/numbers").json()["items"] == []
        assert assign(admin, NUMBER, create_account().email).status_code == 200

    def test_only_admins_assign_and_unknown_users_are_named(
        self, admin: Account, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        assert user.client.get("/api/voice/admin/numbers").status_code == 403
        assert assign(user, NUMBER, user.email).status_code == 403
        missing = assign(admin, NUMBER, "nobody@example.com")
        assert missing.status_code == 404 and missing.json()["code"] == "voice.user_not_found"
        assert assign(admin, "+33999999999", user.email).json()["code"] == "voice.number_not_found"


class TestOwnAccount:
    def test_wrong_credentials_are_refused_with_a_clear_code(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        refused = _connect(user, auth_token="not-the-right-token")
        assert refused.status_code == 422 and refused.json()["code"] == "voice.invalid_credentials"
        assert refused.headers["content-type"] == "application/problem+json"
        incomplete = _connect(user, api_key_sid=CUSTOMER_API_KEY_SID)
        assert incomplete.status_code == 422
        assert user.client.get("/api/voice/account").json()["code"] == "voice.account_not_connected"

    def test_credentials_are_stored_encrypted_and_only_shown_masked(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        connected = _connect(user, auth_token=CUSTOMER_AUTH_TOKEN)
        assert connected.status_code == 200, connected.text
        shown = user.client.get("/api/voice/account")
        assert shown.json()["friendly_name"] == "Cabinet Martin"
        for response in (connected, shown):
            assert CUSTOMER_AUTH_TOKEN not in response.text and CUSTOMER_ACCOUNT_SID not in response.text
        assert shown.json()["auth_token"].endswith(CUSTOMER_AUTH_TOKEN[-4:])
        stored = VoiceAccount.get(user.id)
        assert CUSTOMER_AUTH_TOKEN.encode() not in stored.ciphertext
        another = _connect(create_account(), auth_token=CUSTOMER_AUTH_TOKEN)
        assert another.status_code == 409 and another.json()["code"] == "voice.account_taken"

    def test_an_own_number_answers_calls_signed_with_that_accounts_token(
        self, create_account: Callable[..., Account], ring: Callable[..., Phone], aws: Any
    ) -> None:
        user = verified(create_account)()
        assert _connect(user, auth_token=CUSTOMER_AUTH_TOKEN).status_code == 200
        available = user.client.get("/api/voice/numbers/available").json()["items"]
        assert {(n["phone_number"], n["source"], n["free"]) for n in available} == {
            ("+33900000101", "own", True),
            ("+33900000102", "own", True),
        }
        persona = create_persona(user)

        attached = answer(user, OWN_NUMBER, persona["id"])

        assert attached.status_code == 201 and attached.json()["source"] == "own"
        number = next(
            n
            for n in _fake(aws).accounts[CUSTOMER_ACCOUNT_SID].numbers.values()
            if n["phone_number"] == OWN_NUMBER
        )
        assert number["voice_url"].endswith("/api/voice/twilio/incoming")
        assert number["status_callback"].endswith("/api/voice/twilio/status")
        phone = ring(user, OWN_NUMBER)
        phone.until("greeting")
        assert phone.say("Bonjour, je voudrais un rendez-vous.").strip()
        phone.send(type="hangup")
        phone.until("ended")
        calls = user.client.get("/api/voice/calls").json()["items"]
        detail = wait_for(
            lambda: (
                (d := user.client.get(f"/api/voice/calls/{calls[0]['id']}").json())["recording_url"] and d
            ),
            what="the recording, fetched from the user's own account",
        )
        assert detail["to_number"] == OWN_NUMBER and detail["turns"] >= 2

    def test_another_accounts_signature_proves_nothing(
        self, api: httpx.Client, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        assert _connect(user, auth_token=CUSTOMER_AUTH_TOKEN).status_code == 200
        assert answer(user, OWN_NUMBER, create_persona(user)["id"]).status_code == 201
        url = f"{api.base_url}".rstrip("/") + "/api/voice/twilio/incoming"
        params = {
            "AccountSid": CUSTOMER_ACCOUNT_SID,
            "CallSid": "CA" + "2" * 32,
            "From": "+33600000009",
            "To": OWN_NUMBER,
        }
        # Signed with the platform's token while naming the customer's account: refused.
        forged = RequestValidator(LOCAL_AUTH_TOKEN).compute_signature(url, params)
        assert api.post(url, data=params, headers={"X-Twilio-Signature": forged}).status_code == 403
        # The platform's account, genuinely signed, asking about a number of the customer's: not answered.
        platform = {**params, "AccountSid": LOCAL_ACCOUNT_SID}
        signature = RequestValidator(LOCAL_AUTH_TOKEN).compute_signature(url, platform)
        answered = api.post(url, data=platform, headers={"X-Twilio-Signature": signature})
        assert answered.status_code == 200 and "<Connect" not in answered.text and "<Hangup" in answered.text
        # The customer's own signature connects the call.
        signature = RequestValidator(CUSTOMER_AUTH_TOKEN).compute_signature(url, params)
        connected = api.post(url, data=params, headers={"X-Twilio-Signature": signature})
        assert connected.status_code == 200 and "<ConversationRelay" in connected.text

    def test_an_api_key_lists_numbers_but_receiving_calls_needs_the_auth_token(
        self, create_account: Callable[..., Account]
    ) -> None:
        user = create_account()
        connected = _connect(user, api_key_sid=CUSTOMER_API_KEY_SID, api_key_secret=CUSTOMER_API_KEY_SECRET)
        assert connected.status_code == 200 and connected.json()["auth_token"] is None
        assert CUSTOMER_API_KEY_SECRET not in connected.text
        numbers = user.client.get("/api/voice/numbers/available").json()["items"]
        assert OWN_NUMBER in [n["phone_number"] for n in numbers]
        refused = answer(user, OWN_NUMBER, create_persona(user)["id"])
        assert refused.status_code == 422 and refused.json()["code"] == "voice.signing_token_required"

    @pytest.mark.parametrize("then", ["reconnect", "nothing"])
    def test_disconnecting_detaches_the_numbers_and_forgets_the_credentials(
        self, create_account: Callable[..., Account], aws: Any, then: str
    ) -> None:
        user = create_account()
        assert _connect(user, auth_token=CUSTOMER_AUTH_TOKEN).status_code == 200
        assert answer(user, OWN_NUMBER, create_persona(user)["id"]).status_code == 201

        assert user.client.delete("/api/voice/account", headers=user.csrf()).status_code == 204

        assert user.client.get("/api/voice/account").status_code == 404
        assert user.client.get("/api/voice/numbers").json()["items"] == []
        number = next(
            n
            for n in _fake(aws).accounts[CUSTOMER_ACCOUNT_SID].numbers.values()
            if n["phone_number"] == OWN_NUMBER
        )
        assert not number["voice_url"]
        if then == "reconnect":  # the account is free again, for anyone
            assert _connect(create_account(), auth_token=CUSTOMER_AUTH_TOKEN).status_code == 200
        else:
            assert user.client.get("/api/voice/numbers/available").json()["items"] == []


class TestAccountDeletion:
    def test_deleting_the_webox_account_detaches_the_own_numbers_and_frees_the_twilio_account(
        self, create_account: Callable[..., Account], aws: Any
    ) -> None:
        user = create_account()
        assert _connect(user, auth_token=CUSTOMER_AUTH_TOKEN).status_code == 200
        assert answer(user, OWN_NUMBER, create_persona(user)["id"]).status_code == 201

        deleted = user.client.post("/api/account/delete", json={"password": PASSWORD}, headers=user.csrf())

        assert deleted.status_code == 202, deleted.text  # the deletion runs in the background
        number = next(
            n
            for n in _fake(aws).accounts[CUSTOMER_ACCOUNT_SID].numbers.values()
            if n["phone_number"] == OWN_NUMBER
        )
        wait_for(lambda: not number["voice_url"], what="the number detached at Twilio")
        taken_by_another = create_account()
        connected = wait_for(
            lambda: (
                (r := _connect(taken_by_another, auth_token=CUSTOMER_AUTH_TOKEN)).status_code == 200 and r
            ),
            what="the Twilio account freed",
        )
        assert connected.json()["friendly_name"] == "Cabinet Martin"

    def test_the_twilio_calls_come_from_a_function_that_ships_twilios_sdk(
        self, create_account: Callable[..., Account], aws: Any, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        """The account worker runs every feature's deletion hook without Twilio's SDK (it would pass
        Lambda's size limit): locally it would succeed anyway, so the thread that called is checked."""
        callers: list[str] = []
        update = telephony._update_number

        def recorded(*args: Any, **kwargs: Any) -> None:
            callers.append(threading.current_thread().name)  # `poller-<function>-<n>` locally
            update(*args, **kwargs)

        monkeypatch.setattr(telephony, "_update_number", recorded)
        user = create_account()
        assert _connect(user, auth_token=CUSTOMER_AUTH_TOKEN).status_code == 200
        assert answer(user, OWN_NUMBER, create_persona(user)["id"]).status_code == 201
        callers.clear()  # pointing the number was the voice API's call

        deleted = user.client.post("/api/account/delete", json={"password": PASSWORD}, headers=user.csrf())

        assert deleted.status_code == 202
        wait_for(lambda: callers, what="the number detached at Twilio")
        functions = {f.name: f for f in manifest.FUNCTIONS}
        for name in callers:
            function = functions[name.removeprefix("poller-").rsplit("-", 1)[0]]
            assert "voice" in function.extras, f"{function.name} calls Twilio without its SDK"
