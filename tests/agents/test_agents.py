"""The agent catalogue through the API: eight built-ins in French and English, one's own agents
(create, edit, duplicate, delete), built-ins read-only, bad input and other users' agents refused."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.accounts import Account

BUILTINS = ("ventes", "marketing", "finance", "rh", "juridique", "support", "redaction", "analyste")


def _agent(**overrides: Any) -> dict[str, Any]:
    return {
        "name": "Veille",
        "instructions": "Compare les offres.",
        "model": "gpt-4o-mini",
        "tools": ["calculator"],
        **overrides,
    }


class TestCatalogue:
    def test_eight_builtins_in_french_and_english(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        french = account.client.get("/api/agents", params={"lang": "fr"}).json()
        english = account.client.get("/api/agents", params={"lang": "en"}).json()
        assert tuple(a["agent_id"] for a in french) == BUILTINS
        assert [a["name"] for a in french][-2:] == ["Rédaction", "Analyste de données"]
        assert [a["name"] for a in english][-2:] == ["Writer", "Data analyst"]
        for agent in french:
            assert agent["builtin"] and agent["instructions"] and agent["definition_of_done"]
            assert agent["output_format"] and agent["tools"] and agent["model"]


class TestOwnAgents:
    def test_create_edit_duplicate_delete(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        created = account.client.post("/api/agents", json=_agent(), headers=account.csrf())
        assert created.status_code == 201, created.text
        agent_id = created.json()["agent_id"]
        edited = account.client.put(
            f"/api/agents/{agent_id}",
            json=_agent(name="Veille prix", model="claude-haiku-4-5"),
            headers=account.csrf(),
        )
        assert edited.status_code == 200 and edited.json()["model"] == "claude-haiku-4-5"
        copy = account.client.post(f"/api/agents/{agent_id}/duplicate", headers=account.csrf())
        assert copy.status_code == 201 and copy.json()["name"].startswith("Veille prix")
        assert copy.json()["agent_id"] != agent_id
        builtin_copy = account.client.post("/api/agents/juridique/duplicate?lang=en", headers=account.csrf())
        assert builtin_copy.json()["name"] == "Legal (copy)" and not builtin_copy.json()["builtin"]
        assert account.client.delete(f"/api/agents/{agent_id}", headers=account.csrf()).status_code == 204
        assert account.client.get(f"/api/agents/{agent_id}").status_code == 404
        ids = [a["agent_id"] for a in account.client.get("/api/agents").json()]
        assert len(ids) == 10 and agent_id not in ids

    def test_a_builtin_is_read_only(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        response = account.client.put("/api/agents/finance", json=_agent(), headers=account.csrf())
        assert response.status_code == 409 and response.json()["code"] == "agent_builtin_read_only"
        assert account.client.delete("/api/agents/finance", headers=account.csrf()).status_code == 409

    def test_bad_input_is_refused_with_a_stable_code(self, create_account: Callable[..., Account]) -> None:
        account = create_account()
        cases = (
            (_agent(model="gpt-99"), "agent_unknown_model"),
            (_agent(tools=["rm_rf"]), "validation_failed"),
            (_agent(name=""), "validation_failed"),
            (_agent(knowledge_base_ids=["0" * 32]), "knowledge_base_not_found"),
        )
        for body, code in cases:
            response = account.client.post("/api/agents", json=body, headers=account.csrf())
            assert response.status_code in (404, 422), response.text
            assert response.headers["content-type"] == "application/problem+json"
            assert response.json()["code"] == code

    def test_another_users_agent_is_not_found(self, create_account: Callable[..., Account]) -> None:
        owner, other = create_account(), create_account()
        agent_id = owner.client.post("/api/agents", json=_agent(), headers=owner.csrf()).json()["agent_id"]
        assert other.client.get(f"/api/agents/{agent_id}").status_code == 404
        assert (
            other.client.put(f"/api/agents/{agent_id}", json=_agent(), headers=other.csrf()).status_code
            == 404
        )
        assert other.client.delete(f"/api/agents/{agent_id}", headers=other.csrf()).status_code == 404
        assert other.client.get(f"/api/agents/{agent_id}/metrics").status_code == 404
        response = other.client.post(
            "/api/agents/runs", json={"goal": "x", "agent_ids": [agent_id]}, headers=other.csrf()
        )
        assert response.status_code == 404
        assert owner.client.get(f"/api/agents/{agent_id}").status_code == 200
