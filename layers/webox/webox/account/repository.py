"""Every DynamoDB call of the account feature."""

from __future__ import annotations

import importlib
from typing import Any

from pynamodb.exceptions import DoesNotExist
from pynamodb.models import Model

from webox import storage
from webox.account.models import AccountSettings, KeyTest
from webox.aws import client
from webox.db import utcnow

OWNER_ATTRIBUTES = ("user_id", "owner_id")


def get_settings(user_id: str) -> AccountSettings:
    """A user's settings (the defaults when none were saved)."""
    try:
        return AccountSettings.get(user_id)
    except DoesNotExist:
        return AccountSettings(user_id)


def save_settings(item: AccountSettings, **fields: Any) -> AccountSettings:
    for name, value in fields.items():
        setattr(item, name, value)
    item.updated_at = utcnow()
    item.save()
    return item


def key_tests(user_id: str) -> dict[str, KeyTest]:
    return {item.vendor: item for item in KeyTest.query(user_id)}


def save_key_test(item: KeyTest) -> None:
    item.save()


def delete_key_test(user_id: str, vendor: str) -> None:
    KeyTest(user_id, vendor).delete()


def delete_user_data(user_id: str) -> None:
    AccountSettings(user_id).delete()
    with KeyTest.batch_write() as batch:
        for item in KeyTest.query(user_id):
            batch.delete(item)


# -- every table, every object (account deletion and export) --------------------------------------


def user_tables() -> list[tuple[type[Model], Any]]:
    """Each table (model) with how to list a user's items there: its own `query` when the table is
    keyed by `user_id`, else the `query` of an index keyed by `user_id` or `owner_id`."""
    # imported here (and below): the manifest loads every feature's declaration, which only the
    # account-wide sweeps read, not the settings lookups billing's quota makes on every chat request
    from webox import manifest

    found: list[tuple[type[Model], Any]] = []
    for module_name in manifest.MODEL_MODULES:
        module = importlib.import_module(module_name)
        for model in vars(module).values():
            if not (isinstance(model, type) and issubclass(model, Model) and model.__module__ == module_name):
                continue
            if model._hash_keyname == "user_id":
                found.append((model, model.query))
                continue
            for index in model._indexes.values():
                keys = [a.attr_name for a in index.Meta.attributes.values() if a.is_hash_key]
                if keys and keys[0] in OWNER_ATTRIBUTES:
                    found.append((model, index.query))
                    break
    return found


def user_items(query: Any, user_id: str) -> list[Model]:
    return list(query(user_id))


def delete_items(model: type[Model], items: list[Model]) -> None:
    with model.batch_write() as batch:
        for item in items:
            batch.delete(item)


def user_object_keys(user_id: str, buckets: tuple[str, ...] | None = None) -> dict[str, list[str]]:
    """Every S3 key under `<folder>/<user_id>/` of every bucket (or of `buckets`): features keep a
    user's files there."""
    from webox import manifest

    s3 = client("s3")
    found: dict[str, list[str]] = {}
    for logical in buckets or manifest.BUCKETS:
        bucket = storage.bucket_name(logical)
        folders = [
            p["Prefix"]
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Delimiter="/")
            for p in page.get("CommonPrefixes", [])
        ]
        keys = [key for folder in folders for key in storage.list_keys(logical, f"{folder}{user_id}/")]
        if keys:
            found[logical] = keys
    return found
