"""Conversations over HTTP: list, read, rename, delete, and turns that wait for every answer."""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Header, Path, Query, Response
from webox.auth.dependencies import require_scope
from webox.auth.principals import Principal
from webox.billing import quota
from webox.billing.errors import QUOTA_ERRORS
from webox.chat import conversations as chat_conversations
from webox.chat import turns as chat_turns
from webox.chat.errors import ConversationNotFound, InvalidPick, ModelsUnavailable, TurnConflict, TurnNotFound
from webox.chat.schemas import (
    ConversationCreate,
    ConversationDetail,
    ConversationOut,
    ConversationPage,
    ConversationRename,
    TurnOut,
    TurnRequest,
    TurnStarted,
)
from webox.http import create_app, error_responses, lambda_handler
from webox.providers import service as providers
from webox.providers.errors import UnknownModel
from webox.providers.schemas import AvailableModel

ChatCaller = Annotated[Principal, Depends(require_scope("chat"))]
ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
ConversationId = Annotated[str, Path(pattern=r"^[a-f0-9]{32}$", description="Conversation id")]
ModelId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._:/-]{1,80}$")]

conversations = APIRouter(prefix="/api/conversations", tags=["conversations"])
models = APIRouter(prefix="/api/models", tags=["models"])


@conversations.get("")
def list_conversations(
    caller: ReadCaller,
    q: Annotated[str | None, Query(max_length=100, description="Search in titles (accents ignored)")] = None,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
) -> ConversationPage:
    """The caller's conversations, most recently active first."""
    return chat_conversations.list_conversations(caller.user_id, cursor=cursor, limit=limit, q=q)


@conversations.post("", status_code=201)
def create_conversation(caller: ChatCaller, body: ConversationCreate) -> ConversationOut:
    """Start an empty conversation."""
    return chat_conversations.create_conversation(caller.user_id, body)


@conversations.get("/{conversation_id}", responses=error_responses(ConversationNotFound))
def get_conversation(caller: ReadCaller, conversation_id: ConversationId) -> ConversationDetail:
    """A conversation with every turn and every model's answer, usage, cost and timings."""
    return chat_conversations.get_conversation(caller.user_id, conversation_id)


@conversations.patch("/{conversation_id}", responses=error_responses(ConversationNotFound))
def rename_conversation(
    caller: ChatCaller, conversation_id: ConversationId, body: ConversationRename
) -> ConversationOut:
    """Rename a conversation."""
    return chat_conversations.rename_conversation(caller.user_id, conversation_id, body.title)


@conversations.delete("/{conversation_id}", status_code=204, responses=error_responses(ConversationNotFound))
def delete_conversation(caller: ChatCaller, conversation_id: ConversationId) -> Response:
    """Delete a conversation and everything in it."""
    chat_conversations.delete_conversation(caller.user_id, conversation_id)
    return Response(status_code=204)


@conversations.post(
    "/{conversation_id}/turns",
    responses=error_responses(
        ConversationNotFound,
        TurnNotFound,
        InvalidPick,
        ModelsUnavailable,
        TurnConflict,
        UnknownModel,
        *QUOTA_ERRORS,
    ),
)
async def create_turn(
    caller: ChatCaller,
    conversation_id: ConversationId,
    body: TurnRequest,
    idempotency_key: Annotated[str | None, Header(max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")] = None,
) -> TurnOut:
    """Send a message to several models and wait for every answer (and the verdict)."""
    started, fanout = chat_turns.start_turn(
        caller.user_id, body, request_id=idempotency_key or uuid.uuid4().hex, conversation_id=conversation_id
    )
    if fanout is None:
        return chat_conversations.get_turn(caller.user_id, started.conversation_id, started.turn)
    return await chat_turns.run_turn(fanout)


@conversations.get(
    "/{conversation_id}/turns/{turn}", responses=error_responses(ConversationNotFound, TurnNotFound)
)
def get_turn(
    caller: ReadCaller, conversation_id: ConversationId, turn: Annotated[int, Path(ge=1)]
) -> TurnOut:
    """One turn as stored."""
    return chat_conversations.get_turn(caller.user_id, conversation_id, turn)


@conversations.post(
    "/{conversation_id}/turns/{turn}/answers/{model}/retry",
    status_code=202,
    responses=error_responses(ConversationNotFound, TurnNotFound, ModelsUnavailable, *QUOTA_ERRORS),
)
def retry_answer(
    caller: ChatCaller, conversation_id: ConversationId, turn: Annotated[int, Path(ge=1)], model: ModelId
) -> TurnStarted:
    """Run one model of a turn again; its answer streams over the WebSocket."""
    chat_conversations.owned_conversation(caller.user_id, conversation_id)
    fanout = chat_turns.retry(caller.user_id, conversation_id, turn, model)
    chat_turns.launch(fanout)
    return fanout.started()


@models.get("")
def list_models(caller: ReadCaller) -> list[AvailableModel]:
    """Every model of the registry with whether the caller can use it, whether it is simulated, and
    whether their plan includes it."""
    return quota.mark_in_plan(caller.user_id, providers.available_models(caller.user_id))


app = create_app(
    conversations,
    models,
    title="Chat",
    description="Multi-model conversations. Streaming goes over the WebSocket API (`chat.send`).",
)
handler = lambda_handler(app)
