"""The account: settings, own provider keys (masked, tested with one real call), export and deletion."""

from __future__ import annotations

import asyncio
import contextlib
import io
import json
import os
import time
import zipfile
from typing import Any

from pydantic import SecretStr

from webox import aio, manifest, storage
from webox.account import repository
from webox.account.errors import InvalidSettings, KeyNotFound, UnknownVendor
from webox.account.models import AccountSettings, KeyTest
from webox.account.schemas import (
    DefaultParams,
    KeyOut,
    KeysOut,
    KeyTestOut,
    Notifications,
    SettingsOut,
    SettingsPatch,
    VendorOut,
)
from webox.auth import accounts, two_factor
from webox.auth.models import User
from webox.config import get_settings as platform_settings
from webox.db import utcnow
from webox.errors import WeboxError
from webox.logging import get_logger
from webox.platform import UserDataHooks
from webox.providers import registry
from webox.providers import service as providers
from webox.providers.schemas import ChatMessage, Credentials, GenerationParams, VendorInfo
from webox.storage import ACCOUNT_EXPORTS_FOLDER

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
# Export: answered inline up to this size, else stored and served by a presigned URL.
INLINE_EXPORT_BYTES = 5_000_000
EXPORT_FOLDER = ACCOUNT_EXPORTS_FOLDER  # expired after a day (infra)
# Never exported, even hashed or encrypted: they are of no use to the user and could be attacked.
_PRIVATE_FIELDS = ("hash", "secret", "ciphertext", "recovery")
logger = get_logger()


# -- settings --------------------------------------------------------------------------------------


def _settings_out(user: User, item: AccountSettings) -> SettingsOut:
    return SettingsOut(
        display_name=user.name,
        email=user.email,
        language="en" if user.language == "en" else "fr",
        theme=item.theme if item.theme in ("light", "dark") else "system",  # type: ignore[arg-type]
        default_models=list(item.default_models or []),
        default_params=DefaultParams.model_validate(item.default_params or {}),
        notifications=Notifications(
            product_news=bool(item.notify_product_news),
            usage_alerts=bool(item.notify_usage_alerts),
            job_done=bool(item.notify_job_done),
        ),
        cost_cap_micro_usd=int(item.cost_cap_micro_usd) if item.cost_cap_micro_usd is not None else None,
    )


def get_settings(user: User) -> SettingsOut:
    """The user's settings (defaults until changed)."""
    return _settings_out(user, repository.get_settings(user.id))


def update_settings(user: User, patch: SettingsPatch) -> SettingsOut:
    """Change the settings named in `patch` (the others stay as they are)."""
    given = patch.model_fields_set
    if "display_name" in given or "language" in given:
        accounts.update_profile(user, name=patch.display_name, language=patch.language)
    if patch.default_models is not None:
        for model_id in patch.default_models:
            registry.get_model(model_id)  # 422 unknown_model
        if len(set(patch.default_models)) != len(patch.default_models):
            raise InvalidSettings("A model is listed twice")
    fields: dict[str, Any] = {}
    if patch.theme is not None:
        fields["theme"] = patch.theme
    if patch.default_models is not None:
        fields["default_models"] = patch.default_models
    if patch.default_params is not None:
        fields["default_params"] = patch.default_params.model_dump()
    if patch.notifications is not None:
        fields["notify_product_news"] = patch.notifications.product_news
        fields["notify_usage_alerts"] = patch.notifications.usage_alerts
        fields["notify_job_done"] = patch.notifications.job_done
    if "cost_cap_micro_usd" in given:
        fields["cost_cap_micro_usd"] = patch.cost_cap_micro_usd
    item = repository.get_settings(user.id)
    if fields:
        item = repository.save_settings(item, **fields)
    return _settings_out(user, item)


# -- own provider keys ------------------------------------------------------------------------------


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


# -- export and deletion ----------------------------------------------------------------------------


def _public(item: Any) -> dict[str, Any]:
    data: dict[str, Any] = item.to_simple_dict(force=True)
    return {k: v for k, v in data.items() if not any(word in k for word in _PRIVATE_FIELDS)}


def _feature_exports(user: User) -> dict[str, Any]:
    exports: dict[str, Any] = {
        "account.json": {
            "id": user.id,
            "email": user.email,
            "name": user.name,
            "language": user.language,
            "created_at": user.created_at.isoformat(),
            "mfa_enabled": bool(user.mfa_enabled),
        },
        "settings.json": get_settings(user).model_dump(mode="json"),
        "provider_keys.json": [k.model_dump(mode="json") for k in list_keys(user.id).items],
    }
    # A feature with more to say than its raw items (a conversation's turns and answers…).
    for feature, hooks in _feature_hooks():
        export_data = hooks.export_data()
        if export_data is not None:
            exports[f"{feature}.json"] = export_data(user.id)
    return exports


def export(user: User) -> tuple[bytes | None, str | None]:
    """A zip of the user's data (JSON per feature, every table's items, their files): (zip bytes,
    None), or (None, a presigned URL) when it is too large to answer inline."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in _feature_exports(user).items():
            archive.writestr(name, json.dumps(content, ensure_ascii=False, indent=2, default=str))
        for model, query in repository.user_tables():
            items = [_public(item) for item in repository.user_items(query, user.id)]
            if items:
                table = str(model.Meta.table_name).removeprefix(platform_settings().resource_prefix)
                archive.writestr(f"tables/{table}.json", json.dumps(items, ensure_ascii=False, indent=2))
        for logical, keys in repository.user_object_keys(user.id).items():
            for key in keys:
                if not key.startswith(f"{EXPORT_FOLDER}/"):
                    archive.writestr(f"files/{logical}/{key}", storage.get(logical, key))
        # Files a feature keeps under folders that do not name the user (media: hashed owners).
        for _feature, hooks in _feature_hooks():
            export_files = hooks.export_user_files()
            for logical, key, name in export_files(user.id) if export_files else ():
                archive.writestr(f"files/{logical}/{name}", storage.get(logical, key))
    data = buffer.getvalue()
    if len(data) <= INLINE_EXPORT_BYTES:
        return data, None
    key = f"{EXPORT_FOLDER}/{user.id}/{utcnow().strftime('%Y%m%dT%H%M%S')}.zip"
    storage.put("files", key, data, "application/zip")
    return None, storage.download_url("files", key, filename="webox-export.zip")


def _feature_hooks() -> list[tuple[str, UserDataHooks]]:
    """Each feature that declares user-data hooks, with them (billing first: it cancels at Stripe
    while it still knows the subscription; then by name)."""
    declared = {d.name: d.hooks for d in manifest.DECLARATIONS if d.hooks.declared()}
    ordered = sorted(declared, key=lambda name: (name != "billing", name))
    return [(name, declared[name]) for name in ordered]


def delete_account(user: User, password: str, code: str | None) -> dict[str, int]:
    """After re-authentication, delete every item of the user in every table and every file;
    returns how many items each table lost (the account item, its sessions and tokens go last)."""
    two_factor.reauthenticate(user, password, code)
    # Each feature that knows how deletes its own data first (items keyed otherwise than by the
    # user, files under hashed folders); every table keyed by the user is then swept.
    for _feature, hooks in _feature_hooks():
        delete_data = hooks.delete_data()
        if delete_data is not None:
            delete_data(user.id)
    repository.delete_user_data(user.id)
    counts: dict[str, int] = {}
    for model, query in repository.user_tables():
        items = repository.user_items(query, user.id)
        if items:
            repository.delete_items(model, items)
            counts[str(model.Meta.table_name)] = len(items)
    for logical, keys in repository.user_object_keys(user.id).items():
        storage.delete(logical, keys)
        counts[f"s3:{logical}"] = len(keys)
    accounts.delete_account(user)
    logger.info("account data deleted", extra={"user_id": user.id, "tables": len(counts)})
    return counts
