"""A user's own provider keys: stored KMS-encrypted, shown masked, tested with one real call through
the vendor's SDK adapter (loaded by that route only)."""

from __future__ import annotations

import asyncio
import contextlib
import os
import time

from pydantic import SecretStr

from webox import aio
from webox.account import repository
from webox.account.errors import KeyNotFound, UnknownVendor
from webox.account.models import KeyTest
from webox.account.schemas import KeyOut, KeysOut, KeyTestOut, VendorOut
from webox.config import get_settings as platform_settings
from webox.db import utcnow
from webox.errors import WeboxError
from webox.providers import registry
from webox.providers import service as providers
from webox.providers.model_schemas import VendorInfo
from webox.providers.schemas import ChatMessage, Credentials, GenerationParams

KEY_TEST_TIMEOUT_S = 15.0
# Where a user creates a key at each vendor.
DOCS_URLS = {
    "openai": "https://platform.openai.com/api-keys",
    "anthropic": "https://console.anthropic.com/settings/keys",
    "mistral": "https://console.mistral.ai/api-keys",
    "google": "https://aistudio.google.com/app/apikey",
    "deepseek": "https://platform.deepseek.com/api_keys",
    "xai": "https://console.x.ai",
    "groq": "https://console.groq.com/keys",
    "perplexity": "https://www.perplexity.ai/settings/api",
    "openrouter": "https://openrouter.ai/keys",
    "together": "https://api.together.ai/settings/api-keys",
}


def _vendor(vendor_id: str) -> VendorInfo:
    try:
        vendor = registry.get_vendor(vendor_id)
    except KeyError:
        raise UnknownVendor() from None
    if not vendor.needs_key:
        raise UnknownVendor(f"{vendor.display_name} takes no API key")
    return vendor


def _test_out(test: KeyTest | None) -> KeyTestOut | None:
    if test is None:
        return None
    error = {"code": test.error_code or "", "message": test.error_message or ""} if not test.ok else None
    return KeyTestOut(ok=bool(test.ok), latency_ms=int(test.latency_ms), error=error)


def list_keys(user_id: str) -> KeysOut:
    """The user's own keys, masked, with their last test, and the vendors a key can be given for."""
    tests = repository.key_tests(user_id)
    items = []
    for stored in providers.list_user_keys(user_id):
        test = tests.get(stored.vendor)
        items.append(
            KeyOut(
                vendor=stored.vendor,
                vendor_name=registry.get_vendor(stored.vendor).display_name,
                masked=stored.masked,
                created_at=stored.updated_at,
                updated_at=stored.updated_at,
                last_tested_at=test.tested_at if test else None,
                last_test=_test_out(test),
            )
        )
    vendors = [
        VendorOut(vendor=v.id, vendor_name=v.display_name, docs_url=DOCS_URLS.get(v.id))
        for v in registry.list_vendors()
        if v.needs_key
    ]
    return KeysOut(items=items, vendors=vendors)


def _key_out(user_id: str, vendor_id: str) -> KeyOut:
    for item in list_keys(user_id).items:
        if item.vendor == vendor_id:
            return item
    raise KeyNotFound()


def put_key(user_id: str, vendor_id: str, key: str) -> KeyOut:
    """Add or rotate the user's key for a vendor (KMS-encrypted; the previous test no longer applies)."""
    vendor = _vendor(vendor_id)
    providers.save_user_key(user_id, vendor.id, key)
    repository.delete_key_test(user_id, vendor.id)
    providers.clear_caches()
    return _key_out(user_id, vendor.id)


def delete_key(user_id: str, vendor_id: str) -> None:
    """Forget the user's key for a vendor (404 when none is stored)."""
    vendor = _vendor(vendor_id)
    try:
        providers.delete_user_key(user_id, vendor.id)
    except WeboxError:
        raise KeyNotFound() from None
    repository.delete_key_test(user_id, vendor.id)


def _probe_url(vendor: VendorInfo) -> str:
    """Locally, a key is tried against the vendor's simulator (no call leaves the machine)."""
    if platform_settings().local:
        simulated = os.environ.get(registry.simulated_url_env(vendor.simulator))
        if simulated:
            return simulated
    return vendor.base_url


async def _probe(vendor: VendorInfo, key: str) -> None:
    """The cheapest real call: one token from the vendor's cheapest model, through its SDK adapter."""
    from webox.providers.adapters import adapter_class

    model = min(
        (m for m in registry.list_models() if m.vendor == vendor.id), key=lambda m: m.price_in + m.price_out
    )
    credentials = Credentials(
        vendor=vendor.id, api_key=SecretStr(key), base_url=_probe_url(vendor), source="user"
    )
    adapter = adapter_class(model.adapter)(credentials, timeout_s=KEY_TEST_TIMEOUT_S)
    events = adapter.stream(model, [ChatMessage(role="user", content="ping")], GenerationParams(max_tokens=1))
    async with contextlib.aclosing(events):
        async with asyncio.timeout(KEY_TEST_TIMEOUT_S):
            async for _event in events:
                pass


def test_key(user_id: str, vendor_id: str) -> KeyTestOut:
    """Try the stored key with one real call and remember the outcome."""
    vendor = _vendor(vendor_id)
    stored = providers.stored_key(user_id, vendor.id)
    if stored is None:
        raise KeyNotFound()
    started = time.monotonic()
    code: str | None = None
    message: str | None = None
    try:
        aio.run(_probe(vendor, stored))
    except WeboxError as error:
        code, message = error.code, error.message
    except TimeoutError:
        code, message = "timeout", "The provider did not answer in time"
    latency = int((time.monotonic() - started) * 1000)
    repository.save_key_test(
        KeyTest(
            user_id,
            vendor.id,
            ok=code is None,
            latency_ms=latency,
            error_code=code,
            error_message=message[:300] if message else None,
            tested_at=utcnow(),
        )
    )
    failure = {"code": code, "message": message or ""} if code else None
    return KeyTestOut(ok=code is None, latency_ms=latency, error=failure)
