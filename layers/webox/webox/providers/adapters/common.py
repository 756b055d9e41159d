"""What the adapters share: turning a conversation into turns, reading retry hints, mapping transport
and Stainless-generated SDK errors (openai, anthropic) to `ProviderError`s."""

from __future__ import annotations

import contextlib
import email.utils
import json
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
from webox.providers.schemas import ChatMessage, GenerationParams, ToolCall, ToolSpec, Usage


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


# What an image weighs in a usage estimate, in characters (vendors bill about 1,000 tokens for one).
IMAGE_CHARS = 4_000

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


def tool_arguments(raw: Any, vendor: str) -> dict[str, Any]:
    """A tool call's arguments as an object (vendors send a JSON string or the object itself)."""
    if isinstance(raw, dict):
        return raw
    if raw is None or raw == "":
        return {}
    try:
        value = json.loads(raw)
    except (TypeError, ValueError):
        value = None
    if not isinstance(value, dict):
        raise BadProviderResponse("The provider sent unreadable tool arguments", vendor=vendor)
    return value


def chat_tools(tools: tuple[ToolSpec, ...]) -> list[dict[str, Any]]:
    """Tools in the chat-completions format (OpenAI and Mistral share it)."""
    return [
        {
            "type": "function",
            "function": {"name": t.name, "description": t.description, "parameters": t.parameters},
        }
        for t in tools
    ]


def _chat_content(m: ChatMessage, *, flat_image_url: bool) -> str | list[dict[str, Any]]:
    """A message's content: its text, or with images the text part then one `image_url` part each
    (a data URL; `flat_image_url`: the URL itself rather than `{"url": …}`, as Mistral documents it)."""
    if not m.images:
        return m.content
    parts: list[dict[str, Any]] = [{"type": "text", "text": m.content}]
    for image in m.images:
        url = f"data:{image.media_type};base64,{image.base64()}"
        parts.append({"type": "image_url", "image_url": url if flat_image_url else {"url": url}})
    return parts


def chat_messages(turns: list[ChatMessage], *, tool_names: bool = False) -> list[dict[str, Any]]:
    """Turns in the chat-completions format: assistant `tool_calls` with JSON arguments, `tool` results
    (`tool_names`: with the tool's name, and image URLs flat, as Mistral wants them), images as
    `image_url` parts."""
    wire: list[dict[str, Any]] = []
    for m in turns:
        message: dict[str, Any] = {"role": m.role, "content": _chat_content(m, flat_image_url=tool_names)}
        if m.tool_calls:
            message["tool_calls"] = [
                {
                    "id": call.id,
                    "type": "function",
                    "function": {"name": call.name, "arguments": json.dumps(call.arguments)},
                }
                for call in m.tool_calls
            ]
        if m.role == "tool":
            message["tool_call_id"] = m.tool_call_id
            if tool_names and m.name:
                message["name"] = m.name
        wire.append(message)
    return wire


class ToolCallParts:
    """Tool calls streamed in pieces by index (chat completions: id and name first, then argument text)."""

    def __init__(self, vendor: str) -> None:
        self.vendor = vendor
        self._parts: dict[int, dict[str, Any]] = {}

    def add(self, index: int | None, call_id: str | None, name: str | None, arguments: Any) -> None:
        """Add one streamed piece of the call at `index`."""
        part = self._parts.setdefault(index or 0, {"id": "", "name": "", "arguments": ""})
        part["id"] = call_id or part["id"]
        part["name"] = name or part["name"]
        if isinstance(arguments, dict):
            part["arguments"] = json.dumps(arguments)
        elif arguments:
            part["arguments"] += arguments

    def calls(self) -> list[ToolCall]:
        """The complete calls, in index order."""
        return [
            ToolCall(
                id=part["id"] or f"call_{index}",
                name=part["name"],
                arguments=tool_arguments(part["arguments"], self.vendor),
            )
            for index, part in sorted(self._parts.items())
        ]


def estimate_usage(messages: list[ChatMessage], params: GenerationParams, answer: str) -> Usage:
    """A rough token count (4 characters a token) for a vendor that reported none."""
    prompt = sum(len(m.content) for m in messages) + len(params.system or "")
    prompt += sum(IMAGE_CHARS for m in messages for _ in m.images)
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
