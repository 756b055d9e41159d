"""Every DynamoDB call of the assistants feature."""

from __future__ import annotations

from pynamodb.exceptions import DoesNotExist, PutError

from webox.assistants.models import Assistant
from webox.db import InvalidCursor, decode_cursor, page

_CURSOR_SHAPE = {"user_id": "S", "assistant_id": "S", "updated_key": "S"}


def _conditional_failed(error: PutError) -> bool:
    return getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException"


def get(user_id: str, assistant_id: str) -> Assistant | None:
    try:
        return Assistant.get(user_id, assistant_id, consistent_read=True)
    except DoesNotExist:
        return None


def count(user_id: str, at_most: int) -> int:
    """How many assistants the user has, counting no further than `at_most`."""
    return sum(1 for _ in Assistant.query(user_id, attributes_to_get=["assistant_id"], limit=at_most))


def list_page(user_id: str, *, cursor: str | None, limit: int) -> tuple[list[Assistant], str | None]:
    """The user's assistants, most recently edited first."""
    start = decode_cursor(cursor, owner_key=("user_id", user_id))
    # Exactly this index's key (a forged cursor would otherwise fail inside DynamoDB).
    if start is not None and {name: next(iter(value)) for name, value in start.items()} != _CURSOR_SHAPE:
        raise InvalidCursor("Cursor does not belong to this listing")
    results = Assistant.by_updated.query(
        user_id, scan_index_forward=False, last_evaluated_key=start, limit=limit, page_size=limit
    )
    return page(results, limit)


def create(assistant: Assistant) -> None:
    assistant.save(condition=Assistant.assistant_id.does_not_exist())


def replace(assistant: Assistant) -> bool:
    """Store an edited assistant; False when it was deleted meanwhile."""
    try:
        assistant.save(condition=Assistant.assistant_id.exists())
    except PutError as error:
        if _conditional_failed(error):
            return False
        raise
    return True


def delete(user_id: str, assistant_id: str) -> None:
    Assistant(user_id, assistant_id).delete()
