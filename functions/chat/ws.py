"""WebSocket routes `chat.send`, `chat.stop` and `chat.retry`: validate, store, start the fan-out, return."""

from __future__ import annotations

from typing import Any

from webox.chat import conversations as chat_conversations
from webox.chat import turns as chat_turns
from webox.errors import NotFound
from webox.realtime import service as realtime_service
from webox.realtime.dispatch import BROWSER, Dispatcher
from webox.realtime.protocol import ChatRejected, ChatRetry, ChatSend, ChatStarted, ChatStop
from webox.realtime.service import Caller

socket = Dispatcher(BROWSER)


@socket.action("chat.send", scope="chat", rejection=ChatRejected.refusing, early=chat_turns.checks_reads)
def send(caller: Caller, action: ChatSend) -> None:
    """Store the turn and start the fan-out; a repeated request id is answered `chat.started` again."""
    started, new = chat_turns.start_and_launch(
        caller.user_id,
        action,
        request_id=action.request_id,
        conversation_id=action.conversation_id,
        early=caller.early,
    )
    if not new:
        realtime_service.send_to_connection(caller.connection_id, ChatStarted(**started.model_dump()))


@socket.action("chat.stop", scope="chat", rejection=ChatRejected.refusing)
def stop(caller: Caller, action: ChatStop) -> None:
    """Stop the models still answering a request."""
    if not chat_turns.stop(caller.user_id, action.request_id, action.model):
        raise NotFound("No such request", code="request_not_found")


@socket.action("chat.retry", scope="chat", rejection=ChatRejected.refusing)
def retry(caller: Caller, action: ChatRetry) -> None:
    """Run one model of a turn again."""
    chat_conversations.owned_conversation(caller.user_id, action.conversation_id)
    chat_turns.launch(chat_turns.retry(caller.user_id, action.conversation_id, action.turn, action.model))


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """One chat action from a connection."""
    return socket.dispatch(event)
