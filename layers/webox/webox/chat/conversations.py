"""A user's conversations: create, list and search, read (with every turn), rename, delete."""

from __future__ import annotations

import uuid

from webox.chat import repository
from webox.chat.errors import ConversationNotFound, TurnNotFound
from webox.chat.models import Conversation
from webox.chat.schemas import (
    ConversationCreate,
    ConversationDetail,
    ConversationOut,
    ConversationPage,
    TurnOut,
)
from webox.chat.transcript import turns_from
from webox.db import utcnow
from webox.text import fold

DEFAULT_TITLE = {"fr": "Nouvelle conversation", "en": "New conversation"}


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


def list_conversations(user_id: str, *, cursor: str | None, limit: int, q: str | None) -> ConversationPage:
    """The user's conversations, most recently active first, optionally searched by title."""
    items, next_cursor = repository.list_conversations(
        user_id, cursor=cursor, limit=limit, title_contains=_title_search(q)
    )
    return ConversationPage(items=[conversation_out(c) for c in items], next_cursor=next_cursor)


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
    """Delete a conversation with every turn, answer, verdict and stored file."""
    owned_conversation(user_id, conversation_id)
    repository.delete_conversation(user_id, conversation_id)


def get_conversation(user_id: str, conversation_id: str) -> ConversationDetail:
    """A conversation with every turn and every model's answer, as stored (what a reconnect rebuilds)."""
    conversation = owned_conversation(user_id, conversation_id)
    turns = turns_from(list(repository.items(user_id, conversation_id)))
    return ConversationDetail(**conversation_out(conversation).model_dump(), turns=turns)


def get_turn(user_id: str, conversation_id: str, turn: int) -> TurnOut:
    owned_conversation(user_id, conversation_id)
    turns = turns_from(repository.turn_items(user_id, conversation_id, turn))
    if not turns:
        raise TurnNotFound("Turn not found")
    return turns[0]
