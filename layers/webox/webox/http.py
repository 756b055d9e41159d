"""`create_app()`: the FastAPI app every HTTP function is built from.

It gives each function the same behaviour: problem+json errors with a stable `code`, a request id
on every response and log line, CORS for the SPA, a request-body bound, and OpenAPI operation ids
of the form `{tag}-{name}` (what the SPA's typed client reads).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from http import HTTPStatus
from typing import Any

import fastapi.utils
from fastapi import APIRouter, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from mangum import Mangum
from mangum.adapter import DEFAULT_TEXT_MIME_TYPES
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from webox.config import get_settings
from webox.errors import PayloadTooLarge, WeboxError
from webox.logging import get_logger


def _never_pydantic_v1(annotation: Any) -> bool:
    return False


# FastAPI checks every route's types for pydantic.v1 models (which it refuses) by importing all of
# pydantic.v1: ~20 ms of each HTTP function's cold start to find none. WeBox declares pydantic 2
# models only (ruff bans `pydantic.v1`), so routes skip the check; they are declared after this import.
fastapi.utils.annotation_is_pydantic_v1 = _never_pydantic_v1  # type: ignore[attr-defined]

PROBLEM = "application/problem+json"
REQUEST_ID = "x-request-id"

_STATUS_CODES = {
    400: "bad_request",
    401: "not_authenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "too_many_requests",
}


def problem_example(status: int, code: str, title: str, detail: str | None = None) -> dict[str, Any]:
    """The body `problem()` answers for this error, as a documentation example."""
    return {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail or title,
        "code": code,
        "request_id": "5f0c2c0e-8d0a-4a51-9d55-1f1f4c8ad0f7",
    }


def error_responses(*errors: type[WeboxError] | WeboxError) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses=` for the errors a route answers: one status each, one example per `code`.

    Pass error classes (or instances, for a code set at raise time); the document shows their
    stable `code` values under each status, which is what a client branches on."""
    responses: dict[int | str, dict[str, Any]] = {}
    for error in errors:
        entry = responses.setdefault(error.status, {"description": HTTPStatus(error.status).phrase})
        examples = entry.setdefault("content", {PROBLEM: {"examples": {}}})[PROBLEM]["examples"]
        detail = error.message if isinstance(error, WeboxError) else error.title
        examples[error.code] = {
            "summary": detail,
            "value": problem_example(error.status, error.code, error.title, detail),
        }
    return responses


# Documented once, attached to every route: what any WeBox error looks like.
PROBLEM_RESPONSE: dict[int | str, dict[str, Any]] = {
    "4XX": {
        "description": "Problem details (RFC 9457) with a stable `code`.",
        "content": {
            PROBLEM: {"example": problem_example(404, "not_found", "Not found", "Conversation not found")}
        },
    }
}


def problem(
    request: Request | None,
    status: int,
    code: str,
    title: str,
    detail: str,
    *,
    headers: Mapping[str, str] | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    """An RFC 9457 problem response; never carries a stack trace or an input value."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "code": code,
    }
    if request is not None:
        body["request_id"] = getattr(request.state, "request_id", None)
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def operation_id(route: APIRoute) -> str:
    """`{tag}-{name}`: the operation id the SPA's generated client names its functions after."""
    tag = str(route.tags[0]) if route.tags else "webox"
    return f"{tag}-{route.name}"


class BodyLimit:
    """Refuses request bodies over the bound before the app reads them (413 problem)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await self._refuse(scope, receive, send)
            return
        seen = 0

        async def bounded() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise PayloadTooLarge(f"Request body exceeds {self.limit} bytes")
            return message

        await self.app(scope, bounded, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        response = problem(
            None, 413, "payload_too_large", "Payload too large", f"Request body exceeds {self.limit} bytes"
        )
        await response(scope, receive, send)


class RequestContext:
    """A request id on every response and log line, and the API's response headers.

    Plain ASGI (not `BaseHTTPMiddleware`, which costs milliseconds per request and buffers streams)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        lambda_context = scope.get("aws.context")
        request_id = (
            headers.get(REQUEST_ID.encode(), b"").decode("latin-1")
            or getattr(lambda_context, "aws_request_id", None)
            or str(uuid.uuid4())
        )[:128]
        scope.setdefault("state", {})["request_id"] = request_id
        logger = get_logger()
        # No path in the log keys: some paths carry a secret (a share link's token).
        logger.append_keys(request_id=request_id, correlation_id=request_id)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                response_headers[REQUEST_ID] = request_id
                response_headers.setdefault("Cache-Control", "no-store")
                response_headers["X-Content-Type-Options"] = "nosniff"
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            logger.remove_keys(["request_id", "correlation_id"])


def create_app(
    *routers: APIRouter,
    title: str,
    description: str = "",
    version: str = "1.0.0",
    openapi_tags: Sequence[dict[str, Any]] | None = None,
) -> FastAPI:
    """Build a function's FastAPI app from its routers, with WeBox's shared behaviour."""
    settings = get_settings()
    logger = get_logger()
    app = FastAPI(
        title=f"WeBox — {title}",
        description=description,
        version=version,
        openapi_tags=list(openapi_tags or []),
        generate_unique_id_function=operation_id,
        responses=PROBLEM_RESPONSE,
    )
    for router in routers:
        app.include_router(router)

    @app.exception_handler(WeboxError)
    async def webox_error(request: Request, exc: WeboxError) -> JSONResponse:
        if exc.status >= 500:
            logger.warning("request failed", extra={"code": exc.code, "status": exc.status})
        return problem(
            request, exc.status, exc.code, exc.title, exc.message, headers=exc.headers, extra=exc.extra
        )

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> JSONResponse:
        # Only where and why: an invalid field's value may be a password, so it is never echoed.
        errors = [
            {"loc": [str(part) for part in err.get("loc", ())], "msg": str(err.get("msg", ""))}
            for err in exc.errors()
        ]
        detail = "; ".join(f"{'.'.join(e['loc'][1:]) or 'body'}: {e['msg']}" for e in errors[:5])
        return problem(request, 422, "validation_failed", "Invalid input", detail, extra={"errors": errors})

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _STATUS_CODES.get(exc.status_code, "http_error")
        detail = exc.detail if isinstance(exc.detail, str) else code
        return problem(request, exc.status_code, code, detail, detail, headers=exc.headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unhandled error", extra={"error_type": type(exc).__name__})
        return problem(request, 500, "internal_error", "Internal error", "Something went wrong on our side")

    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_credentials=True,
        allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=["Authorization", "Content-Type", "X-CSRF-Token", REQUEST_ID],
        expose_headers=[REQUEST_ID, "Retry-After"],
        max_age=600,
    )
    app.add_middleware(BodyLimit, limit=settings.max_body_bytes)
    app.add_middleware(RequestContext)
    return app


def lambda_handler(app: FastAPI) -> Mangum:
    """A function's Lambda entry point: its app behind Mangum, with problem+json answered as text
    (Mangum base64-encodes any type it does not know as text, costing a decode on every error)."""
    return Mangum(app, lifespan="off", text_mime_types=[*DEFAULT_TEXT_MIME_TYPES, PROBLEM])
