"""The ConversationRelay socket: Twilio does speech-to-text and text-to-speech, WeBox answers the
caller's words with the persona's model, streamed as `text` tokens.

Each message is its own invocation (API Gateway routes on Twilio's `type`), so an `interrupt` runs
while the `prompt` that is streaming still runs: it marks the turn stopped in the call's item, which
the streamer reads before every batch it posts (every ~50 ms), and stores what the caller heard."""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from webox.aws import client
from webox.db import utcnow
from webox.errors import WeboxError
from webox.knowledge import tool as knowledge_tool
from webox.logging import get_logger
from webox.providers import service as providers
from webox.providers.errors import ProviderError
from webox.providers.schemas import ChatMessage, Completed, GenerationParams, TextDelta, Usage
from webox.ttl_cache import TtlCache
from webox.voice import accounts, live, repository, telephony
from webox.voice import quota as voice_quota
from webox.voice.config import relay_endpoint, relay_url, webhook_url
from webox.voice.models import VoiceCall, VoicePersona

BATCH_S = 0.05
MAX_PROMPT_CHARS = 4000
MAX_HISTORY_TURNS = 40
MAX_ANSWER_TOKENS = 400
logger = get_logger()
_READS = ThreadPoolExecutor(max_workers=4, thread_name_prefix="voice-reads")

VOICE_RULES = {
    "fr": "Tu parles au téléphone : réponds en phrases courtes, sans liste, sans Markdown ni émoji.",
    "en": "You are on the phone: answer in short sentences, no lists, no Markdown, no emoji.",
}
SOURCES_RULE = {
    "fr": "Quand les sources jointes répondent à la question, réponds d'après elles.",
    "en": "When the attached sources answer the question, answer from them.",
}
_MARKUP = re.compile(r"[*_#>`|]+")
_SORRY = {
    "fr": "Désolé, je n'arrive pas à répondre pour le moment.",
    "en": "Sorry, I cannot answer right now.",
}


@dataclass
class Session:
    """The call a relay connection belongs to, and its persona."""

    connection_id: str
    call: VoiceCall
    persona: VoicePersona

    @property
    def lang(self) -> str:
        return "en" if self.persona.language.startswith("en") else "fr"


def _management() -> Any:
    return client("apigatewaymanagementapi", relay_endpoint())


def send(connection_id: str, message: dict[str, Any]) -> bool:
    """Post one message to Twilio on this relay connection; False when it is gone."""
    management = _management()
    data = json.dumps(message, separators=(",", ":"), ensure_ascii=False).encode()
    try:
        management.post_to_connection(ConnectionId=connection_id, Data=data)
    except management.exceptions.GoneException:
        return False
    return True


# --- connection ---------------------------------------------------------------------------------------


def connect(connection_id: str, headers: dict[str, str], query: dict[str, str]) -> int:
    """Accept Twilio's upgrade for a call WeBox announced, signed with the auth token of the account
    the call runs on; 403 otherwise (logged, no payload)."""
    owner = repository.owner_of(f"call#{query.get('call', '')}")
    call = repository.get_call(owner.user_id, owner.call_id or "") if owner else None
    if owner is None or owner.call_id is None or call is None:
        logger.warning("relay connect refused: unknown call")
        return 403
    url = telephony.with_query(relay_url(), query)
    try:
        token = accounts.account_for(call.user_id, call.account_sid).auth_token
    except WeboxError:
        token = None  # the account was disconnected meanwhile
    if not telephony.signature_valid(url, {}, headers.get("x-twilio-signature"), token):
        logger.warning("relay connect refused: bad signature")
        return 403
    repository.remember(f"conn#{connection_id}", owner.user_id, owner.call_id, expires=True)
    return 200


# A relay connection serves one call all its life, and a call keeps its persona: whose call a
# connection carries is read once per container, then each message reads the call (its turns and
# stops change) and the persona in one BatchGetItem.
_connections: TtlCache[str, tuple[str, str, str]] = TtlCache(3600.0, size=1024)


def session(connection_id: str) -> Session | None:
    """The call and persona behind a relay connection (None once either is gone)."""
    known = _connections.peek(connection_id)
    if known is None:
        owner = repository.owner_of(f"conn#{connection_id}")
        call = repository.get_call(owner.user_id, owner.call_id or "", consistent=True) if owner else None
        if call is None:
            return None
        _connections.put(connection_id, (call.user_id, call.call_id, call.persona_id))
        persona = repository.get_persona(call.user_id, call.persona_id)
    else:
        call, persona = repository.call_with_persona(*known)
    if call is None or persona is None:
        return None
    return Session(connection_id, call, persona)


def disconnect(connection_id: str) -> None:
    repository.forget(f"conn#{connection_id}")


# --- messages -----------------------------------------------------------------------------------------


def setup(s: Session, message: dict[str, Any]) -> None:
    """The session starts (the greeting, with the consent line first, is being said): record from now."""
    call_sid = str(message.get("callSid") or "")
    if call_sid and not s.call.call_sid:
        repository.update_call(s.call, VoiceCall.call_sid.set(call_sid))
        repository.remember(f"sid#{call_sid}", s.call.user_id, s.call.call_id)
    if s.persona.record and call_sid:
        acct = accounts.account_for(s.call.user_id, s.call.account_sid)
        telephony.start_recording(acct, call_sid, webhook_url("recording"))


def _history(s: Session) -> list[ChatMessage]:
    messages: list[ChatMessage] = []
    for turn in repository.list_turns(s.call.user_id, s.call.call_id)[-MAX_HISTORY_TURNS:]:
        if turn.role == "caller" and turn.text:
            messages.append(ChatMessage(role="user", content=turn.text))
        elif turn.role == "dtmf" and turn.text:
            messages.append(ChatMessage(role="user", content=f"[DTMF {turn.text}]"))
        elif turn.role == "assistant":
            said = turn.heard if turn.interrupted else turn.text
            if said:
                messages.append(ChatMessage(role="assistant", content=said))
    return messages


def _stopped(s: Session, n: int) -> bool:
    call = repository.get_call(s.call.user_id, s.call.call_id, consistent=True)
    return call is None or int(call.stop_turn) >= n


def _with_knowledge(s: Session, words: str) -> tuple[str, list[dict[str, Any]]]:
    """The caller's words with what the persona's knowledge base says about them (the agents' tool,
    by their rule: the base is searched with the words), and the tool calls made, for the transcript."""
    if not s.persona.knowledge_base_id:
        return words, []
    searched = knowledge_tool.search(s.call.user_id, [s.persona.knowledge_base_id], words, top_k=3)
    made = [
        {
            "tool": call["tool"],
            "error": call.get("error"),
            "sources": [
                f"{hit['citation']['filename']} (p. {hit['citation']['page']})"
                for hit in call.get("result", [])
            ],
        }
        for call in searched.calls
    ]
    context = knowledge_tool.sources_context(searched.citations)
    return (f"{words}\n\n{context}" if context else words), made


async def _answer(
    s: Session,
    n: int,
    prompt_at_ms: int,
    history: list[ChatMessage],
    store: Callable[[], None],
    tools: list[dict[str, Any]],
) -> None:
    """Stream the persona's answer as `text` tokens batched every ~50 ms; stop at an interruption."""
    rules = VOICE_RULES[s.lang] + (f" {SOURCES_RULE[s.lang]}" if tools else "")
    system = f"{s.persona.instructions}\n\n{rules}".strip()
    params = GenerationParams(system=system, max_tokens=MAX_ANSWER_TOKENS)
    pending, generated = "", ""
    first_ms: int | None = None
    model_ttft_ms: int | None = None
    last_flush = 0.0
    started = time.monotonic()

    stored = asyncio.ensure_future(asyncio.to_thread(store))
    # The plan's check runs while the model starts (off the path to the first token); no token is
    # sent before it passed, and a refusal cancels the model's call.
    prompt_chars = len(system) + sum(len(m.content) for m in history)
    checked = asyncio.ensure_future(
        asyncio.to_thread(
            voice_quota.admit,
            s.call.user_id,
            s.persona.model,
            prompt_chars=prompt_chars,
            max_tokens=MAX_ANSWER_TOKENS,
        )
    )
    usage: Usage | None = None

    async def flush(last: bool) -> bool:
        nonlocal pending, first_ms, last_flush
        if first_ms is None and (await checked)[1] is not None:
            return False
        # Before the first token nothing of this answer was heard, so nothing can have stopped it.
        if first_ms is not None and await asyncio.to_thread(_stopped, s, n):
            return False
        token, pending = pending, ""
        if token or last:
            await asyncio.to_thread(send, s.connection_id, {"type": "text", "token": token, "last": last})
            if first_ms is None and token:
                first_ms = int(time.time() * 1000) - prompt_at_ms
        last_flush = time.monotonic()
        return True

    stream = providers.stream(s.persona.model, history, params, user_id=s.call.user_id)
    completed = True
    try:
        async for event in stream:
            if isinstance(event, Completed):
                usage = event.usage
            if not isinstance(event, TextDelta):
                continue
            if model_ttft_ms is None:
                model_ttft_ms = int((time.monotonic() - started) * 1000)
            clean = _MARKUP.sub("", event.text)
            pending += clean
            generated += clean
            if (first_ms is None or time.monotonic() - last_flush >= BATCH_S) and not await flush(False):
                completed = False
                break
    except ProviderError as error:
        logger.warning("voice answer failed", extra={"code": error.code, "model": s.persona.model})
        pending, generated = _SORRY[s.lang], generated + _SORRY[s.lang]
    finally:
        await stream.aclose()
    if completed:
        await flush(True)
    await stored
    source, refused = await checked
    if refused is not None:
        await asyncio.to_thread(_end_refused, s, n, refused)
        return
    fields: dict[str, Any] = {"role": "assistant", "text": generated.strip(), "at": utcnow()}
    fields.update(prompt_at_ms=prompt_at_ms, model_ttft_ms=model_ttft_ms, first_token_ms=first_ms)
    if tools:
        fields["tools"] = tools
    if completed:
        fields["last_token_ms"] = int(time.time() * 1000) - prompt_at_ms
    await asyncio.to_thread(repository.write_turn, s.call.user_id, s.call.call_id, n, **fields)
    await asyncio.to_thread(live.turn, s.call, n, "assistant", generated.strip())
    if usage is not None and source is not None:
        duration_ms = int((time.monotonic() - started) * 1000)
        await asyncio.to_thread(
            voice_quota.record,
            s.call.user_id,
            s.persona.model,
            s.call.call_id,
            usage,
            source=source,
            ttft_ms=model_ttft_ms,
            duration_ms=duration_ms,
        )


def _end_refused(s: Session, n: int, refused: WeboxError) -> None:
    """The plan refuses the answer: the caller hears a short goodbye in the persona's language, the
    relay ends (Twilio then hangs up), and the reason stays on the call."""
    goodbye = voice_quota.GOODBYE[s.lang]
    logger.info("voice answer refused by the plan", extra={"code": refused.code, "user_id": s.call.user_id})
    send(s.connection_id, {"type": "text", "token": goodbye, "last": True})
    repository.write_turn(s.call.user_id, s.call.call_id, n, role="assistant", text=goodbye, at=utcnow())
    repository.update_call(s.call, VoiceCall.end_reason.set(refused.code))
    live.turn(s.call, n, "assistant", goodbye)
    send(s.connection_id, {"type": "end", "handoffData": json.dumps({"reason": refused.code})})


def prompt(s: Session, message: dict[str, Any], prompt_at_ms: int) -> None:
    """The caller finished speaking: store their words, then stream the answer."""
    from webox import aio

    words = str(message.get("voicePrompt") or "").strip()[:MAX_PROMPT_CHARS]
    if not words or message.get("last") is False:
        return  # partial prompts (when enabled) are not answered
    # One update reserves the caller's turn and the answer's, marked as the one spoken (an interruption
    # finds it at once); the caller's turn is stored while the model is already called (its words
    # join the history in memory): the store is off the path to the first token.
    # The history is read while the turns are reserved and the knowledge base searched.
    earlier = _READS.submit(_history, s)
    n = repository.next_answer(s.call)
    asked, tools = _with_knowledge(s, words)
    history = [*earlier.result(), ChatMessage(role="user", content=asked)]

    def store() -> None:
        repository.write_turn(s.call.user_id, s.call.call_id, n - 1, role="caller", text=words, at=utcnow())
        live.turn(s.call, n - 1, "caller", words)

    aio.run(_answer(s, n, prompt_at_ms, history, store, tools))


def interrupt(s: Session, message: dict[str, Any]) -> None:
    """The caller spoke over the answer: no more tokens, and the transcript keeps what they heard."""
    n = int(s.call.speaking)
    if n < 0:
        return
    repository.update_call(s.call, VoiceCall.stop_turn.set(n))
    heard = str(message.get("utteranceUntilInterrupt") or "")[:MAX_PROMPT_CHARS]
    repository.write_turn(s.call.user_id, s.call.call_id, n, heard=heard, interrupted=True)
    live.interrupted(s.call, n, heard)


def dtmf(s: Session, message: dict[str, Any]) -> None:
    """A key press: the persona's menu transfers to a person (ending the relay with hand-off data) or
    says its text."""
    digit = str(message.get("digit") or "")[:1]
    if not digit:
        return
    n = repository.next_turn(s.call)
    repository.write_turn(s.call.user_id, s.call.call_id, n, role="dtmf", text=digit, at=utcnow())
    live.turn(s.call, n, "dtmf", digit)
    option = (s.persona.menu or {}).get(digit)
    if not isinstance(option, dict):
        return
    if option.get("action") == "transfer" and option.get("transfer_to"):
        handoff = {"reason": "transfer", "transfer_to": option["transfer_to"], "digit": digit}
        send(s.connection_id, {"type": "end", "handoffData": json.dumps(handoff)})
    elif option.get("action") == "say" and option.get("text"):
        said = repository.next_turn(s.call)
        repository.update_call(s.call, VoiceCall.speaking.set(said))
        send(s.connection_id, {"type": "text", "token": str(option["text"]), "last": True})
        repository.write_turn(
            s.call.user_id, s.call.call_id, said, role="assistant", text=str(option["text"]), at=utcnow()
        )
        live.turn(s.call, said, "assistant", str(option["text"]))


def error(s: Session | None, message: dict[str, Any]) -> None:
    logger.warning("relay error from twilio", extra={"length": len(str(message.get("description", "")))})
