"""What the adapters share: turning a conversation into turns, reading retry hints, mapping transport
and Stainless-generated SDK errors (openai, anthropic) to `ProviderError`s."""

from __future__ import annotations

import contextlib
import email.utils
import re
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from types import ModuleType
from typing import Any

from webox.providers.errors import (
    BadProviderResponse,
    ContextTooLong,
    ModelUnavailable,
    ProviderAuthFailed,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    RateLimited,
)
from webox.providers.schemas import ChatMessage, GenerationParams, Usage


@contextlib.contextmanager
def vendor_errors(mapper: Callable[[Exception], ProviderError | None]) -> Iterator[None]:
    """Raise the `ProviderError` an SDK exception maps to (an unmapped one is raised as is)."""
    try:
        yield
    except ProviderError:
        raise
    except Exception as exc:
        if (mapped := mapper(exc)) is None:
            raise
        raise mapped from exc


_CONTEXT_HINTS = re.compile(
    r"context[ _]length|context window|too many tokens|prompt is too long|maximum context|"
    r"exceeds the maximum number of tokens|input token count",
    re.I,
)


def system_and_turns(
    messages: list[ChatMessage], params: GenerationParams
) -> tuple[str | None, list[ChatMessage]]:
    """The system prompt (the params' first, then any system messages) and the user/assistant turns."""
    parts = [params.system] if params.system else []
    parts += [m.content for m in messages if m.role == "system" and m.content]
    return ("\n\n".join(parts) or None), [m for m in messages if m.role != "system"]


def estimate_usage(messages: list[ChatMessage], params: GenerationParams, answer: str) -> Usage:
    """A rough token count (4 characters a token) for a vendor that reported none."""
    prompt = sum(len(m.content) for m in messages) + len(params.system or "")
    return Usage(input_tokens=(prompt + 3) // 4, output_tokens=(len(answer) + 3) // 4, estimated=True)


def retry_after(headers: Mapping[str, str] | None) -> float | None:
    """Seconds a vendor asks to wait, from `retry-after-ms` or `retry-after` (seconds or an HTTP date)."""
    if not headers:
        return None
    try:
        if value := headers.get("retry-after-ms"):
            return max(0.0, float(value) / 1000)
        if value := headers.get("retry-after"):
            try:
                return max(0.0, float(value))
            except ValueError:
                parsed = email.utils.parsedate_to_datetime(value)
                return max(0.0, parsed.timestamp() - time.time())
    except (TypeError, ValueError, OverflowError):
        return None
    return None


def looks_like_context_overflow(message: str) -> bool:
    return bool(_CONTEXT_HINTS.search(message))


def transport_error(exc: BaseException, vendor: str, *, reading: bool) -> ProviderError | None:
    """Map an httpx/httpx2/aiohttp failure: a timeout, a refused connection, or a stream cut while reading."""
    for name in ("httpx2", "httpx"):
        module = sys.modules.get(name)
        if module is None:
            continue
        if isinstance(exc, module.TimeoutException):
            return ProviderTimeout(vendor=vendor)
        if isinstance(exc, module.TransportError):
            return (
                _cut(vendor)
                if reading
                else ProviderUnavailable("Could not reach the provider", vendor=vendor)
            )
    aiohttp = sys.modules.get("aiohttp")
    if aiohttp is not None and isinstance(exc, aiohttp.ClientError):
        return _cut(vendor) if reading else ProviderUnavailable("Could not reach the provider", vendor=vendor)
    if isinstance(exc, TimeoutError):
        return ProviderTimeout(vendor=vendor)
    return None


def _cut(vendor: str) -> BadProviderResponse:
    return BadProviderResponse("The provider's answer was cut off", vendor=vendor)


def stainless_error(sdk: ModuleType, exc: Exception, vendor: str, *, reading: bool) -> ProviderError | None:
    """Map an exception of a Stainless-generated SDK (`openai`, `anthropic`: same class names)."""
    if isinstance(exc, sdk.APIStatusError):
        return _status_error(sdk, exc, vendor)
    if isinstance(exc, sdk.APITimeoutError):
        return ProviderTimeout(vendor=vendor)
    if isinstance(exc, sdk.APIConnectionError):
        if reading:
            return _cut(vendor)
        return ProviderUnavailable("Could not reach the provider", vendor=vendor)
    if isinstance(exc, sdk.APIResponseValidationError | ValueError):
        return BadProviderResponse("The provider sent a malformed answer", vendor=vendor)
    if isinstance(exc, sdk.APIError):
        # An error event inside a stream (openai raises it without a status).
        return ProviderUnavailable("The provider failed while answering", vendor=vendor)
    return transport_error(exc, vendor, reading=reading)


def _status_error(sdk: ModuleType, exc: Any, vendor: str) -> ProviderError:
    status = int(getattr(exc, "status_code", 0) or 0)
    body: dict[str, Any] = exc.body if isinstance(getattr(exc, "body", None), dict) else {}
    # openai hands over the `error` object itself, anthropic the whole body.
    error: dict[str, Any] = body["error"] if isinstance(body.get("error"), dict) else body
    kind, message = str(error.get("type") or error.get("code") or ""), str(error.get("message") or "")
    if isinstance(exc, sdk.RateLimitError) or kind in ("rate_limit_error", "rate_limit_exceeded"):
        return RateLimited(vendor=vendor, retry_after=retry_after(exc.response.headers))
    if isinstance(exc, sdk.AuthenticationError | sdk.PermissionDeniedError):
        return ProviderAuthFailed(vendor=vendor)
    if status == 413 or kind == "context_length_exceeded" or looks_like_context_overflow(message):
        return ContextTooLong(vendor=vendor)
    if isinstance(exc, sdk.NotFoundError):
        return ModelUnavailable("The provider does not serve this model", vendor=vendor)
    # Below 400: an error event inside a stream whose HTTP status was already 200.
    if status >= 500 or status < 400 or kind in ("overloaded_error", "api_error", "server_error"):
        return ProviderUnavailable(f"The provider answered {status or 'an error'}", vendor=vendor)
    return ProviderError(f"The provider refused the request ({status})", vendor=vendor)
