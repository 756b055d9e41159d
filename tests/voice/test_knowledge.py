"""A persona with a knowledge base: during a call each question is searched in it (the agents'
knowledge-search tool) and the answer rests on the document found."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tests.accounts import Account
from tests.agents.conftest import create_base, upload
from tests.agents.documents import pdf
from tests.voice.conftest import PERSONA, Phone

PERSONA_FIELDS = set(PERSONA)


def _contract_base(account: Account) -> str:
    base = create_base(account)
    data = pdf(
        [
            ["Contrat de maintenance", "Le prestataire intervient sous huit heures ouvrées."],
            ["Résiliation", "Le préavis de résiliation est de trois mois, par lettre recommandée."],
        ]
    )
    assert upload(account, base["base_id"], "contrat.pdf", data)["status"] == "ready"
    return str(base["base_id"])


def _with_base(account: Account, persona: dict[str, Any], base_id: str) -> Any:
    body = {**{k: v for k, v in persona.items() if k in PERSONA_FIELDS}, "knowledge_base_id": base_id}
    return account.client.put(f"/api/voice/personas/{persona['id']}", json=body, headers=account.csrf())


class TestKnowledgeDuringACall:
    def test_the_answer_uses_the_documents_content(
        self, persona: Callable[..., Any], ring: Callable[..., Phone]
    ) -> None:
        account, created = persona()
        assert _with_base(account, created, _contract_base(account)).status_code == 200
        phone = ring(account)
        phone.until("greeting")

        answer = phone.say("Quel est le préavis pour la résiliation ?")

        assert "trois mois" in answer
        phone.send(type="hangup")
        phone.until("ended")
        calls = account.client.get("/api/voice/calls").json()["items"]
        detail = account.client.get(f"/api/voice/calls/{calls[0]['id']}").json()
        said = next(t for t in detail["transcript"] if t["role"] == "assistant")
        assert said["tools"][0]["tool"] == "knowledge_search" and said["tools"][0]["error"] is None
        assert said["tools"][0]["sources"][0] == "contrat.pdf (p. 2)"

    def test_another_users_base_is_not_found(
        self, persona: Callable[..., Any], create_account: Callable[..., Account]
    ) -> None:
        account, created = persona()
        others = _contract_base(create_account())
        refused = _with_base(account, created, others)
        assert refused.status_code == 404
        assert refused.headers["content-type"] == "application/problem+json"
