"""One error hierarchy for every feature; `webox.http` renders it as application/problem+json."""

from __future__ import annotations

from typing import Any


class WeboxError(Exception):
    """A failure the caller can act on: a stable machine `code`, a human message and an HTTP status."""

    status: int = 400
    code: str = "bad_request"
    title: str = "Bad request"

    def __init__(
        self,
        message: str | None = None,
        *,
        code: str | None = None,
        status: int | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        self.message = message or self.title
        if code:
            self.code = code
        if status:
            self.status = status
        self.headers = headers or {}
        self.extra = extra or {}
        super().__init__(self.message)


class NotFound(WeboxError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(WeboxError):
    status, code, title = 409, "conflict", "Conflict"


class Unauthorized(WeboxError):
    status, code, title = 401, "not_authenticated", "Authentication required"


class Forbidden(WeboxError):
    status, code, title = 403, "forbidden", "Forbidden"


class Invalid(WeboxError):
    status, code, title = 422, "validation_failed", "Invalid input"


class PayloadTooLarge(WeboxError):
    status, code, title = 413, "payload_too_large", "Payload too large"


class TooManyRequests(WeboxError):
    status, code, title = 429, "too_many_requests", "Too many requests"

    def __init__(self, message: str | None = None, *, retry_after: int, code: str | None = None) -> None:
        super().__init__(
            message,
            code=code,
            headers={"Retry-After": str(max(1, retry_after))},
            extra={"retry_after": max(1, retry_after)},
        )


class UpstreamError(WeboxError):
    status, code, title = 502, "upstream_error", "A provider failed"
