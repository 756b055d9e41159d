"""Calling AI providers: which key to use, and one streaming call with retries, timeouts and cancellation.

A key is resolved per (user, vendor): the user's own key (BYOK, KMS-encrypted) → the platform's key
(environment, else the `provider-keys` secret) → on the local host only, the vendor's simulator →
otherwise the model is unavailable. No vendor SDK is imported here: the adapter of the model called
imports its own, so a Lambda loads only the SDK it uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import os
import random
import re
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import AsyncGenerator, Collection
from dataclasses import dataclass

from pydantic import SecretStr

from webox.config import get_settings
from webox.errors import Invalid, NotFound
from webox.logging import get_logger
from webox.providers import registry, repository
from webox.providers.adapters import Adapter, adapter_class
from webox.providers.errors import ModelUnavailable, ProviderError, ProviderTimeout, RateLimited, UnknownModel
from webox.providers.model_schemas import AvailableModel, ModelInfo, VendorInfo
from webox.providers.schemas import (
    Answer,
    ChatMessage,
    Credentials,
    GenerationParams,
    StoredKey,
    StreamEvent,
    TextDelta,
    ToolCall,
)

# Retries: exponential backoff with jitter from BACKOFF_BASE_S; a vendor asking to wait longer than
# MAX_RETRY_WAIT_S is not retried (the caller gets rate_limited and its retry_after at once).
BACKOFF_BASE_S = 0.5
MAX_RETRY_WAIT_S = 8.0
FIRST_TOKEN_TIMEOUT_S = 30.0
# The SDKs' own timeout is only a backstop: `stream` enforces each call's deadlines itself.
SDK_TIMEOUT_S = 600.0
PLATFORM_KEYS_TTL_S = 300.0
# The simulators accept any key.
SIMULATED_KEY = "webox-simulated"
_CLIENTS_PER_LOOP = 64
_KEY_SHAPE = re.compile(r"^[\x21-\x7e]{20,512}$")


# --- credentials ----------------------------------------------------------------------------------


@dataclass
class _SecretCache:
    keys: dict[str, str] | None = None
    read_at: float = 0.0


_secret_cache = _SecretCache()
_secret_lock = threading.Lock()


def _secret_keys() -> dict[str, str]:
    """The platform keys' secret, read at most every few minutes per process (absent: {})."""
    with _secret_lock:
        if _secret_cache.keys is None or time.monotonic() - _secret_cache.read_at > PLATFORM_KEYS_TTL_S:
            _secret_cache.keys, _secret_cache.read_at = repository.platform_keys(), time.monotonic()
        return _secret_cache.keys


def _platform_value(vendor: VendorInfo) -> str | None:
    """The platform's key for a vendor (for a keyless vendor: its configured base URL)."""
    return os.environ.get(vendor.key_env) or _secret_keys().get(vendor.id) or None


def platform_pays_any() -> bool:
    """Whether the platform holds a key for any vendor (else no call is ever held to a plan's
    budgets: `make dev` without keys); nothing is read but the platform keys' cached secret."""
    return any(_platform_value(vendor) is not None for vendor in registry.list_vendors())


def _base_url(vendor: VendorInfo) -> str:
    """Where keyed calls to a vendor go: `<VENDOR>_BASE_URL` (a proxy, a regional endpoint) or its API."""
    return os.environ.get(f"{vendor.id.upper()}_BASE_URL") or vendor.base_url


def _simulator_url(vendor: VendorInfo) -> str | None:
    if not get_settings().local:
        return None
    return os.environ.get(registry.simulated_url_env(vendor.simulator)) or None


def resolve_credentials(vendor_id: str, user_id: str | None = None) -> Credentials:
    """How to call `vendor_id` for `user_id`: their key, else the platform's, else (locally) the simulator."""
    vendor = registry.get_vendor(vendor_id)
    if user_id and vendor.needs_key and (item := repository.get_key(user_id, vendor.id)) is not None:
        key = SecretStr(repository.decrypt_key(item))
        return Credentials(vendor=vendor.id, api_key=key, base_url=_base_url(vendor), source="user")
    if platform := _platform_value(vendor):
        if vendor.needs_key:
            key = SecretStr(platform)
            return Credentials(vendor=vendor.id, api_key=key, base_url=_base_url(vendor), source="platform")
        # A keyless vendor (Ollama) is "configured" by its base URL.
        return Credentials(
            vendor=vendor.id, api_key=SecretStr(vendor.id), base_url=platform, source="platform"
        )
    if url := _simulator_url(vendor):
        key = SecretStr(SIMULATED_KEY)
        return Credentials(vendor=vendor.id, api_key=key, base_url=url, source="simulated")
    raise ModelUnavailable(f"No key is configured for {vendor.display_name}", vendor=vendor.id)


def _source(vendor: VendorInfo, own: Collection[str]) -> str | None:
    """Where a call would get its key ("user", "platform", "simulated"), without decrypting anything."""
    if vendor.needs_key and vendor.id in own:
        return "user"
    if _platform_value(vendor) is not None:
        return "platform"
    return "simulated" if _simulator_url(vendor) is not None else None


def own_vendors(user_id: str) -> frozenset[str]:
    """The vendors the user holds a key for (one Query; nothing is decrypted)."""
    return frozenset(item.vendor for item in repository.keys_of(user_id))


def key_sources(
    user_id: str, model_ids: list[str], own: frozenset[str] | None = None
) -> tuple[dict[str, str], list[str]]:
    """Whose key answers each of these models for this user ("user", "platform", "simulated"), and
    the models nobody can answer (unknown ones too): one Query (none when the caller knows `own`,
    the vendors the user holds a key for), no model list built."""
    own = own if own is not None else own_vendors(user_id)
    sources: dict[str, str] = {}
    missing: list[str] = []
    for model_id in model_ids:
        try:
            source = _source(registry.get_vendor(registry.get_model(model_id).vendor), own)
        except UnknownModel:
            source = None
        if source is None:
            missing.append(model_id)
        else:
            sources[model_id] = source
    return sources, missing


def available_models(user_id: str | None = None, own: frozenset[str] | None = None) -> list[AvailableModel]:
    """The model picker's list for a user. In the cloud a model nobody holds a key for is left out;
    locally every model is listed, answered by its simulator when no key is set. `own`: as for
    `key_sources`."""
    if own is None:
        own = own_vendors(user_id) if user_id else frozenset()
    local = get_settings().local
    models = []
    for model in registry.list_models():
        source = _source(registry.get_vendor(model.vendor), own)
        if source is not None or local:
            models.append(
                AvailableModel(
                    **model.model_dump(),
                    available=source is not None,
                    simulated=source == "simulated",
                    key_source=source,  # type: ignore[arg-type]
                )
            )
    return models


def key_source(
    model_id: str, user_id: str | None = None, *, own_vendors: frozenset[str] | None = None
) -> str:
    """Whose key a call to this model for this user would use: "user", "platform" or "simulated"
    (a model nobody can answer raises `ModelUnavailable`). `own_vendors`: the vendors the user
    holds a key for, when the caller already knows them (nothing is read then)."""
    if own_vendors is not None:
        vendor = registry.get_vendor(registry.get_model(model_id).vendor)
        source = _source(vendor, set(own_vendors))
    else:
        vendor, source = _model_source(model_id, user_id)
    if source is None:
        raise ModelUnavailable(f"No key is configured for {vendor.display_name}", vendor=vendor.id)
    return source


def _model_source(model_id: str, user_id: str | None) -> tuple[VendorInfo, str | None]:
    vendor = registry.get_vendor(registry.get_model(model_id).vendor)
    own = {vendor.id} if user_id and repository.get_key(user_id, vendor.id) is not None else set()
    return vendor, _source(vendor, own)


def mask(key: str) -> str:
    """What the dashboard shows of a key: its prefix and last four characters."""
    return f"{key[:3]}…{key[-4:]}"


def save_user_key(user_id: str, vendor_id: str, key: str) -> str:
    """Store (or replace) a user's own key for a vendor, KMS-encrypted; returns its masked form."""
    try:
        vendor = registry.get_vendor(vendor_id)
    except KeyError:
        raise Invalid("Unknown provider", code="unknown_vendor") from None
    if not vendor.needs_key:
        raise Invalid(f"{vendor.display_name} takes no API key", code="key_not_needed")
    key = key.strip()
    if not _KEY_SHAPE.match(key):
        raise Invalid("This does not look like an API key", code="invalid_key")
    masked = mask(key)
    repository.put_key(user_id, vendor.id, repository.encrypt_key(user_id, vendor.id, key), masked)
    return masked


def seal_user_secret(user_id: str, vendor_id: str, secret: str) -> bytes:
    """KMS-encrypt a user's secret for a vendor outside the AI registry (a Twilio account), exactly
    as their AI keys are: bound to the owner and the vendor, useless under any other."""
    return repository.encrypt_key(user_id, vendor_id, secret)


def open_user_secret(user_id: str, vendor_id: str, ciphertext: bytes) -> str:
    """The plaintext of what `seal_user_secret` sealed for this owner and vendor."""
    return repository.decrypt_value(user_id, vendor_id, ciphertext)


def delete_user_key(user_id: str, vendor_id: str) -> None:
    """Forget a user's own key for a vendor (NotFound when none is stored)."""
    if not repository.delete_key(user_id, vendor_id):
        raise NotFound("No key stored for this provider")


def stored_key(user_id: str, vendor_id: str) -> str | None:
    """The plaintext of a user's own key (to test it), None when none is stored."""
    item = repository.get_key(user_id, vendor_id)
    return repository.decrypt_key(item) if item is not None else None


def list_user_keys(user_id: str) -> list[StoredKey]:
    """A user's own keys, masked: never the keys themselves."""
    return [
        StoredKey(vendor=item.vendor, masked=item.masked, updated_at=item.updated_at)
        for item in repository.keys_of(user_id)
    ]


def clear_caches() -> None:
    """Forget cached platform keys and SDK clients (after a key rotation; tests)."""
    with _secret_lock:
        _secret_cache.keys = None
    _clients.clear()


# --- clients --------------------------------------------------------------------------------------

# One SDK client per (vendor, base URL, key) and event loop: an async client's pooled connections
# belong to the loop that opened them, and a handler may run each invocation in a new loop.
_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, OrderedDict[tuple[str, str, str], Adapter]] = (
    weakref.WeakKeyDictionary()
)


def _adapter(model: ModelInfo, credentials: Credentials) -> Adapter:
    per_loop = _clients.setdefault(asyncio.get_running_loop(), OrderedDict())
    fingerprint = hashlib.sha256(credentials.api_key.get_secret_value().encode()).hexdigest()
    key = (credentials.vendor, credentials.base_url, fingerprint)
    adapter = per_loop.get(key)
    if adapter is None:
        adapter = adapter_class(model.adapter)(credentials, timeout_s=SDK_TIMEOUT_S)
        per_loop[key] = adapter
        while len(per_loop) > _CLIENTS_PER_LOOP:
            per_loop.popitem(last=False)
    per_loop.move_to_end(key)
    return adapter


# --- calls ----------------------------------------------------------------------------------------


def _retry_wait(attempt: int, error: ProviderError) -> float | None:
    """Seconds to wait before retry number `attempt + 1`, or None when waiting is not worth it."""
    asked = error.retry_after if isinstance(error, RateLimited) else None
    if asked is not None and asked > MAX_RETRY_WAIT_S:
        return None
    backoff = BACKOFF_BASE_S * 2.0**attempt
    jittered = backoff / 2 + random.random() * backoff / 2  # noqa: S311 - jitter, not a secret
    return min(MAX_RETRY_WAIT_S, max(jittered, asked or 0.0))


async def _prepare(
    model_id: str, messages: list[ChatMessage], user_id: str | None
) -> tuple[ModelInfo, Adapter]:
    """Check a call's messages and find the model and the adapter (with its key) that answer it."""
    if not any(message.role == "user" for message in messages):
        raise Invalid("A conversation needs at least one user message")
    model = registry.get_model(model_id)
    credentials = await asyncio.to_thread(resolve_credentials, model.vendor, user_id)
    return model, _adapter(model, credentials)


async def _wait_before_retry(
    model: ModelInfo, error: ProviderError, attempt: int, max_retries: int, deadline: float
) -> None:
    """Sleep before retry number `attempt + 1`, or raise `error` when it is not worth retrying."""
    loop = asyncio.get_running_loop()
    wait = _retry_wait(attempt, error) if error.retryable and attempt < max_retries else None
    if wait is None or loop.time() + wait >= deadline:
        raise error
    get_logger().info(
        "provider call retried",
        extra={"model": model.id, "vendor": model.vendor, "code": error.code, "attempt": attempt + 1},
    )
    await asyncio.sleep(wait)


async def stream(
    model_id: str,
    messages: list[ChatMessage],
    params: GenerationParams | None = None,
    *,
    user_id: str | None = None,
    timeout_s: float = 60,
    max_retries: int = 2,
    first_token_timeout_s: float = FIRST_TOKEN_TIMEOUT_S,
) -> AsyncGenerator[StreamEvent, None]:
    """Stream a model's answer: `TextDelta`s, the `ToolCall`s it asks for (tools offered in `params`),
    then one `Completed`. Raises `ProviderError`s.

    Failures before the first token (429, 5xx, connection) are retried with backoff; after it, an error
    is raised as is, never replayed. The whole call must end within `timeout_s` and the first token come
    within `first_token_timeout_s`. Closing the iterator or cancelling the task closes the vendor stream.
    """
    params = params or GenerationParams()
    model, adapter = await _prepare(model_id, messages, user_id)
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout_s
    first_deadline = min(deadline, loop.time() + first_token_timeout_s)
    attempt = 0
    while True:
        started = False
        try:
            async with contextlib.aclosing(adapter.stream(model, messages, params)) as events:
                while True:
                    try:
                        async with asyncio.timeout_at(deadline if started else first_deadline):
                            event = await anext(events)
                    except StopAsyncIteration:
                        return
                    except TimeoutError:
                        what = "the answer" if started else "the first token"
                        raise ProviderTimeout(f"No {what} in time", vendor=model.vendor) from None
                    started = started or isinstance(event, TextDelta | ToolCall)
                    yield event
        except ProviderError as error:
            if started:
                raise
            await _wait_before_retry(model, error, attempt, max_retries, first_deadline)
            attempt += 1


async def complete(
    model_id: str,
    messages: list[ChatMessage],
    params: GenerationParams | None = None,
    *,
    user_id: str | None = None,
    timeout_s: float = 60,
    max_retries: int = 2,
) -> Answer:
    """The whole answer from the vendor's non-streamed call (no stream to read and rebuild).
    Failures (429, 5xx, connection) are retried with backoff within `timeout_s`."""
    params = params or GenerationParams()
    model, adapter = await _prepare(model_id, messages, user_id)
    deadline = asyncio.get_running_loop().time() + timeout_s
    attempt = 0
    while True:
        try:
            try:
                async with asyncio.timeout_at(deadline):
                    return await adapter.generate(model, messages, params)
            except TimeoutError:
                raise ProviderTimeout("No answer in time", vendor=model.vendor) from None
        except ProviderError as error:
            await _wait_before_retry(model, error, attempt, max_retries, deadline)
            attempt += 1
