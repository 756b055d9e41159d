"""The agent tools that call models or act for the user: `ask_agent`, `multi_model_chat`,
`create_document`, and the two that wait for the owner's approval first, `http_request` and
`send_email` (`NEEDS_APPROVAL`; `webox.agents.approvals` pauses the step for them).

Each runner takes the step's `Caller` (who asks, which agent) and the model's arguments, and returns
`Ran(result, content, cost…)`; a refusal raises `ToolFailed(code, message)`, which the model reads.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from webox.agents.calls import complete, system_prompt
from webox.providers.schemas import ChatMessage, GenerationParams, ToolSpec, Usage

MAX_ANSWER_TOKENS = 1200
MAX_HTTP_BYTES = 200_000
MAX_BODY_CHARS = 8000
PANEL_SIZE = 3
NEEDS_APPROVAL = frozenset({"http_request", "send_email"})
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]{2,}$")


class ToolFailed(Exception):
    """A call the tool refused (bad arguments, an unreachable server); its code goes to the record."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


@dataclass(frozen=True)
class Caller:
    """Who calls a tool: the owner, the calling agent (its snapshot), the language, a usage id."""

    user_id: str
    agent: dict[str, Any]
    lang: str = "fr"
    request_id: str = ""


@dataclass
class Ran:
    """A tool's result, the text the model reads, and what the models it called cost."""

    result: Any
    content: str
    cost_micro_usd: int = 0
    tokens: list[int] = field(default_factory=lambda: [0, 0])


# --- ask_agent -----------------------------------------------------------------------------------


def ask_agent_spec(user_id: str, agent: dict[str, Any], lang: str) -> ToolSpec:
    """`ask_agent`, offering the user's other agents (built-ins and own) by id."""
    from webox.agents import catalogue

    others = [a for a in catalogue.list_agents(user_id, lang) if a.agent_id != agent.get("agent_id")]  # type: ignore[arg-type]
    listed = "; ".join(f"{a.agent_id}: {a.name}" for a in others)
    return ToolSpec(
        name="ask_agent",
        description=f"Ask another agent one question and get its answer. Agents: {listed}"[:2000],
        parameters={
            "type": "object",
            "properties": {
                "agent": {
                    "type": "string",
                    "enum": [a.agent_id for a in others],
                    "description": "The agent's id",
                },
                "question": {"type": "string", "description": "The question, with the context it needs"},
            },
            "required": ["agent", "question"],
        },
    )


def ask_agent(caller: Caller, arguments: dict[str, Any]) -> Ran:
    """One model call of another agent (its instructions and model, no tools: one level deep)."""
    from webox.agents import catalogue
    from webox.errors import WeboxError

    agent_id, question = str(arguments.get("agent") or ""), str(arguments.get("question") or "").strip()
    if not question:
        raise ToolFailed("ask_agent_invalid", "question is required")
    if agent_id == caller.agent.get("agent_id"):
        raise ToolFailed("ask_agent_self", "An agent cannot ask itself")
    try:
        target = catalogue.get_agent(caller.user_id, agent_id, caller.lang)  # type: ignore[arg-type]
    except WeboxError as exc:
        raise ToolFailed("ask_agent_unknown", f"No agent {agent_id[:40]!r}") from exc
    params = GenerationParams(system=system_prompt(target.model_dump()), max_tokens=MAX_ANSWER_TOKENS)
    try:
        answer, cost = complete(
            caller.user_id,
            target.model,
            [ChatMessage(role="user", content=question[:8000])],
            params,
            request_id=f"{caller.request_id}:ask",
        )
    except WeboxError as exc:
        raise ToolFailed(exc.code, exc.message) from exc
    result = {
        "agent_id": target.agent_id,
        "agent_name": target.name,
        "model": target.model,
        "text": answer.text,
    }
    return Ran(
        result,
        f"{target.name} : {answer.text}",
        cost,
        [answer.usage.input_tokens, answer.usage.output_tokens],
    )


# --- multi_model_chat --------------------------------------------------------------------------------

MULTI_MODEL = ToolSpec(
    name="multi_model_chat",
    description=(
        "Ask several AI models the same question, have a judge model compare their answers, and get the "
        "fused answer with how much the models agree (0-100)."
    ),
    parameters={
        "type": "object",
        "properties": {
            "question": {"type": "string", "description": "The question, self-contained"},
            "models": {
                "type": "array",
                "items": {"type": "string"},
                "maxItems": 4,
                "description": "Model ids (optional)",
            },
        },
        "required": ["question"],
    },
)


def _panel_check(caller: Caller, models: list[str], question: str) -> None:
    from webox.billing import quota
    from webox.errors import WeboxError
    from webox.providers import service as providers

    sources = {m: str(providers.key_source(m, caller.user_id)) for m in models}
    try:
        quota.check_models(
            caller.user_id, "agents", sources, prompt_chars=len(question), max_tokens=MAX_ANSWER_TOKENS
        )
    except WeboxError as exc:
        raise ToolFailed(exc.code, exc.message) from exc


def multi_model(caller: Caller, arguments: dict[str, Any]) -> Ran:
    """2–4 models the plan allows answer; the chat's cross-verification judges and fuses them."""
    from webox import aio
    from webox.verification import panel

    question = str(arguments.get("question") or "").strip()[:8000]
    if not question:
        raise ToolFailed("multi_model_invalid", "question is required")
    wanted = [str(m) for m in arguments.get("models") or [] if isinstance(m, str)]
    models = panel.panel_models(caller.user_id, wanted, PANEL_SIZE)
    if len(models) < panel.MIN_MODELS:
        raise ToolFailed("multi_model_unavailable", "Fewer than two models are available on your plan")
    _panel_check(caller, models, question)
    replies = aio.run(
        panel.answer_all(
            caller.user_id,
            models,
            question,
            feature="agents",
            request_id=caller.request_id,
            max_tokens=MAX_ANSWER_TOKENS,
        )
    )
    answers = {m: r[0] for m, r in replies.items() if isinstance(r, tuple)}
    usages = [r[1] for r in replies.values() if isinstance(r, tuple)]
    if len(answers) < panel.MIN_MODELS:
        raise ToolFailed("multi_model_failed", "Fewer than two models answered")
    judged = aio.run(panel.judged(caller.user_id, question, answers, request_id=f"{caller.request_id}:judge"))
    cost = judged.cost_micro_usd + sum(
        panel.cost_of(m, r[1]) for m, r in replies.items() if isinstance(r, tuple)
    )
    verdict = judged.verdict
    result = {
        "answer": judged.best,
        "agreement": verdict.agreement,
        "models": list(answers),
        "judge": verdict.judge_model,
        "verdict_error": verdict.error.code if verdict.error else None,
    }
    content = f"{judged.best}\n\n(agreement {verdict.agreement}/100 between {', '.join(answers)}; judge {verdict.judge_model or '-'})"
    tokens = [
        judged.tokens_in + sum(u.input_tokens for u in usages),
        judged.tokens_out + sum(u.output_tokens for u in usages),
    ]
    return Ran(result, content, cost, tokens)


# --- create_document -----------------------------------------------------------------------------

CREATE_DOCUMENT = ToolSpec(
    name="create_document",
    description="Save a Markdown document in the user's library; returns its id and where to open it.",
    parameters={
        "type": "object",
        "properties": {
            "title": {"type": "string", "description": "A short title"},
            "content": {"type": "string", "description": "The document, in Markdown"},
        },
        "required": ["title", "content"],
    },
)


def create_document(caller: Caller, arguments: dict[str, Any]) -> Ran:
    """A Markdown document in the user's media library (kind `document`)."""
    from webox.config import get_settings
    from webox.media import documents

    title = " ".join(str(arguments.get("title") or "").split())[:200]
    content = str(arguments.get("content") or "")
    if not title or not content.strip():
        raise ToolFailed("document_invalid", "title and content are required")
    item = documents.create_document(
        caller.user_id, title, content, author=str(caller.agent.get("name") or "agent")
    )
    link = f"{get_settings().public_url.rstrip('/')}/api/media/items/{item.media_id}"
    return Ran(
        {"media_id": item.media_id, "title": title, "link": link}, f"Document « {title} » saved: {link}"
    )


# --- http_request (approved first) ---------------------------------------------------------------

HTTP_REQUEST = ToolSpec(
    name="http_request",
    description="Call an HTTP endpoint on one of the hosts the user allowed (the owner approves each call first).",
    parameters={
        "type": "object",
        "properties": {
            "url": {"type": "string", "format": "uri", "description": "An https URL on an allowed host"},
            "method": {"type": "string", "enum": ["GET", "POST"]},
            "body": {"type": "string", "description": "A POST's body (JSON or text)"},
        },
        "required": ["url"],
    },
)


def _host_check(allowed: list[str]) -> Any:
    def check(url: str) -> None:
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host not in allowed and f"{host}:{parts.port}" not in allowed:
            raise ToolFailed(
                "http_host_not_allowed", f"{host or url[:80]} is not one of this agent's allowed hosts"
            )

    return check


def http_request(caller: Caller, arguments: dict[str, Any]) -> Ran:
    """One request to an allowed host through `webox.net.safe_http` (every redirect checked too)."""
    import httpx

    from webox.net import safe_http

    url = str(arguments.get("url") or "").strip()
    method = str(arguments.get("method") or "GET").upper()
    if method not in ("GET", "POST"):
        raise ToolFailed("http_invalid", "method must be GET or POST")
    body = arguments.get("body") if method == "POST" else None
    try:
        fetched = safe_http.request(
            method,
            url,
            content=str(body).encode() if body is not None else None,
            headers={"content-type": "application/json"} if body is not None else None,
            max_bytes=MAX_HTTP_BYTES,
            check_hop=_host_check([str(h).lower() for h in caller.agent.get("allowed_hosts") or []]),
        )
    except (safe_http.UrlNotAllowed, safe_http.ResponseTooLarge) as exc:
        raise ToolFailed(exc.code, exc.message) from exc
    except httpx.HTTPError as exc:
        raise ToolFailed("http_unreachable", f"{type(exc).__name__}: {str(exc)[:200]}") from exc
    text = fetched.text()[:MAX_BODY_CHARS]
    result = {
        "status": fetched.status,
        "url": fetched.url,
        "content_type": fetched.headers.get("content-type"),
        "body": text,
    }
    return Ran(result, f"HTTP {fetched.status} from {fetched.url}\n\n{text}")


# --- send_email (approved first) -----------------------------------------------------------------

SEND_EMAIL = ToolSpec(
    name="send_email",
    description="Send an e-mail (the owner approves each one before it leaves).",
    parameters={
        "type": "object",
        "properties": {
            "to": {"type": "string", "format": "email"},
            "subject": {"type": "string"},
            "body": {"type": "string", "description": "Plain text"},
        },
        "required": ["to", "subject", "body"],
    },
)


def send_email(caller: Caller, arguments: dict[str, Any]) -> Ran:
    """One e-mail through SES (`webox.mail`)."""
    from webox import mail

    to = str(arguments.get("to") or "").strip()
    subject = " ".join(str(arguments.get("subject") or "").split())[:200]
    body = str(arguments.get("body") or "")[:50_000]
    if not EMAIL.match(to) or not subject or not body.strip():
        raise ToolFailed("email_invalid", "to (an address), subject and body are required")
    message_id = mail.send(to, subject, body)
    return Ran({"to": to, "subject": subject, "message_id": message_id}, f"E-mail sent to {to}.")


RUNNERS = {
    "ask_agent": ask_agent,
    "multi_model_chat": multi_model,
    "create_document": create_document,
    "http_request": http_request,
    "send_email": send_email,
}
STATIC_SPECS = {spec.name: spec for spec in (MULTI_MODEL, CREATE_DOCUMENT, HTTP_REQUEST, SEND_EMAIL)}


def usage_of(ran: Ran) -> Usage:
    """A tool run's tokens as a `Usage`."""
    return Usage(input_tokens=ran.tokens[0], output_tokens=ran.tokens[1])
