"""What a model is sent for a turn: the conversation so far, as that model should see it."""

from __future__ import annotations

from collections.abc import Mapping

from webox.chat import attachments, repository, versions
from webox.chat.attachments import StoredAttachment
from webox.chat.errors import TurnNotFound
from webox.chat.schemas import AnswerOut, ChatParams, TurnOut
from webox.chat.transcript import turns_from
from webox.providers.schemas import ChatMessage


def messages_for(
    turns: list[TurnOut],
    turn: int,
    model: str,
    attached: Mapping[int, list[StoredAttachment]] | None = None,
) -> tuple[list[ChatMessage], ChatParams]:
    """What `model` is sent for `turn`: every earlier user message of its branch (the turns it
    follows, not the other versions of an edited message) followed by, in order of preference, the
    answer the user picked for that turn, this model's own answer, or the first finished answer of
    that turn; then this turn's message, with this turn's parameters. Turns without any answer are
    left out. Each message carries its `attached` documents; only this turn's shows its images."""
    attached = attached or {}
    by_number = {t.turn: t for t in turns}
    current = by_number.get(turn)
    if current is None:
        raise TurnNotFound("Turn not found")
    path = versions.path_to({t.turn: t.parent or 0 for t in turns}, turn)
    messages: list[ChatMessage] = []
    for earlier in (by_number[n] for n in path[:-1]):
        reply = _reply(earlier, model)
        if reply is None:
            continue
        messages += [
            attachments.user_message(earlier.content, attached.get(earlier.turn, []), with_images=False),
            ChatMessage(role="assistant", content=reply.text),
        ]
    messages.append(attachments.user_message(current.content, attached.get(turn, []), with_images=True))
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
    items = list(repository.items(user_id, conversation_id))
    return messages_for(turns_from(items), turn, model, attachments.by_turn(items))
