"""Every DynamoDB and S3 call of the chat feature."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.transactions import TransactWrite

from webox import storage
from webox.chat.models import ChatItem, Conversation
from webox.db import filtered_page, transaction_connection, utcnow

INLINE_TEXT_LIMIT = 16_000  # characters; a longer answer is kept in S3 (items stay far under 400 KB)
BUCKET = "files"
REQUEST_MARKER_TTL = timedelta(days=2)


def partition(user_id: str, conversation_id: str) -> str:
    return f"{user_id}#{conversation_id}"


def turn_key(turn: int) -> str:
    return f"t#{turn:05d}"


def answer_key(turn: int, model: str) -> str:
    return f"{turn_key(turn)}#a#{model}"


def verdict_key(turn: int) -> str:
    return f"{turn_key(turn)}#v"


def _conditional_failed(error: PutError | UpdateError) -> bool:
    return getattr(error, "cause_response_code", None) == "ConditionalCheckFailedException"


# -- conversations -----------------------------------------------------------------------------


def create_conversation(conversation: Conversation) -> None:
    conversation.save(condition=Conversation.conversation_id.does_not_exist())


def get_conversation(user_id: str, conversation_id: str) -> Conversation | None:
    try:
        return Conversation.get(user_id, conversation_id)
    except DoesNotExist:
        return None


def list_conversations(
    user_id: str, *, cursor: str | None, limit: int, title_contains: str | None
) -> tuple[list[Conversation], str | None]:
    """Newest first; `title_contains` filters on the folded title within the user's partition."""
    condition: Condition | None = Conversation.title_key.contains(title_contains) if title_contains else None
    return filtered_page(
        Conversation.by_updated.query,
        user_id,
        owner_attribute="user_id",
        cursor=cursor,
        limit=limit,
        condition=condition,
    )


def rename(conversation: Conversation, title: str, title_key: str) -> None:
    conversation.update(actions=[Conversation.title.set(title), Conversation.title_key.set(title_key)])


def delete_conversation(user_id: str, conversation_id: str) -> None:
    pk = partition(user_id, conversation_id)
    keys = [item.text_key for item in ChatItem.query(pk) if item.text_key]
    with ChatItem.batch_write() as batch:
        for item in ChatItem.query(pk, attributes_to_get=["pk", "sk"]):
            batch.delete(item)
    if keys:
        storage.delete(BUCKET, keys)
    Conversation(user_id, conversation_id).delete()


# -- items -------------------------------------------------------------------------------------


class DuplicateRequest(Exception):
    """The request id was already used: the turn it started exists."""


class TurnConflict(Exception):
    """Another turn took this turn number first."""


def create_turn(
    user_id: str,
    conversation: Conversation,
    *,
    is_new: bool,
    turn_item: ChatItem,
    request_id: str,
) -> None:
    """Store a turn in one transaction: the conversation (created, or its turn count moved on by
    one), the request marker (refused if the request id was used) and the turn. Its answers are not
    written here: each branch stores its own (a 15-item transaction sat on the way to the first token)."""
    turn = int(turn_item.turn)
    now = utcnow()
    marker = ChatItem(
        f"{user_id}#requests",
        f"r#{request_id}",
        kind="request",
        request_id=request_id,
        created_at=now,
        conversation_id=conversation.conversation_id,
        turn=turn,
        expires_at=now + REQUEST_MARKER_TTL,
    )
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.save(marker, condition=ChatItem.sk.does_not_exist())
        if is_new:
            conversation.turn_count = turn
            transaction.save(conversation, condition=Conversation.conversation_id.does_not_exist())
        else:
            transaction.update(
                conversation,
                actions=[
                    Conversation.turn_count.set(turn),
                    Conversation.updated_at.set(now),
                    Conversation.updated_key.set(f"{now.isoformat()}#{conversation.conversation_id}"),
                    Conversation.last_models.set(list(turn_item.models or [])),
                ],
                condition=Conversation.turn_count == turn - 1,
            )
        transaction.save(turn_item)


def raise_turn_conflict(error: TransactWriteError) -> None:
    """Turn a cancelled turn transaction into what happened (the marker is its first item)."""
    reasons = error.cancellation_reasons
    if reasons and reasons[0] is not None and reasons[0].code == "ConditionalCheckFailed":
        raise DuplicateRequest() from error
    if len(reasons) > 1 and reasons[1] is not None and reasons[1].code == "ConditionalCheckFailed":
        raise TurnConflict() from error
    raise error


def get_request(user_id: str, request_id: str) -> ChatItem | None:
    try:
        return ChatItem.get(f"{user_id}#requests", f"r#{request_id}", consistent_read=True)
    except DoesNotExist:
        return None


def new_item(user_id: str, conversation_id: str, sk: str, **fields: Any) -> ChatItem:
    return ChatItem(partition(user_id, conversation_id), sk, created_at=utcnow(), **fields)


def items(user_id: str, conversation_id: str) -> Iterator[ChatItem]:
    """Every item of a conversation, in order (turn, then its answers and verdict)."""
    return ChatItem.query(partition(user_id, conversation_id), consistent_read=True)


def turn_items(user_id: str, conversation_id: str, turn: int) -> list[ChatItem]:
    return list(
        ChatItem.query(
            partition(user_id, conversation_id),
            ChatItem.sk.startswith(turn_key(turn)),
            consistent_read=True,
        )
    )


def get_item(user_id: str, conversation_id: str, sk: str) -> ChatItem | None:
    try:
        return ChatItem.get(partition(user_id, conversation_id), sk, consistent_read=True)
    except DoesNotExist:
        return None


def stop_requested(user_id: str, conversation_id: str, turn: int) -> set[str]:
    """Models asked to stop in this turn (`*` for all)."""
    try:
        item = ChatItem.get(
            partition(user_id, conversation_id),
            turn_key(turn),
            consistent_read=True,
            attributes_to_get=["sk", "stop_models"],
        )
    except DoesNotExist:
        return {"*"}
    return set(item.stop_models or ())


def request_stop(user_id: str, conversation_id: str, turn: int, model: str | None) -> None:
    ChatItem(partition(user_id, conversation_id), turn_key(turn)).update(
        actions=[ChatItem.stop_models.add({model or "*"})], condition=ChatItem.sk.exists()
    )


def set_chosen(user_id: str, conversation_id: str, turn: int, model: str) -> None:
    ChatItem(partition(user_id, conversation_id), turn_key(turn)).update(
        actions=[ChatItem.chosen_model.set(model)], condition=ChatItem.sk.exists()
    )


def finish_answer(
    user_id: str, conversation_id: str, turn: int, model: str, text: str, **fields: Any
) -> None:
    """Store a model's final answer (its own item; long texts go to S3)."""
    sk = answer_key(turn, model)
    text_key = None
    if len(text) > INLINE_TEXT_LIMIT:
        text_key = f"chat/{user_id}/{conversation_id}/{turn:05d}/{model}.md"
        storage.put(BUCKET, text_key, text.encode(), "text/markdown; charset=utf-8")
    answer = new_item(
        user_id,
        conversation_id,
        sk,
        kind="answer",
        turn=turn,
        model=model,
        text=None if text_key else text,
        text_key=text_key,
        updated_at=utcnow(),
        **fields,
    )
    answer.save()


def answer_text(item: ChatItem) -> str:
    if item.text_key:
        return storage.get(BUCKET, item.text_key).decode()
    return item.text or ""


def save_verdict(user_id: str, conversation_id: str, turn: int, verdict: dict[str, Any]) -> None:
    new_item(user_id, conversation_id, verdict_key(turn), kind="verdict", turn=turn, verdict=verdict).save()


def touch(conversation: Conversation, when: datetime) -> None:
    conversation.update(
        actions=[
            Conversation.updated_at.set(when),
            Conversation.updated_key.set(f"{when.isoformat()}#{conversation.conversation_id}"),
        ]
    )


# -- history and account deletion --------------------------------------------------------------


def conversations_between(
    user_id: str, low_key: str, high_key: str, *, limit: int, title_contains: str | None
) -> list[Conversation]:
    """Newest first, `low_key` <= updated_key < `high_key` (at most 20 pages read when filtering)."""
    condition: Condition | None = Conversation.title_key.contains(title_contains) if title_contains else None
    results = Conversation.by_updated.query(
        user_id,
        Conversation.updated_key.between(low_key, high_key),
        filter_condition=condition,
        scan_index_forward=False,
        page_size=max(limit, 25),
    )
    found: list[Conversation] = []
    for conversation in results:
        if conversation.updated_key < high_key:
            found.append(conversation)
        if len(found) >= limit or results.page_iter.total_scanned_count > 20 * max(limit, 25):
            break
    return found


def delete_user_data(user_id: str) -> int:
    """Delete every conversation of a user with its items, request markers and S3 texts."""
    deleted = 0
    for conversation in Conversation.query(user_id, attributes_to_get=["user_id", "conversation_id"]):
        delete_conversation(user_id, conversation.conversation_id)
        deleted += 1
    with ChatItem.batch_write() as batch:
        for item in ChatItem.query(f"{user_id}#requests", attributes_to_get=["pk", "sk"]):
            batch.delete(item)
    leftovers = storage.list_keys(BUCKET, f"chat/{user_id}/")
    if leftovers:
        storage.delete(BUCKET, leftovers)
    return deleted
