"""Chat: conversations, turns fanned out to several models, each answer streamed and stored.

A turn is started by `start_turn` (validation, storage, idempotency by request id), run by one
`run_branch` per model (streaming to the user's WebSockets, storing the answer as its own item even
when nobody listens) and closed by `finish_turn` (cross-verification). On AWS the branches are a
Step Functions Map; the REST and gateway paths run the same functions in-process.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from pynamodb.exceptions import TransactWriteError

from webox import workflow
from webox.assistants import service as assistants_service
from webox.auth import repository as auth_repository
from webox.billing import quota
from webox.chat import repository
from webox.chat.errors import ConversationNotFound, InvalidPick, ModelsUnavailable, TurnConflict, TurnNotFound
from webox.chat.models import ChatItem, Conversation
from webox.chat.schemas import (
    AnswerOut,
    ChatParams,
    ConversationCreate,
    ConversationDetail,
    ConversationOut,
    ConversationPage,
    TurnOut,
    TurnRequest,
    TurnStarted,
    UsageOut,
)
from webox.db import utcnow
from webox.errors import WeboxError
from webox.logging import get_logger
from webox.providers import registry
from webox.providers import service as providers
from webox.providers.schemas import ChatMessage, Completed, GenerationParams, TextDelta
from webox.realtime.protocol import (
    ChatDelta,
    ChatDone,
    ChatError,
    ChatFinished,
    ChatStarted,
    ChatVerdict,
    ChatVerifying,
    Frame,
)
from webox.realtime.service import Audience
from webox.text import fold
from webox.usage import service as usage_service
from webox.verification.schemas import ErrorOut, Verdict

FANOUT = "chat-fanout"
DELTA_INTERVAL_S = 0.05  # deltas after the first are batched about every 50 ms
STOP_POLL_S = 1.0  # how soon a stop is seen: one read per branch per second
DEFAULT_TITLE = {"fr": "Nouvelle conversation", "en": "New conversation"}


def _title_from(content: str) -> str:
    line = " ".join(content.split())
    return line if len(line) <= 80 else line[:77].rstrip() + "…"


# -- conversations -----------------------------------------------------------------------------


def _conversation_out(conversation: Conversation) -> ConversationOut:
    return ConversationOut(
        id=conversation.conversation_id,
        title=conversation.title,
        created_at=conversation.created_at,
        updated_at=conversation.updated_at,
        turn_count=int(conversation.turn_count or 0),
        last_models=list(conversation.last_models or []),
    )


def create_conversation(user_id: str, data: ConversationCreate) -> ConversationOut:
    """A new, empty conversation."""
    conversation = _draft_conversation(user_id, data.title or DEFAULT_TITLE["fr"])
    repository.create_conversation(conversation)
    return _conversation_out(conversation)


def owned_conversation(user_id: str, conversation_id: str) -> Conversation:
    """The user's conversation, or 404 (also for another user's id)."""
    conversation = repository.get_conversation(user_id, conversation_id)
    if conversation is None:
        raise ConversationNotFound("Conversation not found")
    return conversation


def list_conversations(user_id: str, *, cursor: str | None, limit: int, q: str | None) -> ConversationPage:
    """The user's conversations, most recently active first, optionally searched by title."""
    items, next_cursor = repository.list_conversations(
        user_id, cursor=cursor, limit=limit, title_contains=fold(q.strip()) if q and q.strip() else None
    )
    return ConversationPage(items=[_conversation_out(c) for c in items], next_cursor=next_cursor)


def rename_conversation(user_id: str, conversation_id: str, title: str) -> ConversationOut:
    conversation = owned_conversation(user_id, conversation_id)
    repository.rename(conversation, title.strip(), fold(title))
    return _conversation_out(owned_conversation(user_id, conversation_id))


def delete_conversation(user_id: str, conversation_id: str) -> None:
    """Delete a conversation with every turn, answer, verdict and stored file."""
    owned_conversation(user_id, conversation_id)
    repository.delete_conversation(user_id, conversation_id)


def _answer_out(item: ChatItem) -> AnswerOut:
    error = ErrorOut(code=item.error_code, message=item.error_message or "") if item.error_code else None
    answer = AnswerOut(
        model=item.model or "",
        status=item.status or "pending",  # type: ignore[arg-type]
        text=repository.answer_text(item),
        usage=UsageOut(input_tokens=int(item.input_tokens or 0), output_tokens=int(item.output_tokens or 0)),
        cost=float(item.cost or 0),
        ttft_ms=int(item.ttft_ms) if item.ttft_ms is not None else None,
        duration_ms=int(item.duration_ms) if item.duration_ms is not None else None,
        error=error,
        simulated=bool(item.simulated),
    )
    answer._key_source = item.key_source
    return answer


def _turns(items: list[ChatItem]) -> list[TurnOut]:
    turns: dict[int, TurnOut] = {}
    answers: dict[int, dict[str, AnswerOut]] = {}
    key_sources: dict[int, dict[str, str]] = {}
    for item in items:
        n = int(item.turn)
        if item.kind == "turn":
            key_sources[n] = dict(item.key_sources or {})
            params = {k: v for k, v in (item.params or {}).items() if k in ChatParams.model_fields}
            turns[n] = TurnOut(
                turn=n,
                request_id=item.request_id,
                content=item.content or "",
                models=list(item.models or []),
                params=ChatParams(**params),
                chosen_model=item.chosen_model,
                verify=item.verify != "off",
                assistant_id=item.assistant_id,
                created_at=item.created_at,
                answers=[],
            )
        elif item.kind == "answer" and item.model:
            answers.setdefault(n, {})[item.model] = _answer_out(item)
        elif item.kind == "verdict" and item.verdict and n in turns:
            turns[n].verdict = Verdict(**item.verdict)
    for n, turn in turns.items():
        by_model = answers.get(n, {})
        sources = key_sources.get(n, {})
        turn.answers = [by_model.get(m) or _pending(m, sources.get(m)) for m in turn.models]
        for answer in turn.answers:
            answer._key_source = answer._key_source or sources.get(answer.model)
    return [turns[n] for n in sorted(turns)]


def _pending(model: str, key_source: str | None) -> AnswerOut:
    """A model of a turn whose branch has not stored its answer yet."""
    return AnswerOut(
        model=model,
        status="pending",
        text="",
        usage=UsageOut(input_tokens=0, output_tokens=0),
        cost=0.0,
        ttft_ms=None,
        duration_ms=None,
        error=None,
        simulated=key_source == "simulated",
    )


def get_conversation(user_id: str, conversation_id: str) -> ConversationDetail:
    """A conversation with every turn and every model's answer, as stored (what a reconnect rebuilds)."""
    conversation = owned_conversation(user_id, conversation_id)
    turns = _turns(list(repository.items(user_id, conversation_id)))
    return ConversationDetail(**_conversation_out(conversation).model_dump(), turns=turns)


def get_turn(user_id: str, conversation_id: str, turn: int) -> TurnOut:
    owned_conversation(user_id, conversation_id)
    turns = _turns(repository.turn_items(user_id, conversation_id, turn))
    if not turns:
        raise TurnNotFound("Turn not found")
    return turns[0]


# -- starting a turn ---------------------------------------------------------------------------


def _check_models(user_id: str, models: list[str]) -> dict[str, str]:
    """Every requested model must be served for this user; returns whose key each one uses."""
    offered = {m.id: m for m in providers.available_models(user_id)}
    missing = [m for m in models if m not in offered or not offered[m].available]
    if missing:
        raise ModelsUnavailable(f"Not available: {', '.join(missing)}", extra={"models": missing})
    return {m: str(offered[m].key_source) for m in models}


def start_turn(
    user_id: str, request: TurnRequest, *, request_id: str, conversation_id: str | None = None
) -> tuple[TurnStarted, bool]:
    """Store a new turn with one pending answer per model; a repeated request id returns the first
    turn instead of starting another (True when the turn is new). One transaction writes it all."""
    sources = _check_models(user_id, request.models)
    params = _with_assistant(user_id, request)
    prompt_chars = len(request.content) + len(params.system or "")
    quota.check_models(user_id, "chat", sources, prompt_chars=prompt_chars, max_tokens=params.max_tokens)
    if request.pick is not None:
        if conversation_id is None:
            raise InvalidPick("Only a finished answer of this conversation can be picked")
        _apply_pick(user_id, conversation_id, request.pick.turn, request.pick.model)
    for _attempt in range(5):
        if conversation_id is None:
            conversation, is_new = _draft_conversation(user_id, request.content), True
        else:
            conversation, is_new = owned_conversation(user_id, conversation_id), False
        turn = int(conversation.turn_count or 0) + 1
        target = conversation.conversation_id
        turn_item = repository.new_item(
            user_id,
            target,
            repository.turn_key(turn),
            kind="turn",
            turn=turn,
            request_id=request_id,
            content=request.content,
            models=request.models,
            params=params.model_dump(exclude_none=True),
            verify="auto" if request.verify else "off",
            assistant_id=request.assistant_id,
            key_sources=sources,
        )
        try:
            try:
                repository.create_turn(
                    user_id,
                    conversation,
                    is_new=is_new,
                    turn_item=turn_item,
                    request_id=request_id,
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
            return started, False
        except repository.TurnConflict:
            continue  # another turn of this conversation was stored first: take the next number
        started = TurnStarted(request_id=request_id, conversation_id=target, turn=turn, models=request.models)
        if turn == 1:
            started._opening = {
                "content": request.content,
                "params": params.model_dump(exclude_none=True),
                "sources": sources,
            }
        return started, True
    raise TurnConflict("This conversation is too busy, try again")


def _with_assistant(user_id: str, request: TurnRequest) -> ChatParams:
    """The turn's parameters: the request's own, completed by its assistant's prompt and defaults."""
    if request.assistant_id is None:
        return request.params
    user = auth_repository.get_user(user_id)
    assistant = assistants_service.for_turn(user_id, request.assistant_id, user.language if user else "fr")
    given = request.params
    return ChatParams(
        system=given.system if given.system is not None else assistant.system_prompt,
        temperature=given.temperature if given.temperature is not None else assistant.params.temperature,
        max_tokens=given.max_tokens if given.max_tokens is not None else assistant.params.max_tokens,
    )


def _draft_conversation(user_id: str, text: str) -> Conversation:
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


def _apply_pick(user_id: str, conversation_id: str, turn: int, model: str) -> None:
    answer = repository.get_item(user_id, conversation_id, repository.answer_key(turn, model))
    if answer is None or answer.status != "done":
        raise InvalidPick("Only a finished answer of this conversation can be picked")
    repository.set_chosen(user_id, conversation_id, turn, model)


def fanout_input(user_id: str, started: TurnStarted, connections: list[str]) -> dict[str, Any]:
    """The state machine's input for a turn: what a branch needs before its first push (a first
    turn's content, the connections the turn was announced to) travels with it."""
    return {
        "user_id": user_id,
        "conversation_id": started.conversation_id,
        "turn": started.turn,
        "request_id": started.request_id,
        "models": started.models,
        "opening": started._opening,
        "connections": connections,
    }


def launch(user_id: str, started: TurnStarted, audience: Audience | None = None) -> None:
    """Announce the turn to the user's tabs and start the fan-out without waiting for it.
    `audience`: the user's connections when the caller looked them up already (the WebSocket
    route does, while it stores the turn)."""
    audience = audience or Audience(user_id)
    audience.send(ChatStarted(**started.model_dump()))
    workflow.start(
        FANOUT,
        fanout_input(user_id, started, audience.connections),
        name=f"{started.request_id}-{uuid.uuid4().hex[:8]}",
    )


_LOOKUPS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="audience")


def start_and_launch(
    user_id: str, request: TurnRequest, *, request_id: str, conversation_id: str | None = None
) -> tuple[TurnStarted, bool]:
    """`start_turn`, then `launch` when the turn is new; the user's tabs are looked up while the
    turn is checked and stored, so announcing it adds no query to the way to the models."""
    audience = Audience(user_id)
    lookup = _LOOKUPS.submit(audience.refresh)
    started, new = start_turn(user_id, request, request_id=request_id, conversation_id=conversation_id)
    lookup.result()
    if new:
        launch(user_id, started, audience)
    return started, new


def stop(user_id: str, request_id: str, model: str | None = None) -> bool:
    """Ask the models answering a request to stop; False when the request is not the user's."""
    marker = repository.get_request(user_id, request_id)
    if marker is None or not marker.turn or not marker.conversation_id:
        return False
    repository.request_stop(user_id, marker.conversation_id, int(marker.turn), model)
    return True


def retry(user_id: str, conversation_id: str, turn: int, model: str) -> TurnStarted:
    """Run one model of a turn again (a failed or stopped column); the verdict is redone after."""
    sources = _check_models(user_id, [model])
    quota.check_models(user_id, "chat", sources, prompt_chars=0, max_tokens=None)
    item = repository.get_item(user_id, conversation_id, repository.turn_key(turn))
    if item is None or model not in (item.models or []):
        raise TurnNotFound("No such answer in this conversation")
    source = sources[model]  # the key it uses now (the user may have added one since)
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
    return TurnStarted(
        request_id=item.request_id or "", conversation_id=conversation_id, turn=turn, models=[model]
    )


# -- running a branch --------------------------------------------------------------------------


def history_for(
    user_id: str, conversation_id: str, turn: int, model: str
) -> tuple[list[ChatMessage], ChatParams]:
    """What `model` is sent for `turn`: every earlier user message followed by, in order of
    preference, the answer the user picked for that turn, this model's own answer, or the first
    finished answer of that turn; then this turn's message. Turns without any answer are left out."""
    messages, params, _source = _branch_context(list(repository.items(user_id, conversation_id)), turn, model)
    return messages, params


def _branch_context(
    items: list[ChatItem], turn: int, model: str
) -> tuple[list[ChatMessage], ChatParams, str | None]:
    """The messages and parameters for one model's branch, and whose key its answer uses."""
    stored = next((i for i in items if i.kind == "answer" and int(i.turn) == turn and i.model == model), None)
    asked = next((i for i in items if i.kind == "turn" and int(i.turn) == turn), None)
    # A retried answer names the key it uses now; otherwise the turn says whose key answers it.
    key_source = (stored.key_source if stored else None) or ((asked.key_sources or {}) if asked else {}).get(
        model
    )
    turns = _turns(items)
    current = next((t for t in turns if t.turn == turn), None)
    if current is None:
        raise TurnNotFound("Turn not found")
    messages: list[ChatMessage] = []
    for earlier in turns:
        if earlier.turn >= turn:
            break
        done = {a.model: a for a in earlier.answers if a.status == "done" and a.text}
        reply = (
            done.get(earlier.chosen_model or "")
            or done.get(model)
            or next((done[m] for m in earlier.models if m in done), None)
        )
        if reply is None:
            continue
        messages += [
            ChatMessage(role="user", content=earlier.content),
            ChatMessage(role="assistant", content=reply.text),
        ]
    messages.append(ChatMessage(role="user", content=current.content))
    return messages, current.params, key_source


@dataclass
class BranchJob:
    user_id: str
    conversation_id: str
    turn: int
    request_id: str
    model: str
    opening: dict[str, Any] | None = None  # a first turn's content, params and key sources
    connections: list[str] | None = None  # the user's connections when the turn started


async def _branch_inputs(job: BranchJob) -> tuple[list[ChatMessage], ChatParams, str | None]:
    """What the model is sent: straight from the fan-out input for a first turn (nothing to read on
    the way to the first token), else from the stored conversation (its own history)."""
    if job.opening is not None and job.turn == 1:
        messages = [ChatMessage(role="user", content=job.opening["content"])]
        return messages, ChatParams(**job.opening["params"]), job.opening["sources"].get(job.model)
    items = await asyncio.to_thread(lambda: list(repository.items(job.user_id, job.conversation_id)))
    return _branch_context(items, job.turn, job.model)


class _Pusher:
    """Ordered, batched `chat.delta` frames for one model's stream."""

    def __init__(self, audience: Audience, frame: dict[str, Any]) -> None:
        self.audience, self.frame = audience, frame
        self.pending: list[str] = []
        self.seq = 0
        self.lock = asyncio.Lock()

    async def send(self, frame: Frame) -> None:
        await asyncio.to_thread(self.audience.send, frame)

    async def flush(self) -> None:
        async with self.lock:
            if not self.pending:
                return
            text, self.pending = "".join(self.pending), []
            self.seq += 1
            await self.send(ChatDelta(**self.frame, seq=self.seq, text=text))


async def run_branch(job: BranchJob) -> dict[str, Any]:
    """Stream one model's answer to the user's connections and store it; never raises for a
    provider failure (one model failing never fails the others)."""
    frame: dict[str, Any] = {
        "request_id": job.request_id,
        "conversation_id": job.conversation_id,
        "turn": job.turn,
        "model": job.model,
    }
    pusher = _Pusher(Audience(job.user_id, connections=job.connections), frame)
    messages, params, key_source = await _branch_inputs(job)
    # Only a model answered with the user's own key needs their key looked up (and decrypted).
    key_owner = job.user_id if key_source == "user" else None
    model_info = registry.get_model(job.model)
    generation = GenerationParams(
        temperature=params.temperature, max_tokens=params.max_tokens, system=params.system
    )
    parts: list[str] = []
    started = time.monotonic()
    ttft_ms: int | None = None
    completed: Completed | None = None
    status, error = "done", None

    async def consume() -> None:
        nonlocal ttft_ms, completed
        async for event in providers.stream(job.model, messages, generation, user_id=key_owner):
            if isinstance(event, TextDelta):
                if not event.text:
                    continue
                parts.append(event.text)
                pusher.pending.append(event.text)
                if ttft_ms is None:
                    ttft_ms = int((time.monotonic() - started) * 1000)
                    await pusher.flush()  # the first delta goes out at once
            elif isinstance(event, Completed):
                completed = event

    finished = asyncio.Event()
    stopped_by_user = False

    async def flush_batches() -> None:
        # Never cancelled mid-push, so every delta is out before `chat.done`.
        while not finished.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(finished.wait(), DELTA_INTERVAL_S)
            await pusher.flush()

    async def poll_stop() -> None:
        # Cancelled as soon as the stream ends: the end of a turn never waits for a stop check.
        nonlocal stopped_by_user
        while True:
            await asyncio.sleep(STOP_POLL_S)
            try:
                stops = await asyncio.to_thread(
                    repository.stop_requested, job.user_id, job.conversation_id, job.turn
                )
            except Exception:  # a failed check is tried again; it never fails the answer
                get_logger().warning("stop check failed", extra={"model": job.model}, exc_info=True)
                continue
            if "*" in stops or job.model in stops:
                stopped_by_user = True
                stream_task.cancel()
                return

    stream_task = asyncio.create_task(consume())
    flusher = asyncio.create_task(flush_batches())
    stop_poller = asyncio.create_task(poll_stop())
    try:
        await stream_task
    except asyncio.CancelledError:
        if not stopped_by_user:
            raise
        status = "stopped"
    except WeboxError as exc:
        status, error = "error", ErrorOut(code=exc.code, message=exc.message)
    except Exception as exc:  # an SDK failure the adapter did not map: still only this column fails
        get_logger().exception("branch failed", extra={"model": job.model})
        status, error = "error", ErrorOut(code="provider_unavailable", message=type(exc).__name__)
    finally:
        finished.set()
        stop_poller.cancel()
        await flusher
    await pusher.flush()
    duration_ms = int((time.monotonic() - started) * 1000)
    text = "".join(parts)
    usage = completed.usage if completed else None
    input_tokens = usage.input_tokens if usage else 0
    output_tokens = usage.output_tokens if usage else 0
    cost = registry.cost(model_info, usage) if usage else 0.0
    simulated = key_source == "simulated"
    final: Frame
    if status == "error" and error is not None:
        final = ChatError(**pusher.frame, code=error.code, message=error.message)
    else:
        final = ChatDone(
            **pusher.frame,
            status="stopped" if status == "stopped" else "done",
            usage=UsageOut(input_tokens=input_tokens, output_tokens=output_tokens),
            cost=cost,
            ttft_ms=ttft_ms,
            duration_ms=duration_ms,
            simulated=simulated,
        )
    store = asyncio.to_thread(
        repository.finish_answer,
        job.user_id,
        job.conversation_id,
        job.turn,
        job.model,
        text,
        status=status,
        input_tokens=input_tokens,
        output_tokens=output_tokens,
        cost=cost,
        ttft_ms=ttft_ms,
        duration_ms=duration_ms,
        error_code=error.code if error else None,
        error_message=error.message if error else None,
        simulated=int(simulated),
        key_source=key_source,
    )
    # The answer is stored and announced at once: the client does not read it back before
    # `chat.finished`, and should the write fail the merge step reports the column as interrupted.
    stored, pushed = await asyncio.gather(store, pusher.send(final), return_exceptions=True)
    if isinstance(stored, BaseException):
        raise stored
    if isinstance(pushed, BaseException):  # stored: the client reads it back at `chat.finished`
        get_logger().warning("final push failed", extra={"model": job.model, "error": repr(pushed)})
    return {"model": job.model, "status": status}


# -- closing a turn ----------------------------------------------------------------------------


def _record_usage(user_id: str, request_id: str, answers: list[AnswerOut]) -> None:
    """One usage record per answer of the turn (what the dashboard and the quotas count)."""
    usage_service.record_safely(
        *(
            usage_service.Usage(
                user_id=user_id,
                feature="chat",
                model=answer.model,
                vendor=registry.get_model(answer.model).vendor,
                request_id=request_id,
                status=answer.status,
                input_tokens=answer.usage.input_tokens,
                output_tokens=answer.usage.output_tokens,
                cost=answer.cost,
                ttft_ms=answer.ttft_ms,
                duration_ms=answer.duration_ms,
                error_code=answer.error.code if answer.error else None,
                simulated=answer.simulated,
                billed=answer._key_source == "platform",
            )
            for answer in answers
        )
    )


async def finish_turn(
    user_id: str, conversation_id: str, turn: int, request_id: str, models: list[str] | None = None
) -> Verdict | None:
    """Record the usage of the answers `models` gave (all the turn's by default), cross-verify the
    turn's finished answers (when asked and two or more exist) and announce the end.

    Usage is recorded here, once every branch has stored its answer and pushed `chat.done`: its
    counter updates would otherwise queue in front of the other branches' final writes."""
    from webox.verification import service as verification

    audience = Audience(user_id)  # read afresh: a tab opened during the turn gets the verdict
    frame: dict[str, Any] = {"request_id": request_id, "conversation_id": conversation_id, "turn": turn}
    current = await asyncio.to_thread(get_turn, user_id, conversation_id, turn)
    ran = set(models or current.models)
    for answer in current.answers:
        if answer.status in {"pending", "streaming"}:  # its branch died without storing an answer
            answer.status, answer.error = (
                "error",
                ErrorOut(code="interrupted", message="The model stopped unexpectedly"),
            )
            await asyncio.to_thread(
                repository.finish_answer,
                user_id,
                conversation_id,
                turn,
                answer.model,
                answer.text,
                status="error",
                error_code="interrupted",
                error_message=answer.error.message,
            )
            await asyncio.to_thread(
                audience.send,
                ChatError(**frame, model=answer.model, code="interrupted", message=answer.error.message),
            )
    recording = asyncio.create_task(
        asyncio.to_thread(_record_usage, user_id, request_id, [a for a in current.answers if a.model in ran])
    )
    done = {a.model: a.text for a in current.answers if a.status == "done" and a.text}
    verdict = None
    if current.verify and len(done) >= 2:
        await asyncio.to_thread(audience.send, ChatVerifying(**frame))
        verdict = await verification.cross_verify(user_id, current.content, done, request_id=request_id)
        await asyncio.to_thread(
            repository.save_verdict, user_id, conversation_id, turn, verdict.model_dump(mode="json")
        )
        await asyncio.to_thread(audience.send, ChatVerdict(**frame, verdict=verdict))
    await recording
    await asyncio.to_thread(audience.send, ChatFinished(**frame))
    return verdict


async def run_turn(user_id: str, started: TurnStarted) -> TurnOut:
    """Run a whole turn in this process (REST and tests): every branch concurrently, then the close."""
    await asyncio.gather(
        *(
            run_branch(
                BranchJob(
                    user_id,
                    started.conversation_id,
                    started.turn,
                    started.request_id,
                    model,
                    opening=started._opening,
                )
            )
            for model in started.models
        )
    )
    await finish_turn(user_id, started.conversation_id, started.turn, started.request_id, started.models)
    return await asyncio.to_thread(get_turn, user_id, started.conversation_id, started.turn)


# -- history and account deletion --------------------------------------------------------------


def conversations_between(
    user_id: str, low_key: str, high_key: str, *, limit: int, q: str | None
) -> list[ConversationOut]:
    """The user's conversations active in [low_key, high_key) (ISO times), newest first, searched by title."""
    found = repository.conversations_between(
        user_id, low_key, high_key, limit=limit, title_contains=fold(q.strip()) if q and q.strip() else None
    )
    return [_conversation_out(c) for c in found]


def export_user_data(user_id: str) -> list[dict[str, Any]]:
    """Every conversation of a user with its turns and answers, as JSON-ready dicts."""
    page = list_conversations(user_id, cursor=None, limit=100, q=None)
    conversations = list(page.items)
    while page.next_cursor:
        page = list_conversations(user_id, cursor=page.next_cursor, limit=100, q=None)
        conversations.extend(page.items)
    return [get_conversation(user_id, c.id).model_dump(mode="json") for c in conversations]


def delete_user_data(user_id: str) -> int:
    """Delete every conversation of a user (items and stored texts included)."""
    return repository.delete_user_data(user_id)
