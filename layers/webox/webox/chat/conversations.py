"""A user's conversations: create, list and search, read (the branch shown, with every turn),
choose a message's version, pin, rename, delete."""

from __future__ import annotations

import uuid

from webox.chat import repository, search, versions
from webox.chat.errors import ConversationNotFound, TooManyPins, TurnNotFound
from webox.chat.models import ChatItem, Conversation
from webox.chat.schemas import (
    ConversationCreate,
    ConversationDetail,
    ConversationOut,
    ConversationPage,
    ConversationRun,
    ConversationRunIn,
    TurnOut,
)
from webox.chat.transcript import tree_of, turns_from
from webox.db import utcnow
from webox.text import fold

DEFAULT_TITLE = {"fr": "Nouvelle conversation", "en": "New conversation"}
MAX_PINS = 50


def _title_from(content: str) -> str:
    line = " ".join(content.split())
    return line if len(line) <= 80 else line[:77].rstrip() + "…"


def _title_search(q: str | None) -> str | None:
    return fold(q.strip()) if q and q.strip() else None


def conversation_out(conversation: Conversation) -> ConversationOut:
    return ConversationOut(
        id=conversation.conversation_id,
        title=conversation.title,
        created_at=conversation.created_at,
        updated_at=conversation.updated_at,
        turn_count=int(conversation.turn_count or 0),
        last_models=list(conversation.last_models or []),
        pinned=conversation.pinned_at is not None,
    )


def draft_conversation(user_id: str, text: str) -> Conversation:
    """A conversation not stored yet, titled from `text` (a title, or the first message)."""
    now = utcnow()
    conversation_id = uuid.uuid4().hex
    title = _title_from(text)
    return Conversation(
        user_id,
        conversation_id,
        title=title,
        title_key=fold(title),
        created_at=now,
        updated_at=now,
        updated_key=f"{now.isoformat()}#{conversation_id}",
        turn_count=0,
        last_models=[],
    )


def create_conversation(user_id: str, data: ConversationCreate) -> ConversationOut:
    """A new, empty conversation."""
    conversation = draft_conversation(user_id, data.title or DEFAULT_TITLE["fr"])
    repository.create_conversation(conversation)
    return conversation_out(conversation)


def owned_conversation(user_id: str, conversation_id: str) -> Conversation:
    """The user's conversation, or 404 (also for another user's id)."""
    conversation = repository.get_conversation(user_id, conversation_id)
    if conversation is None:
        raise ConversationNotFound("Conversation not found")
    return conversation


def list_conversations(
    user_id: str, *, cursor: str | None, limit: int, q: str | None, pinned: bool | None = None
) -> ConversationPage:
    """The user's conversations, most recently active first, optionally searched by title;
    `pinned=True`: only the pinned ones (all of them, one page), `False`: only the others."""
    if pinned:
        found = repository.get_conversations(user_id, repository.pinned_ids(user_id))
        title = _title_search(q)
        found = [c for c in found if title is None or title in c.title_key]
        found.sort(key=lambda c: c.updated_key, reverse=True)
        return ConversationPage(items=[conversation_out(c) for c in found], next_cursor=None)
    items, next_cursor = repository.list_conversations(
        user_id, cursor=cursor, limit=limit, title_contains=_title_search(q), pinned=pinned
    )
    return ConversationPage(items=[conversation_out(c) for c in items], next_cursor=next_cursor)


def set_pinned(user_id: str, conversation_id: str, pinned: bool) -> ConversationOut:
    """Pin (listed first) or unpin a conversation; at most `MAX_PINS` are pinned."""
    conversation = owned_conversation(user_id, conversation_id)
    if pinned and conversation.pinned_at is None:
        if len(repository.pinned_ids(user_id)) >= MAX_PINS:
            raise TooManyPins(f"At most {MAX_PINS} conversations can be pinned", extra={"limit": MAX_PINS})
        repository.pin(conversation, utcnow())
    elif not pinned and conversation.pinned_at is not None:
        repository.unpin(conversation)
    return conversation_out(owned_conversation(user_id, conversation_id))


def conversations_between(
    user_id: str, low_key: str, high_key: str, *, limit: int, q: str | None
) -> list[ConversationOut]:
    """The user's conversations active in [low_key, high_key) (ISO times), newest first, searched by title."""
    found = repository.conversations_between(
        user_id, low_key, high_key, limit=limit, title_contains=_title_search(q)
    )
    return [conversation_out(c) for c in found]


def rename_conversation(user_id: str, conversation_id: str, title: str) -> ConversationOut:
    conversation = owned_conversation(user_id, conversation_id)
    repository.rename(conversation, title.strip(), fold(title))
    return conversation_out(owned_conversation(user_id, conversation_id))


def delete_conversation(user_id: str, conversation_id: str) -> None:
    """Delete a conversation with every turn, answer, verdict, stored file, pin and search entry."""
    owned_conversation(user_id, conversation_id)
    turns = turns_from(list(repository.items(user_id, conversation_id)))
    index_keys = [key for turn in turns for key, _when in search.entries_for(conversation_id, turn)]
    repository.delete_conversation(user_id, conversation_id, index_keys=index_keys)


def get_conversation(
    user_id: str, conversation_id: str, *, every_version: bool = False
) -> ConversationDetail:
    """A conversation with the turns of the branch shown (`every_version`: every turn stored) and
    every model's answer, as stored (what a reconnect rebuilds)."""
    conversation = owned_conversation(user_id, conversation_id)
    items = list(repository.items(user_id, conversation_id))
    turns = turns_from(items)
    if not every_version:
        tree = {t.turn: t.parent or 0 for t in turns}
        shown = set(versions.path_to(tree, versions.shown_leaf(tree, conversation.leaf)))
        turns = [t for t in turns if t.turn in shown]
    runs = sorted((_run_out(item) for item in items if item.kind == "run"), key=lambda run: run.created_at)
    return ConversationDetail(**conversation_out(conversation).model_dump(), turns=turns, workflow_runs=runs)


def _run_out(item: ChatItem) -> ConversationRun:
    return ConversationRun(
        run_id=str(item.request_id),
        title=str(item.content),
        after_turn=int(item.turn),
        created_at=item.created_at,
    )


def keep_run(user_id: str, conversation_id: str, run_id: str, body: ConversationRunIn) -> ConversationRun:
    """Show a workflow run started from the conversation in it, after its last turn, from now on."""
    return _run_out(repository.save_run(owned_conversation(user_id, conversation_id), run_id, body.title))


def show_version(user_id: str, conversation_id: str, turn: int) -> ConversationDetail:
    """Show the branch through `turn` (one version of a message), down to its newest reply."""
    conversation = owned_conversation(user_id, conversation_id)
    tree = tree_of(repository.turn_tree_items(user_id, conversation_id))
    if turn not in tree:
        raise TurnNotFound("Turn not found")
    repository.set_leaf(conversation, versions.latest_leaf(tree, turn))
    return get_conversation(user_id, conversation_id)


def get_turn(user_id: str, conversation_id: str, turn: int) -> TurnOut:
    """One turn as stored, with its versions."""
    owned_conversation(user_id, conversation_id)
    tree = tree_of(repository.turn_tree_items(user_id, conversation_id))
    turns = turns_from(repository.turn_items(user_id, conversation_id, turn), tree)
    if not turns:
        raise TurnNotFound("Turn not found")
    return turns[0]
