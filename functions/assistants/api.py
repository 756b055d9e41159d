"""Assistants over HTTP: the built-ins and the caller's own, with create, edit, duplicate, delete."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query, Response
from webox.assistants import service as assistants_service
from webox.assistants.errors import AssistantLimitReached, AssistantNotFound, BuiltinReadOnly
from webox.assistants.schemas import (
    ICONS,
    AssistantCreate,
    AssistantDuplicate,
    AssistantList,
    AssistantOut,
    AssistantUpdate,
    Icon,
    Lang,
)
from webox.auth.dependencies import require_scope
from webox.auth.principals import Principal
from webox.http import create_app, error_responses, lambda_handler

WriteCaller = Annotated[Principal, Depends(require_scope("chat"))]
ReadCaller = Annotated[Principal, Depends(require_scope("read"))]
AssistantId = Annotated[
    str, Path(pattern=r"^[a-z0-9-]{1,64}$", description="A built-in's slug or an own assistant's id")
]
Language = Annotated[Lang | None, Query(description="Language of the built-ins (default: the caller's)")]

assistants = APIRouter(prefix="/api/assistants", tags=["assistants"])


def _lang(caller: Principal, lang: str | None) -> str:
    return lang or caller.user.language


@assistants.get("")
def list_assistants(
    caller: ReadCaller,
    lang: Language = None,
    cursor: Annotated[str | None, Query(max_length=2048)] = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 50,
) -> AssistantList:
    """The built-in assistants (localised) and a page of the caller's own."""
    return assistants_service.list_assistants(
        caller.user_id, lang=_lang(caller, lang), cursor=cursor, limit=limit
    )


@assistants.get(
    "/icons",
    responses={200: {"content": {"application/json": {"example": ["pen-line", "languages", "code"]}}}},
)
def list_icons(caller: ReadCaller) -> list[Icon]:
    """The icon names an assistant may use (lucide icons)."""
    return list(ICONS)


@assistants.post("", status_code=201, responses=error_responses(AssistantLimitReached))
def create_assistant(caller: WriteCaller, body: AssistantCreate) -> AssistantOut:
    """Create an assistant of one's own."""
    return assistants_service.create_assistant(caller.user_id, body)


@assistants.get("/{assistant_id}", responses=error_responses(AssistantNotFound))
def get_assistant(caller: ReadCaller, assistant_id: AssistantId, lang: Language = None) -> AssistantOut:
    """A built-in assistant or one of the caller's own."""
    return assistants_service.get_assistant(caller.user_id, assistant_id, lang=_lang(caller, lang))


@assistants.patch("/{assistant_id}", responses=error_responses(AssistantNotFound, BuiltinReadOnly))
def update_assistant(caller: WriteCaller, assistant_id: AssistantId, body: AssistantUpdate) -> AssistantOut:
    """Change one of the caller's assistants (built-ins answer 403 `builtin_readonly`)."""
    return assistants_service.update_assistant(caller.user_id, assistant_id, body)


@assistants.delete(
    "/{assistant_id}", status_code=204, responses=error_responses(AssistantNotFound, BuiltinReadOnly)
)
def delete_assistant(caller: WriteCaller, assistant_id: AssistantId) -> Response:
    """Delete one of the caller's assistants (built-ins answer 403 `builtin_readonly`)."""
    assistants_service.delete_assistant(caller.user_id, assistant_id)
    return Response(status_code=204)


@assistants.post(
    "/{assistant_id}/duplicate",
    status_code=201,
    responses=error_responses(AssistantNotFound, AssistantLimitReached),
)
def duplicate_assistant(
    caller: WriteCaller,
    assistant_id: AssistantId,
    body: AssistantDuplicate | None = None,
    lang: Language = None,
) -> AssistantOut:
    """Copy a built-in or one's own assistant into a new assistant of one's own."""
    return assistants_service.duplicate_assistant(
        caller.user_id, assistant_id, body or AssistantDuplicate(), lang=_lang(caller, lang)
    )


app = create_app(
    assistants,
    title="Assistants",
    description="Specialised assistants (system prompt, models, parameters) applied to chat turns.",
)
handler = lambda_handler(app)
