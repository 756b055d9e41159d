"""Factories for the assistants' tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.accounts import Account


@pytest.fixture
def create_assistant() -> Callable[..., dict[str, Any]]:
    """Create an assistant of `account`'s own through the API (fields overridable)."""

    def create(account: Account, **overrides: Any) -> dict[str, Any]:
        body = {
            "name": "Relecteur juridique",
            "description": "Relit mes contrats.",
            "icon": "scale",
            "system_prompt": "Tu es un juriste prudent. Signale les clauses à risque.",
            "models": ["claude-sonnet-4-6", "gpt-4o"],
            "params": {"temperature": 0.2, "max_tokens": 3000},
            **overrides,
        }
        response = account.client.post("/api/assistants", json=body, headers=account.csrf())
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    return create
