"""The chat's side of WeBox as an MCP server: the prompt library and the multi-model chat as tools.

`prompts` lists the caller's prompts and the built-ins with their variables; `run_prompt` renders one
through the prompt library (its checks and literal substitution) and sends the text to one model;
`multi_model_chat` sends a question to several models and returns every answer with the chat's
cross-verification verdict (`webox.verification`). Both run as a chat turn does over REST
(`webox.chat.turns`): same models check, same plan quotas (models per turn, budgets), same usage,
and the turn is kept in the caller's chat history. They need the token's `chat` scope, as the chat.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from webox import aio
from webox.account import repository as account_repository
from webox.agents.errors import InvalidToolArguments, ModelAnswerFailed
from webox.chat.schemas import MAX_CONTENT, MAX_MODELS, TurnOut, TurnRequest
from webox.providers import service as providers

if TYPE_CHECKING:
    from webox.prompts.schemas import PromptOut

CHAT_TOOL_NAMES = frozenset({"run_prompt", "multi_model_chat"})
OWN_PROMPTS_LISTED = 50

PROMPT_TOOLS: list[dict[str, Any]] = [
    {
        "name": "prompts",
        "description": "Your WeBox prompts and the built-in ones: id, title, description and the "
        "variables run_prompt fills.",
        "inputSchema": {
            "type": "object",
            "properties": {"q": {"type": "string", "maxLength": 200, "description": "Search words"}},
        },
    },
]

CHAT_TOOLS: list[dict[str, Any]] = [
    {
        "name": "run_prompt",
        "description": "Fill one of your WeBox prompts (or a built-in) with its variables and run it "
        "on a model; answers the model's text.",
        "inputSchema": {
            "type": "object",
            "properties": {
                "prompt_id": {"type": "string", "maxLength": 64},
                "variables": {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
                "model": {
                    "type": "string",
                    "maxLength": 100,
                    "description": "Default: your first default model",
                },
            },
            "required": ["prompt_id"],
        },
    },
    {
        "name": "multi_model_chat",
        "description": "Ask several models the same question at once; answers each model's text and a "
        "verdict (agreement, shared points, contradictions, fused answer) from a judge model.",
        "inputSchema": {
            "type": "object",
            "properties": {
                "question": {"type": "string", "minLength": 1, "maxLength": MAX_CONTENT},
                "models": {
                    "type": "array",
                    "items": {"type": "string", "maxLength": 100},
                    "minItems": 2,
                    "maxItems": MAX_MODELS,
                    "uniqueItems": True,
                },
            },
            "required": ["question", "models"],
        },
    },
]


def _prompt_summary(prompt: PromptOut) -> dict[str, Any]:
    return {
        "id": prompt.id,
        "source": prompt.source,
        "title": prompt.title,
        "description": prompt.description,
        "variables": [v.model_dump(mode="json", exclude_none=True) for v in prompt.variables],
    }


def list_prompts(user_id: str, lang: str, q: str | None) -> list[dict[str, Any]]:
    """The caller's most recent prompts, then the built-ins, matching `q` when given."""
    # imported here (and below): the prompt library is only the prompt tools' need, not the agents
    # API's other requests
    from webox.prompts import builtin as prompts_builtin
    from webox.prompts import library as prompts_library

    own = prompts_library.list_prompts(user_id, q=q, category=None, cursor=None, limit=OWN_PROMPTS_LISTED)
    builtin = prompts_builtin.list_builtin(lang=lang, category=None, q=q)
    return [_prompt_summary(p) for p in [*own.items, *builtin.items]]


def _default_model(user_id: str) -> str:
    """The caller's first default model (account settings), else the first model they can use."""
    chosen = list(account_repository.get_settings(user_id).default_models or [])
    if chosen:
        return str(chosen[0])
    available = [m.id for m in providers.available_models(user_id) if m.available]
    if not available:
        raise InvalidToolArguments("No model is available: name one")
    return available[0]


def _turn(user_id: str, request: TurnRequest) -> tuple[str, TurnOut]:
    """A new conversation's first turn, run to its end: (conversation id, the turn)."""
    # imported here: a chat turn (models, quotas, the socket's frames) is only the two chat tools'
    # need, not the agents API's other requests
    from webox.chat import turns as chat_turns

    _started, fanout = chat_turns.start_turn(user_id, request, request_id=uuid.uuid4().hex)
    assert fanout is not None  # a fresh request id always starts a turn
    return fanout.conversation_id, aio.run(chat_turns.run_turn(fanout))


def _request(models: list[str], content: str, *, verify: bool) -> TurnRequest:
    try:
        return TurnRequest(models=models, content=content, verify=verify)
    except ValueError as exc:
        raise InvalidToolArguments("models or text out of bounds") from exc


def run_prompt(user_id: str, lang: str, arguments: dict[str, Any]) -> str:
    """Render a prompt with the given variables and answer one model's text to it."""
    from webox.prompts import library as prompts_library

    prompt_id, values = arguments.get("prompt_id"), arguments.get("variables") or {}
    if not isinstance(prompt_id, str) or not isinstance(values, dict):
        raise InvalidToolArguments("prompt_id must be a text and variables an object")
    rendered = prompts_library.render(user_id, prompt_id, values, lang=lang)
    model = arguments.get("model") or _default_model(user_id)
    if not isinstance(model, str):
        raise InvalidToolArguments("model must be a model id")
    _conversation, turn = _turn(user_id, _request([model], rendered.text, verify=False))
    prompts_library.record_use(user_id, prompt_id)
    answer = turn.answers[0]
    if answer.status != "done":
        code = answer.error.code if answer.error else answer.status
        raise ModelAnswerFailed(f"{model}: {code}")
    return answer.text


def multi_model_chat(user_id: str, arguments: dict[str, Any]) -> dict[str, Any]:
    """Several models' answers to one question and the judge's verdict on them."""
    question, models = arguments.get("question"), arguments.get("models")
    if not isinstance(question, str) or not isinstance(models, list) or len(models) < 2:
        raise InvalidToolArguments("question must be a text and models a list of at least two model ids")
    if not all(isinstance(m, str) for m in models) or len(set(models)) != len(models):
        raise InvalidToolArguments("models must be distinct model ids")
    conversation_id, turn = _turn(user_id, _request(models, question, verify=True))
    return {
        "conversation_id": conversation_id,
        "answers": [
            {
                "model": a.model,
                "status": a.status,
                "text": a.text,
                **({"error": a.error.model_dump(mode="json")} if a.error else {}),
            }
            for a in turn.answers
        ],
        "verdict": turn.verdict.model_dump(mode="json", exclude_none=True) if turn.verdict else None,
    }
