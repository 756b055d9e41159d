"""Turns: start one (validation, storage, idempotency by request id), launch its fan-out, run it
in-process, stop it, retry one model of it.

A turn is stored by `start_turn`, answered by one `webox.chat.branch.run_branch` per model
(streaming to the user's WebSockets, storing the answer as its own item even when nobody listens)
and closed by `webox.chat.merge.finish_turn` (usage, cross-verification). On AWS the branches are
a Step Functions Map started by `launch`; the REST path runs the same functions in-process
(`run_turn`). Both take the same `Fanout` input.
"""

from __future__ import annotations

import asyncio
import dataclasses
import uuid
from concurrent.futures import Future, ThreadPoolExecutor

from pynamodb.exceptions import TransactWriteError

from webox import workflow
from webox.assistants import service as assistants_service
from webox.auth import repository as auth_repository
from webox.billing import quota
from webox.chat import attachments, branch, conversations, merge, repository, search, versions
from webox.chat.attachments import StoredAttachment
from webox.chat.errors import InvalidEdit, InvalidPick, ModelsUnavailable, TurnConflict, TurnNotFound
from webox.chat.jobs import Fanout, Opening
from webox.chat.models import ChatItem, Conversation
from webox.chat.schemas import ChatParams, TurnOut, TurnRequest, TurnStarted
from webox.providers import service as providers
from webox.realtime.protocol import ChatStarted
from webox.realtime.service import Audience
from webox.verification import service as verification

FANOUT = "chat-fanout"
STORE_ATTEMPTS = 5  # each failed attempt means another turn of the conversation was stored first


def _check_models(user_id: str, models: list[str], own: frozenset[str] | None = None) -> dict[str, str]:
    """Every requested model must be served for this user; returns whose key each one uses."""
    sources, missing = providers.key_sources(user_id, models, own)
    if missing:
        raise ModelsUnavailable(f"Not available: {', '.join(missing)}", extra={"models": missing})
    return sources


def _judge(
    user_id: str, request: TurnRequest, own: frozenset[str], standing: Future[quota.Standing] | None
) -> tuple[str, str] | None:
    """The turn's judge and whose key answers it: none when the answers will not be compared, the
    requested one when it is served for this user, else the preferred one the plan allows."""
    if request.judge_off or len(request.models) < 2:
        return None
    if request.judge is not None:
        return request.judge, _check_models(user_id, [request.judge], own)[request.judge]
    known = standing.result() if standing is not None else None
    return verification.choose_judge(user_id, request.models, own=own, known=known)


@dataclasses.dataclass(frozen=True)
class Reads:
    """What a turn's checks read: the user's standing against their plan (read on another thread;
    None when the platform pays for nothing, so no plan's budget can apply) and the vendors they
    hold a key for."""

    standing: Future[quota.Standing] | None
    own: frozenset[str]


def checks_reads(user_id: str, _request: object = None) -> Reads:
    """Start the standing's read and query the user's keys; the `chat.send` socket action starts
    this while its caller is checked (`early`)."""
    standing = quota.standing_soon(user_id) if providers.platform_pays_any() else None
    return Reads(standing=standing, own=providers.own_vendors(user_id))


def start_turn(
    user_id: str,
    request: TurnRequest,
    *,
    request_id: str,
    conversation_id: str | None = None,
    early: Future[Reads] | None = None,
) -> tuple[TurnStarted, Fanout | None]:
    """Store a new turn and return it with its fan-out input; a repeated request id returns the
    first turn instead of starting another, with no fan-out (None). One transaction writes it all.

    What the checks read is read at once (`checks_reads`: the user's standing against their plan
    while their keys are queried), or was started `early` by the socket action, and serves the
    models', the judge's and the quota's checks."""
    reads = early.result() if early is not None else checks_reads(user_id)
    standing, own = reads.standing, reads.own
    sources = _check_models(user_id, request.models, own)
    judge = _judge(user_id, request, own, standing)
    params, assistant_name = _with_assistant(user_id, request)
    attached = attachments.take(user_id, request.attachments)
    prompt_chars = len(request.content) + len(params.system or "") + attachments.document_chars(attached)
    quota.check_models(
        user_id,
        "chat",
        sources,
        prompt_chars=prompt_chars,
        max_tokens=params.max_tokens,
        judge=judge,
        known=standing.result() if standing is not None else None,
    )
    if request.edit_of is not None and conversation_id is None:
        raise InvalidEdit("Only a message of this conversation can be edited")
    if request.pick is not None:
        if conversation_id is None:
            raise InvalidPick("Only a finished answer of this conversation can be picked")
        _apply_pick(user_id, conversation_id, request.pick.turn, request.pick.model)
    for _attempt in range(STORE_ATTEMPTS):
        try:
            return _store_turn(
                user_id,
                request,
                params,
                attached,
                sources,
                judge,
                request_id,
                conversation_id,
                assistant_name,
            )
        except repository.TurnConflict:
            continue  # another turn of this conversation was stored first: take the next number
    raise TurnConflict("This conversation is too busy, try again")


def _store_turn(
    user_id: str,
    request: TurnRequest,
    params: ChatParams,
    attached: list[StoredAttachment],
    sources: dict[str, str],
    judge: tuple[str, str] | None,
    request_id: str,
    conversation_id: str | None,
    assistant_name: str | None,
) -> tuple[TurnStarted, Fanout | None]:
    """One attempt at storing the turn as the conversation's next (raises `repository.TurnConflict`
    when another turn took that number). An edit without attachments keeps the edited message's."""
    if conversation_id is None:
        conversation, is_new = conversations.draft_conversation(user_id, request.content), True
    else:
        conversation, is_new = conversations.owned_conversation(user_id, conversation_id), False
    turn = int(conversation.turn_count or 0) + 1
    parent, edited = _parent(user_id, conversation, request.edit_of)
    if edited is not None and not attached:
        attached = attachments.of_item(edited)
    stored_params = params.model_dump(exclude_none=True)
    turn_item = repository.new_item(
        user_id,
        conversation.conversation_id,
        repository.turn_key(turn),
        kind="turn",
        turn=turn,
        parent=parent,
        request_id=request_id,
        content=request.content,
        models=request.models,
        params=stored_params,
        verify="off" if request.judge_off else "auto",
        judge=judge[0] if judge else None,
        assistant_id=request.assistant_id,
        assistant_name=assistant_name,
        key_sources=sources,
        attachments=[a.model_dump(exclude_none=True) for a in attached] or None,
    )
    try:
        try:
            repository.create_turn(
                user_id, conversation, is_new=is_new, turn_item=turn_item, request_id=request_id
            )
        except TransactWriteError as error:
            repository.raise_turn_conflict(error)
    except repository.DuplicateRequest:
        earlier = repository.get_request(user_id, request_id)
        if earlier is None or not earlier.conversation_id:
            raise
        started = TurnStarted(
            request_id=request_id,
            conversation_id=earlier.conversation_id,
            turn=int(earlier.turn or 0),
            models=request.models,
        )
        return started, None
    fanout = Fanout(
        user_id=user_id,
        conversation_id=conversation.conversation_id,
        turn=turn,
        request_id=request_id,
        models=request.models,
        key_sources=sources,
        # Attachments are read back with the turn: the fan-out input stays small.
        opening=Opening(content=request.content, params=stored_params)
        if parent == 0 and not attached
        else None,
    )
    return fanout.started(), fanout


def _parent(user_id: str, conversation: Conversation, edit_of: int | None) -> tuple[int, ChatItem | None]:
    """The turn a new one follows: the last of the branch shown, or for an edit, the edited
    message's own parent (the new turn is another version of it), with the edited turn's item."""
    if edit_of is None:
        leaf = conversation.leaf
        return (int(leaf) if leaf is not None else int(conversation.turn_count or 0)), None
    edited = repository.get_item(user_id, conversation.conversation_id, repository.turn_key(edit_of))
    if edited is None or edited.kind != "turn":
        raise TurnNotFound("No such message in this conversation")
    return versions.parent_of(edit_of, edited.parent), edited


def _with_assistant(user_id: str, request: TurnRequest) -> tuple[ChatParams, str | None]:
    """The turn's parameters: the request's own, completed by its assistant's prompt and defaults;
    and the assistant's name as the user sees it (kept with the turn: the turn says it even once
    the assistant is renamed or gone)."""
    if request.assistant_id is None:
        return request.params, None
    user = auth_repository.get_user(user_id)
    assistant = assistants_service.for_turn(user_id, request.assistant_id, user.language if user else "fr")
    given = request.params
    params = ChatParams(
        system=given.system if given.system is not None else assistant.system_prompt,
        temperature=given.temperature if given.temperature is not None else assistant.params.temperature,
        max_tokens=given.max_tokens if given.max_tokens is not None else assistant.params.max_tokens,
    )
    return params, assistant.name or None


def _apply_pick(user_id: str, conversation_id: str, turn: int, model: str) -> None:
    answer = repository.get_item(user_id, conversation_id, repository.answer_key(turn, model))
    if answer is None or answer.status != "done":
        raise InvalidPick("Only a finished answer of this conversation can be picked")
    repository.set_chosen(user_id, conversation_id, turn, model)


def regenerate_request(user_id: str, conversation_id: str, turn: int) -> TurnRequest:
    """What regenerating a turn sends: its message again, to its models, with its parameters and
    assistant, as a new version of it (the answers given before are kept)."""
    stored = conversations.get_turn(user_id, conversation_id, turn)
    return TurnRequest(
        models=stored.models,
        content=stored.content,
        params=stored.params,
        verify=stored.verify,
        assistant_id=stored.assistant_id,
        edit_of=turn,
    )


# Beside the way to the models: the user's tabs looked up while a turn is stored, then told of it
# while its fan-out starts.
_BESIDE = ThreadPoolExecutor(max_workers=4, thread_name_prefix="audience")


def launch(fanout: Fanout, audience: Audience | None = None) -> None:
    """Announce the turn to the user's tabs while its fan-out starts, without waiting for the
    fan-out; the connections it is announced to travel with it, so a branch pushes before any read.
    `audience`: the user's connections when the caller looked them up already (the WebSocket
    route does, while it stores the turn). A first delta may reach a tab before `chat.started`: the
    tab knows the turn by its request id."""
    audience = audience or Audience(fanout.user_id)
    connections = audience.connections
    announced = _BESIDE.submit(audience.send, ChatStarted(**fanout.started().model_dump()))
    try:
        workflow.start(
            FANOUT,
            dataclasses.replace(fanout, connections=connections).payload(),
            name=f"{fanout.request_id}-{uuid.uuid4().hex[:8]}",
        )
    finally:
        announced.result()


def start_and_launch(
    user_id: str,
    request: TurnRequest,
    *,
    request_id: str,
    conversation_id: str | None = None,
    early: Future[Reads] | None = None,
) -> tuple[TurnStarted, bool]:
    """`start_turn`, then `launch` when the turn is new (True); the user's tabs are looked up while
    the turn is checked and stored, so announcing it adds no query to the way to the models."""
    audience = Audience(user_id)
    lookup = _BESIDE.submit(audience.refresh)
    started, fanout = start_turn(
        user_id, request, request_id=request_id, conversation_id=conversation_id, early=early
    )
    lookup.result()
    if fanout is not None:
        launch(fanout, audience)
    return started, fanout is not None


async def run_turn(fanout: Fanout) -> TurnOut:
    """Run a whole turn in this process (REST and tests): every branch concurrently, then the close."""
    await asyncio.gather(*(branch.run_branch(fanout, model) for model in fanout.models))
    await merge.finish_turn(fanout)
    return await asyncio.to_thread(
        conversations.get_turn, fanout.user_id, fanout.conversation_id, fanout.turn
    )


def stop(user_id: str, request_id: str, model: str | None = None) -> bool:
    """Ask the models answering a request to stop; False when the request is not the user's."""
    marker = repository.get_request(user_id, request_id)
    if marker is None or not marker.turn or not marker.conversation_id:
        return False
    repository.request_stop(user_id, marker.conversation_id, int(marker.turn), model)
    return True


def retry(user_id: str, conversation_id: str, turn: int, model: str) -> Fanout:
    """The fan-out that runs one model of a turn again (a failed or stopped column), its answer
    reset to pending; the verdict is redone after."""
    own = providers.own_vendors(user_id)
    sources = _check_models(user_id, [model], own)
    item = repository.get_item(user_id, conversation_id, repository.turn_key(turn))
    if item is None or model not in (item.models or []):
        raise TurnNotFound("No such answer in this conversation")
    judge = (item.judge, _check_models(user_id, [item.judge], own)[item.judge]) if item.judge else None
    quota.check_models(user_id, "chat", sources, prompt_chars=0, max_tokens=None, judge=judge)
    source = sources[model]  # the key it uses now (the user may have added one since)
    before = conversations.get_turn(user_id, conversation_id, turn)
    repository.delete_index_entries(user_id, search.answer_entries(conversation_id, before, model))
    repository.finish_answer(
        user_id,
        conversation_id,
        turn,
        model,
        "",
        status="pending",
        key_source=source,
        simulated=int(source == "simulated"),
    )
    return Fanout(
        user_id=user_id,
        conversation_id=conversation_id,
        turn=turn,
        request_id=item.request_id or "",
        models=[model],
        key_sources={model: source},
    )
