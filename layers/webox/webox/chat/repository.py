"""Every DynamoDB and S3 call of the chat feature."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Iterator
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


def words_partition(user_id: str) -> str:
    return f"{user_id}#words"


def pins_partition(user_id: str) -> str:
    return f"{user_id}#pins"


def pin_key(conversation_id: str) -> str:
    return f"p#{conversation_id}"


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
    user_id: str, *, cursor: str | None, limit: int, title_contains: str | None, pinned: bool | None = None
) -> tuple[list[Conversation], str | None]:
    """Newest first; `title_contains` filters on the folded title within the user's partition,
    `pinned=False` leaves the pinned conversations out."""
    condition: Condition | None = Conversation.title_key.contains(title_contains) if title_contains else None
    if pinned is False:
        unpinned = Conversation.pinned_at.does_not_exist()
        condition = unpinned if condition is None else condition & unpinned
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


def set_leaf(conversation: Conversation, leaf: int) -> None:
    """Show the branch ending at `leaf`."""
    conversation.update(actions=[Conversation.leaf.set(leaf)])


def delete_conversation(user_id: str, conversation_id: str, *, index_keys: Iterable[str] = ()) -> None:
    """Delete a conversation, its items, its texts in S3, its pin and the search `index_keys` given."""
    pk = partition(user_id, conversation_id)
    keys = [key for item in ChatItem.query(pk) for key in _file_keys(item)]
    with ChatItem.batch_write() as batch:
        for item in ChatItem.query(pk, attributes_to_get=["pk", "sk"]):
            batch.delete(item)
        for sk in index_keys:
            batch.delete(ChatItem(words_partition(user_id), sk))
        batch.delete(ChatItem(pins_partition(user_id), pin_key(conversation_id)))
    if keys:
        storage.delete(BUCKET, keys)
    Conversation(user_id, conversation_id).delete()


def get_conversations(user_id: str, conversation_ids: Iterable[str]) -> list[Conversation]:
    """The user's conversations among `conversation_ids` (missing ones left out), in no order."""
    keys = [(user_id, c) for c in dict.fromkeys(conversation_ids)]
    return list(Conversation.batch_get(keys)) if keys else []


# -- pins --------------------------------------------------------------------------------------


def pinned_ids(user_id: str) -> list[str]:
    """The ids of the user's pinned conversations."""
    return [
        item.sk.removeprefix("p#")
        for item in ChatItem.query(pins_partition(user_id), attributes_to_get=["pk", "sk"])
    ]


def pin(conversation: Conversation, when: datetime) -> None:
    """Pin a conversation: its flag and the user's pin item, together."""
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.update(
            conversation,
            actions=[Conversation.pinned_at.set(when)],
            condition=Conversation.conversation_id.exists(),
        )
        transaction.save(
            ChatItem(
                pins_partition(conversation.user_id),
                pin_key(conversation.conversation_id),
                kind="pin",
                created_at=when,
                conversation_id=conversation.conversation_id,
            )
        )


def unpin(conversation: Conversation) -> None:
    """Unpin a conversation (its flag and its pin item)."""
    with TransactWrite(connection=transaction_connection()) as transaction:
        transaction.update(
            conversation,
            actions=[Conversation.pinned_at.remove()],
            condition=Conversation.conversation_id.exists(),
        )
        transaction.delete(
            ChatItem(pins_partition(conversation.user_id), pin_key(conversation.conversation_id))
        )


# -- message search index ----------------------------------------------------------------------


def put_index_entries(user_id: str, entries: Iterable[tuple[str, datetime]]) -> None:
    """Store search index entries (`(sort key, when)`) in the user's index partition."""
    with ChatItem.batch_write() as batch:
        for sk, when in entries:
            batch.save(ChatItem(words_partition(user_id), sk, kind="word", created_at=when))


def delete_index_entries(user_id: str, sort_keys: Iterable[str]) -> None:
    with ChatItem.batch_write() as batch:
        for sk in sort_keys:
            batch.delete(ChatItem(words_partition(user_id), sk))


def index_entries(user_id: str, prefix: str, *, after: dict[str, Any] | None) -> Iterator[ChatItem]:
    """The user's index entries whose key starts with `prefix`, last key first, resuming `after`
    a DynamoDB key (keys only)."""
    return ChatItem.query(
        words_partition(user_id),
        ChatItem.sk.startswith(prefix),
        scan_index_forward=False,
        last_evaluated_key=after,
        page_size=100,
        attributes_to_get=["pk", "sk"],
    )


def get_items_by_key(keys: Iterable[tuple[str, str]]) -> list[ChatItem]:
    """Chat items by `(pk, sk)` (missing ones left out), in no order."""
    unique = list(dict.fromkeys(keys))
    return list(ChatItem.batch_get(unique)) if unique else []


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
            conversation.leaf = turn
            transaction.save(conversation, condition=Conversation.conversation_id.does_not_exist())
        else:
            transaction.update(
                conversation,
                actions=[
                    Conversation.turn_count.set(turn),
                    Conversation.leaf.set(turn),
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


def turn_tree_items(user_id: str, conversation_id: str) -> list[ChatItem]:
    """The turn items of a conversation with only what places them in its tree (no text)."""
    return list(
        ChatItem.query(
            partition(user_id, conversation_id),
            filter_condition=ChatItem.kind == "turn",
            attributes_to_get=["pk", "sk", "kind", "turn", "parent"],
        )
    )


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


def _file_keys(item: ChatItem) -> list[str]:
    """The S3 objects an item refers to: a long answer's text, a turn's attached images."""
    attached = [str(a["key"]) for a in item.attachments or [] if isinstance(a, dict) and a.get("key")]
    return [item.text_key, *attached] if item.text_key else attached


def attachment_key(user_id: str) -> str:
    """Where an image attached to a message is kept (under the user's prefix: the account's deletion
    sweeps it; the conversation's deletion deletes it)."""
    return f"chat/{user_id}/attachments/{uuid.uuid4().hex}"


def put_attachment(key: str, data: bytes, content_type: str) -> None:
    storage.put(BUCKET, key, data, content_type)


def read_attachment(key: str) -> bytes:
    return storage.get(BUCKET, key)


def answer_text(item: ChatItem) -> str:
    if item.text_key:
        return storage.get(BUCKET, item.text_key).decode()
    return item.text or ""


def run_key(run_id: str) -> str:
    return f"w#{run_id}"


def save_run(conversation: Conversation, run_id: str, title: str) -> ChatItem:
    """Keep a workflow run in the conversation, after its last turn (once: the first placing stays)."""
    item = new_item(
        conversation.user_id,
        conversation.conversation_id,
        run_key(run_id),
        kind="run",
        turn=int(conversation.leaf or conversation.turn_count or 0),
        request_id=run_id,
        content=title,
    )
    try:
        item.save(condition=ChatItem.sk.does_not_exist())
    except PutError as exc:
        if not _conditional_failed(exc):
            raise
        found = get_item(conversation.user_id, conversation.conversation_id, run_key(run_id))
        assert found is not None
        return found
    return item


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
    """Delete every conversation of a user with its items, request markers, search index, pins and S3 texts."""
    deleted = 0
    for conversation in Conversation.query(user_id, attributes_to_get=["user_id", "conversation_id"]):
        delete_conversation(user_id, conversation.conversation_id)
        deleted += 1
    with ChatItem.batch_write() as batch:
        for pk in (f"{user_id}#requests", words_partition(user_id), pins_partition(user_id)):
            for item in ChatItem.query(pk, attributes_to_get=["pk", "sk"]):
                batch.delete(item)
    leftovers = storage.list_keys(BUCKET, f"chat/{user_id}/")
    if leftovers:
        storage.delete(BUCKET, leftovers)
    return deleted
