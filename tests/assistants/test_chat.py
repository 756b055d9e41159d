"""A chat turn that names an assistant: its system prompt and parameters reach the model."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from webox.assistants import service as assistants_service
from webox.auth import repository as auth_repository

from tests.accounts import Account


def conversation(account: Account) -> str:
    response = account.client.post("/api/conversations", json={}, headers=account.csrf())
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def send(account: Account, conversation_id: str, **body: Any) -> Any:
    return account.client.post(
        f"/api/conversations/{conversation_id}/turns",
        json={"models": ["gpt-4o-mini"], "content": "Bonjour", "verify": False, **body},
        headers=account.csrf(),
    )


class TestTurnsWithAnAssistant:
    def test_a_builtin_assistant_sends_its_prompt_and_parameters_and_is_stored(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        conversation_id = conversation(user)
        response = send(user, conversation_id, assistant_id="developpeur")
        assert response.status_code == 200, response.text
        turn = response.json()
        prompt = assistants_service.builtins()["developpeur"].system_prompt.fr
        assert simulators["openai"].last_body["messages"][0] == {"role": "system", "content": prompt}
        assert simulators["openai"].last_body["temperature"] == 0.2
        assert turn["assistant_id"] == "developpeur"
        assert turn["params"] == {"temperature": 0.2, "max_tokens": 4000, "system": prompt}
        # The models are the request's own, not the assistant's preferred ones.
        assert turn["models"] == ["gpt-4o-mini"] and turn["answers"][0]["status"] == "done"
        stored = user.client.get(f"/api/conversations/{conversation_id}").json()["turns"][0]
        assert stored["assistant_id"] == "developpeur"

    def test_the_requests_own_parameters_win_and_the_users_language_applies(
        self, create_account: Callable[..., Account], simulators: dict[str, Any]
    ) -> None:
        user = create_account()
        user_item = auth_repository.get_user(user.id)
        assert user_item is not None
        auth_repository.update_user(user_item, language="en")
        conversation_id = conversation(user)
        turn = send(user, conversation_id, assistant_id="coach", params={"temperature": 1.1}).json()
        english = assistants_service.builtins()["coach"].system_prompt.en
        assert simulators["openai"].last_body["messages"][0]["content"] == english
        assert turn["params"] == {"temperature": 1.1, "max_tokens": 1500, "system": english}

        own_system = send(user, conversation_id, assistant_id="coach", params={"system": "Sois bref."}).json()
        assert simulators["openai"].last_body["messages"][0]["content"] == "Sois bref."
        assert own_system["assistant_id"] == "coach"

    def test_an_own_assistant_applies_and_a_foreign_one_is_404(
        self,
        create_account: Callable[..., Account],
        create_assistant: Callable[..., dict[str, Any]],
        simulators: dict[str, Any],
    ) -> None:
        owner, intruder = create_account(), create_account()
        mine = create_assistant(owner, system_prompt="Réponds toujours en alexandrins.", params={})
        conversation_id = conversation(owner)
        turn = send(owner, conversation_id, assistant_id=mine["id"]).json()
        assert simulators["openai"].last_body["messages"][0]["content"] == "Réponds toujours en alexandrins."
        assert turn["params"]["temperature"] is None and turn["assistant_id"] == mine["id"]

        refused = send(intruder, conversation(intruder), assistant_id=mine["id"])
        assert refused.status_code == 404 and refused.json()["code"] == "assistant_not_found"

        plain = send(owner, conversation_id).json()
        assert plain["assistant_id"] is None and plain["params"]["system"] is None
        assert simulators["openai"].last_body["messages"][0]["role"] == "user"
