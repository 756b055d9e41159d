"""Connected accounts and action runs through the API, with the official SDK against the fake."""

from __future__ import annotations

from collections.abc import Callable

from webox.testing.pipedream import FakeConnect

from tests.accounts import Account
from tests.automations.conftest import connect_app


class TestAccounts:
    def test_a_connected_account_is_listed_healthy_and_can_be_deleted(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie = create_account()
        account_id = connect_app(marie, "slack")
        listed = marie.client.get("/api/automations/accounts").json()["items"]
        assert [(a["account_id"], a["app"], a["healthy"]) for a in listed] == [(account_id, "slack", True)]
        fake.accounts[account_id].healthy = False
        assert marie.client.get("/api/automations/accounts").json()["items"][0]["healthy"] is False
        gone = marie.client.delete(f"/api/automations/accounts/{account_id}", headers=marie.csrf())
        assert gone.status_code == 204
        assert marie.client.get("/api/automations/accounts").json()["items"] == []

    def test_another_users_account_is_not_found(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie, paul = create_account(), create_account()
        account_id = connect_app(marie, "gmail")
        assert paul.client.get("/api/automations/accounts").json()["items"] == []
        answer = paul.client.delete(f"/api/automations/accounts/{account_id}", headers=paul.csrf())
        assert answer.status_code == 404
        assert answer.json()["code"] == "automations.account_not_found"
        assert account_id in fake.accounts


class TestActions:
    def test_an_action_runs_with_the_users_account_and_props(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie = create_account()
        account_id = connect_app(marie, "slack")
        answer = marie.client.post(
            "/api/automations/actions/run",
            json={
                "component_key": "slack-send-message",
                "account_id": account_id,
                "props": {"channel": "#a", "text": "Bonjour"},
            },
            headers=marie.csrf(),
        )
        assert answer.status_code == 200, answer.text
        assert answer.json()["summary"] == "Send Message done"
        assert fake.runs == [
            {
                "id": "slack-send-message",
                "external_user_id": marie.id,
                "configured_props": {
                    "slack": {"authProvisionId": account_id},
                    "channel": "#a",
                    "text": "Bonjour",
                },
            }
        ]

    def test_props_are_checked_against_the_components_definition(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie = create_account()
        slack, gmail = connect_app(marie, "slack"), connect_app(marie, "gmail")
        cases = [
            ({"channel": "#a"}, slack, "'text' is required"),
            ({"channel": "#a", "text": 3}, slack, "must be string"),
            ({"channel": "#a", "text": "x", "extra": 1}, slack, "Unknown prop 'extra'"),
            ({"channel": "#a", "text": "x"}, gmail, "needs a slack account"),
        ]
        for props, account_id, message in cases:
            answer = marie.client.post(
                "/api/automations/actions/run",
                json={"component_key": "slack-send-message", "account_id": account_id, "props": props},
                headers=marie.csrf(),
            )
            assert answer.status_code == 422, answer.text
            assert answer.json()["code"] == "automations.invalid_props"
            assert message in answer.json()["detail"]
        assert fake.runs == []

    def test_an_unknown_component_is_not_found(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie = create_account()
        slack = connect_app(marie, "slack")
        answer = marie.client.post(
            "/api/automations/actions/run",
            json={"component_key": "slack-delete-everything", "account_id": slack},
            headers=marie.csrf(),
        )
        assert answer.status_code == 404
        assert answer.json()["code"] == "automations.component_not_found"

    def test_components_list_their_props(
        self, create_account: Callable[..., Account], fake: FakeConnect
    ) -> None:
        marie = create_account()
        listed = marie.client.get(
            "/api/automations/components", params={"app": "slack", "type": "action"}
        ).json()
        assert [c["key"] for c in listed["items"]] == ["slack-send-message"]
        props = {p["name"]: (p["type"], p["optional"]) for p in listed["items"][0]["props"]}
        assert props == {"slack": ("app", False), "channel": ("string", False), "text": ("string", False)}
