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
from webox.chat import search as chat_search
from webox.chat.errors import (
    ConversationNotFound,
    InvalidEdit,
    InvalidPick,
    InvalidSearch,
    ModelsUnavailable,
    TooManyPins,
    TurnConflict,
    TurnNotFound,
)
from webox.chat.schemas import (
    ConversationCreate,
    ConversationDetail,
    ConversationOut,
    ConversationPage,
    ConversationRename,
    ConversationRun,
    ConversationRunIn,
    MessageSearchPage,
    TurnOut,
    TurnRequest,
    TurnStarted,
    VersionChoice,
)
from webox.db import InvalidCursor
from webox.http import create_app, error_responses, lambda_handler
from webox.providers import service as providers
from webox.providers.errors import UnknownModel
from webox.providers.model_schemas import AvailableModel

ChatCaller = Annotated[Principal, Depends(require_scope("chat"))]
ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
ConversationId = Annotated[str, Path(pattern=r"^[a-f0-9]{32}$", description="Conversation id")]
RunId = Annotated[str, Path(pattern=r"^[a-f0-9]{32}$", description="A workflow run's id (its task's)")]
ModelId = Annotated[str, Path(pattern=r"^[A-Za-z0-9._:/-]{1,80}$")]

conversations = APIRouter(prefix="/api/conversations", tags=["conversations"])
models = APIRouter(prefix="/api/models", tags=["models"])


@conversations.get("")
def list_conversations(
    caller: ReadCaller,
    q: Annotated[str | None, Query(max_length=100, description="Search in titles (accents ignored)")] = None,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 30,
    pinned: Annotated[
        bool | None,
        Query(description="true: only the pinned conversations (all, one page); false: the others"),
    ] = None,
) -> ConversationPage:
    """The caller's conversations, most recently active first."""
    return chat_conversations.list_conversations(
        caller.user_id, cursor=cursor, limit=limit, q=q, pinned=pinned
    )


@conversations.get("/search", responses=error_responses(InvalidSearch, InvalidCursor))
def search_messages(
    caller: ReadCaller,
    q: Annotated[
        str,
        Query(
            min_length=1,
            max_length=100,
            description="Words to find in messages and answers (word starts; accents and case ignored)",
        ),
    ],
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> MessageSearchPage:
    """Search inside every message and answer of the caller's conversations, newest first."""
    return chat_search.search(caller.user_id, q, cursor=cursor, limit=limit)


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


@conversations.put("/{conversation_id}/pin", responses=error_responses(ConversationNotFound, TooManyPins))
def pin_conversation(caller: ChatCaller, conversation_id: ConversationId) -> ConversationOut:
    """Pin a conversation: pinned conversations are listed first."""
    return chat_conversations.set_pinned(caller.user_id, conversation_id, True)


@conversations.delete("/{conversation_id}/pin", responses=error_responses(ConversationNotFound))
def unpin_conversation(caller: ChatCaller, conversation_id: ConversationId) -> ConversationOut:
    """Unpin a conversation."""
    return chat_conversations.set_pinned(caller.user_id, conversation_id, False)


@conversations.put(
    "/{conversation_id}/workflow-runs/{run_id}", responses=error_responses(ConversationNotFound)
)
def keep_workflow_run(
    caller: ChatCaller, conversation_id: ConversationId, run_id: RunId, body: ConversationRunIn
) -> ConversationRun:
    """Keep a workflow run started from the conversation (the `/workflow` command) in it: its card
    shows after the conversation's last turn from then on. Putting the same run again changes nothing."""
    return chat_conversations.keep_run(caller.user_id, conversation_id, run_id, body)


@conversations.put("/{conversation_id}/branch", responses=error_responses(ConversationNotFound, TurnNotFound))
def show_version(
    caller: ChatCaller, conversation_id: ConversationId, body: VersionChoice
) -> ConversationDetail:
    """Show another version of an edited or regenerated message, with the turns that followed it."""
    return chat_conversations.show_version(caller.user_id, conversation_id, body.turn)


@conversations.post(
    "/{conversation_id}/turns",
    responses=error_responses(
        ConversationNotFound,
        TurnNotFound,
        InvalidEdit,
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
    """Send a message to several models and wait for every answer (and the verdict); with `edit_of`,
    as a new version of an earlier message."""
    # Imported by the turn routes only (with the providers, the socket protocol and the judges): the
    # SPA streams its turns over chat-ws, and reads conversations and models here.
    from webox.chat import turns as chat_turns

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
    "/{conversation_id}/turns/{turn}/regenerate",
    responses=error_responses(
        ConversationNotFound, TurnNotFound, ModelsUnavailable, TurnConflict, UnknownModel, *QUOTA_ERRORS
    ),
)
async def regenerate_turn(
    caller: ChatCaller,
    conversation_id: ConversationId,
    turn: Annotated[int, Path(ge=1)],
    idempotency_key: Annotated[str | None, Header(max_length=64, pattern=r"^[A-Za-z0-9._:-]+$")] = None,
) -> TurnOut:
    """Every model of a turn answers again, as a new version of it (the earlier answers are kept);
    waits for every answer."""
    from webox.chat import turns as chat_turns

    request = chat_turns.regenerate_request(caller.user_id, conversation_id, turn)
    started, fanout = chat_turns.start_turn(
        caller.user_id,
        request,
        request_id=idempotency_key or uuid.uuid4().hex,
        conversation_id=conversation_id,
    )
    if fanout is None:
        return chat_conversations.get_turn(caller.user_id, started.conversation_id, started.turn)
    return await chat_turns.run_turn(fanout)


@conversations.post(
    "/{conversation_id}/turns/{turn}/answers/{model}/retry",
    status_code=202,
    responses=error_responses(ConversationNotFound, TurnNotFound, ModelsUnavailable, *QUOTA_ERRORS),
)
def retry_answer(
    caller: ChatCaller, conversation_id: ConversationId, turn: Annotated[int, Path(ge=1)], model: ModelId
) -> TurnStarted:
    """Run one model of a turn again; its answer streams over the WebSocket."""
    from webox.chat import turns as chat_turns

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
