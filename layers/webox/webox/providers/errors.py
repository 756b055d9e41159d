"""Provider failures with stable codes; every adapter maps its SDK's exceptions onto these."""

from __future__ import annotations

import math
from typing import Any

from webox.errors import WeboxError


class ProviderError(WeboxError):
    """A call to an AI vendor failed; `retryable` says whether trying again may succeed."""

    status, code, title = 502, "provider_error", "The AI provider failed"
    retryable = False

    def __init__(self, message: str | None = None, *, vendor: str | None = None, **extra: Any) -> None:
        details = {"vendor": vendor, **extra} if vendor else dict(extra)
        super().__init__(message, extra=details)
        self.vendor = vendor


class UnknownModel(ProviderError):
    status, code, title = 422, "unknown_model", "Unknown model"


class RateLimited(ProviderError):
    status, code, title = 429, "rate_limited", "The AI provider is rate limiting requests"
    retryable = True
    retry_after: float | None

    def __init__(
        self, message: str | None = None, *, vendor: str | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, vendor=vendor, retry_after=retry_after)
        self.retry_after = retry_after
        if retry_after is not None:
            self.headers["Retry-After"] = str(max(1, math.ceil(retry_after)))


class ProviderUnavailable(ProviderError):
    status, code, title = 502, "provider_unavailable", "The AI provider is unavailable"
    retryable = True


class ProviderTimeout(ProviderError):
    status, code, title = 504, "provider_timeout", "The AI provider did not answer in time"


class BadProviderResponse(ProviderError):
    status, code, title = 502, "bad_provider_response", "The AI provider sent an invalid or incomplete answer"


class ProviderAuthFailed(ProviderError):
    status, code, title = 502, "provider_auth_failed", "The AI provider rejected the API key"


class ModelUnavailable(ProviderError):
    status, code, title = 409, "model_unavailable", "This model is not available"


class ContextTooLong(ProviderError):
    status, code, title = 422, "context_too_long", "The conversation is too long for this model"
