"""OpenAI-compatible endpoints: `POST /v1/chat/completions` and `GET /v1/models` (WeBox API tokens)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from webox.auth.errors import InsufficientScope, NotAuthenticated, TokenExpired
from webox.auth.principals import Principal
from webox.billing.errors import QUOTA_ERRORS
from webox.gateway import service as gateway_service
from webox.gateway.schemas import (
    COMPLETION_EXAMPLE,
    COMPLETION_STREAM_EXAMPLE,
    MODEL_LIST_EXAMPLE,
    CompletionRequest,
)
from webox.http import create_app, error_responses, lambda_handler
from webox.providers.errors import ContextTooLong, ModelUnavailable, RateLimited


def _caller(*scopes: str) -> Any:
    """A dependency: the token's principal, if the token holds one of `scopes`."""

    def caller(request: Request) -> Principal:
        scheme, _, token = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise gateway_service.openai_error(
                NotAuthenticated("Send your WeBox API token as a Bearer token")
            )
        principal = gateway_service.authenticate(token.strip())
        if not any(principal.has_scope(scope) for scope in scopes):
            raise gateway_service.openai_error(InsufficientScope())
        return principal

    return caller


Caller = Annotated[Principal, Depends(_caller("chat"))]
# OpenAI clients list the models before they chat: a `chat` token may list them too.
Reader = Annotated[Principal, Depends(_caller("read", "chat"))]
router = APIRouter(prefix="/v1", tags=["gateway"])

# Errors are problem+json that also carry OpenAI's `error` object, so OpenAI SDKs show the message.
_REFUSED = (NotAuthenticated, TokenExpired, InsufficientScope, gateway_service.InvalidRequest)


def _token(*scopes: str) -> dict[str, Any]:
    """The operation's security: a WeBox API token with one of `scopes` (no session cookie here)."""
    return {"security": [{"apiToken": [scope]} for scope in scopes]}


# One server-sent event of the stream (an event stream's `schema` describes each event, as OpenAPI 3.2
# spells `itemSchema`, and as schemathesis reads it): `data` is a chunk's JSON, the last one `[DONE]`.
STREAM_EVENT = {
    "type": "object",
    "properties": {
        "data": {"type": "string", "description": "A `chat.completion.chunk` as JSON, or `[DONE]`."}
    },
    "required": ["data"],
}


@router.post(
    "/chat/completions",
    response_model=None,
    openapi_extra=_token("chat"),
    responses={
        200: {
            "description": "A `chat.completion`, or with `stream: true` server-sent `chat.completion.chunk`s.",
            "content": {
                "application/json": {"example": COMPLETION_EXAMPLE},
                "text/event-stream": {"schema": STREAM_EVENT, "example": COMPLETION_STREAM_EXAMPLE},
            },
        },
        **error_responses(
            *_REFUSED,
            gateway_service.ModelNotFound,
            ModelUnavailable,
            ContextTooLong,
            RateLimited,
            *QUOTA_ERRORS,
        ),
    },
)
async def create_chat_completion(caller: Caller, body: CompletionRequest) -> Any:
    """OpenAI chat completions (streamed as server-sent events when `stream` is true)."""
    call = gateway_service.start(caller.user_id, body)
    if body.stream:
        events = await gateway_service.open_stream(call)
        return StreamingResponse(
            events,
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache"},
        )

    return JSONResponse(await gateway_service.complete(call))


@router.get(
    "/models",
    openapi_extra=_token("read", "chat"),
    responses={
        200: {"content": {"application/json": {"example": MODEL_LIST_EXAMPLE}}},
        **error_responses(*_REFUSED),
    },
)
def list_models(caller: Reader) -> dict[str, Any]:
    """The models the caller can use, in OpenAI's list format."""
    return gateway_service.list_models(caller.user_id)


app = create_app(
    router, title="Gateway", description="OpenAI-compatible API: use any OpenAI SDK with a WeBox token."
)
app.add_exception_handler(RequestValidationError, gateway_service.invalid_request)
handler = lambda_handler(app)
