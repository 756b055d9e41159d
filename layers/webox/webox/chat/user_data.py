"""The chat feature's user-data hooks, declared in `feature.py` for `webox.account` (export and deletion of an
account). The feature itself lives in `conversations`, `turns`, `branch`, `merge` and `history`."""

from __future__ import annotations

from typing import Any

from webox.chat import conversations, repository


def export_user_data(user_id: str) -> list[dict[str, Any]]:
    """Every conversation of a user with its turns (every version) and answers, as JSON-ready dicts."""
    page = conversations.list_conversations(user_id, cursor=None, limit=100, q=None)
    found = list(page.items)
    while page.next_cursor:
        page = conversations.list_conversations(user_id, cursor=page.next_cursor, limit=100, q=None)
        found.extend(page.items)
    return [
        conversations.get_conversation(user_id, c.id, every_version=True).model_dump(mode="json")
        for c in found
    ]


def delete_user_data(user_id: str) -> int:
    """Delete every conversation of a user (items and stored texts included)."""
    return repository.delete_user_data(user_id)
