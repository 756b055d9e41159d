"""Factories for the prompt library's tests."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from tests.accounts import Account

# A prompt with one variable of each kind: required textarea, bounded number with a default,
# choice, optional text.
PROMPT: dict[str, Any] = {
    "title": "Résumé de réunion",
    "description": "Transforme mes notes en compte rendu.",
    "body": "Résume ces notes en {{puces}} puces, ton {{ton}} :\n{{notes}}\n{{ signature }}",
    "category": "productivite",
    "variables": [
        {"name": "notes", "label": "Notes", "type": "textarea"},
        {"name": "puces", "label": "Nombre de puces", "type": "number", "default": 5, "min": 1, "max": 20},
        {"name": "ton", "label": "Ton", "type": "choice", "choices": ["neutre", "enjoué"]},
        {"name": "signature", "label": "Signature", "required": False},
    ],
}


@pytest.fixture
def create_prompt() -> Callable[..., dict[str, Any]]:
    """Create a prompt of `account`'s own through the API (fields overridable)."""

    def create(account: Account, **overrides: Any) -> dict[str, Any]:
        response = account.client.post("/api/prompts", json={**PROMPT, **overrides}, headers=account.csrf())
        assert response.status_code == 201, response.text
        result: dict[str, Any] = response.json()
        return result

    return create


@pytest.fixture
def publish(create_prompt: Callable[..., dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """Create a prompt of `account`'s own and list it in the marketplace."""

    def create_and_publish(account: Account, **overrides: Any) -> dict[str, Any]:
        prompt = create_prompt(account, **overrides)
        response = account.client.post(f"/api/prompts/{prompt['id']}/publish", headers=account.csrf())
        assert response.status_code == 200, response.text
        result: dict[str, Any] = response.json()
        return result

    return create_and_publish
