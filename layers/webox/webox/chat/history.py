"""What a model is sent for a turn: the conversation so far, as that model should see it."""

from __future__ import annotations

from webox.chat import repository
from webox.chat.errors import TurnNotFound
from webox.chat.schemas import AnswerOut, ChatParams, TurnOut
from webox.chat.transcript import turns_from
from webox.providers.schemas import ChatMessage


def messages_for(turns: list[TurnOut], turn: int, model: str) -> tuple[list[ChatMessage], ChatParams]:
    """What `model` is sent for `turn`: every earlier user message followed by, in order of
    preference, the answer the user picked for that turn, this model's own answer, or the first
    finished answer of that turn; then this turn's message, with this turn's parameters. Turns
    without any answer are left out."""
    current = next((t for t in turns if t.turn == turn), None)
    if current is None:
        raise TurnNotFound("Turn not found")
    messages: list[ChatMessage] = []
    for earlier in turns:
        if earlier.turn >= turn:
            break
        reply = _reply(earlier, model)
        if reply is None:
            continue
        messages += [
            ChatMessage(role="user", content=earlier.content),
            ChatMessage(role="assistant", content=reply.text),
        ]
    messages.append(ChatMessage(role="user", content=current.content))
    return messages, current.params


def _reply(earlier: TurnOut, model: str) -> AnswerOut | None:
    """The answer of an earlier turn that stands for the conversation's reply to `model`."""
    done = {a.model: a for a in earlier.answers if a.status == "done" and a.text}
    return (
        done.get(earlier.chosen_model or "")
        or done.get(model)
        or next((done[m] for m in earlier.models if m in done), None)
    )


def history_for(
    user_id: str, conversation_id: str, turn: int, model: str
) -> tuple[list[ChatMessage], ChatParams]:
    """`messages_for` over the stored conversation."""
    return messages_for(turns_from(list(repository.items(user_id, conversation_id))), turn, model)
