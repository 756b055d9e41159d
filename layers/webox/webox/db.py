"""Conventions for pynamodb models.

Every table is a pynamodb model whose `Meta` derives from `TableMeta` and names its table with
`table_name("<logical name>")`. The local host creates tables from these models and the CDK stack
derives its `Table` constructs from them, so the two hosts cannot drift. Items are keyed by their
owner's id wherever a user owns them, so a request path is always GetItem/Query on keys.
"""

from __future__ import annotations

import base64
import binascii
import json
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import cache
from typing import Any, TypeVar

from pynamodb.connection import Connection
from pynamodb.models import Model

from webox.config import get_settings, resource_name
from webox.errors import WeboxError

M = TypeVar("M", bound=Model)


class InvalidCursor(WeboxError):
    status, code, title = 400, "invalid_cursor", "Invalid pagination cursor"


class TableMeta:
    """Base `Meta` for every WeBox table: region and on-demand billing; the endpoint comes from the env."""

    region = get_settings().region
    billing_mode = "PAY_PER_REQUEST"
    # A fan-out runs up to 12 branches at once in one process: keep their connections pooled.
    max_pool_connections = 50


def table_name(logical: str) -> str:
    """Physical table name of a logical table (`users` → `webox-<stage>-users`)."""
    return resource_name(logical)


def logical_name(model: type[Model]) -> str:
    """The logical name a model's table was declared with."""
    return str(model.Meta.table_name).removeprefix(get_settings().resource_prefix)


def utcnow() -> datetime:
    """Aware UTC now, the only clock the data layer uses."""
    return datetime.now(UTC)


def encode_cursor(last_evaluated_key: dict[str, Any] | None) -> str | None:
    """Opaque pagination cursor from DynamoDB's LastEvaluatedKey."""
    if not last_evaluated_key:
        return None
    raw = json.dumps(last_evaluated_key, separators=(",", ":"), sort_keys=True).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None, *, owner_key: tuple[str, str] | None = None) -> dict[str, Any] | None:
    """Decode a cursor; refuse one that is malformed or that points into another owner's partition."""
    if not cursor:
        return None
    if len(cursor) > 2048:
        raise InvalidCursor("Cursor too long")
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        key = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as exc:
        raise InvalidCursor("Malformed cursor") from exc
    if not isinstance(key, dict) or not all(
        isinstance(v, dict) and len(v) == 1 and next(iter(v)) in {"S", "N", "B"} for v in key.values()
    ):
        raise InvalidCursor("Malformed cursor")
    if owner_key is not None:
        attribute, value = owner_key
        if key.get(attribute) != {"S": value}:
            raise InvalidCursor("Cursor does not belong to this listing")
    return key


def page(results: Iterator[M], limit: int) -> tuple[list[M], str | None]:
    """Take one page from a pynamodb result iterator and the cursor to the next one."""
    items: list[M] = []
    for item in results:
        items.append(item)
        if len(items) >= limit:
            break
    last = getattr(results, "last_evaluated_key", None) if len(items) >= limit else None
    return items, encode_cursor(last)


def all_models(modules: Iterable[str]) -> list[type[Model]]:
    """Every table model declared in `modules` (the local bootstrap and CDK read tables from here)."""
    import importlib

    found: dict[str, type[Model]] = {}
    for module_name in modules:
        module = importlib.import_module(module_name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, Model)
                and value is not Model
                and value.__module__ == module.__name__
                and hasattr(value.Meta, "table_name")
            ):
                found[value.Meta.table_name] = value
    return list(found.values())


class TableSpec:
    """A table's physical shape read from its pynamodb model (what CDK and the local bootstrap build)."""

    def __init__(self, model: type[Model]) -> None:
        from pynamodb.attributes import TTLAttribute

        schema = model._get_schema()
        self.model = model
        self.name: str = model.Meta.table_name
        self.logical: str = logical_name(model)
        types = {d["AttributeName"]: d["AttributeType"] for d in schema["attribute_definitions"]}
        self.attribute_types: dict[str, str] = types
        self.key_schema: list[dict[str, str]] = [
            {"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]} for k in schema["key_schema"]
        ]
        self.global_indexes: list[dict[str, Any]] = [
            {
                "IndexName": index["index_name"],
                "KeySchema": [
                    {"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]}
                    for k in index["key_schema"]
                ],
                "Projection": dict(index["projection"]),
            }
            for index in schema["global_secondary_indexes"]
        ]
        self.local_indexes: list[dict[str, Any]] = [
            {
                "IndexName": index["index_name"],
                "KeySchema": [
                    {"AttributeName": k["AttributeName"], "KeyType": k["KeyType"]}
                    for k in index["key_schema"]
                ],
                "Projection": dict(index["projection"]),
            }
            for index in schema["local_secondary_indexes"]
        ]
        ttl = [a.attr_name for a in model.get_attributes().values() if isinstance(a, TTLAttribute)]
        self.ttl_attribute: str | None = ttl[0] if ttl else None

    def key(self, key_type: str, schema: list[dict[str, str]] | None = None) -> tuple[str, str] | None:
        """(attribute name, DynamoDB type) of the HASH or RANGE key of the table or of one index."""
        for part in schema if schema is not None else self.key_schema:
            if part["KeyType"] == key_type:
                return part["AttributeName"], self.attribute_types[part["AttributeName"]]
        return None

    def create_table_args(self) -> dict[str, Any]:
        """Arguments of DynamoDB CreateTable for this table (on-demand)."""
        args: dict[str, Any] = {
            "TableName": self.name,
            "AttributeDefinitions": [
                {"AttributeName": n, "AttributeType": t} for n, t in self.attribute_types.items()
            ],
            "KeySchema": self.key_schema,
            "BillingMode": "PAY_PER_REQUEST",
        }
        if self.global_indexes:
            args["GlobalSecondaryIndexes"] = self.global_indexes
        if self.local_indexes:
            args["LocalSecondaryIndexes"] = self.local_indexes
        return args


def forget_connections(modules: Iterable[str]) -> None:
    """Drop every cached DynamoDB connection: the next call opens one to the current endpoint (a
    process that starts a second local host, as `make bench` does, reaches a new embedded AWS)."""
    for model in all_models(modules):
        model._connection = None
    transaction_connection.cache_clear()


def get_together(*wanted: tuple[type[Model], dict[str, str]]) -> list[Model | None]:
    """Items of one or several tables, each by its (string) key attributes, in one strongly
    consistent BatchGetItem (up to 100 keys): one round trip instead of one GetItem each. None for an
    item that does not exist; a key asked twice is answered twice."""
    from webox.aws import client

    def identity(name: str, key: dict[str, str]) -> tuple[str, tuple[tuple[str, str], ...]]:
        return name, tuple(sorted(key.items()))

    request: dict[str, Any] = {}
    models: dict[str, tuple[type[Model], list[str]]] = {}
    asked: list[tuple[str, tuple[tuple[str, str], ...]]] = []
    for model, key in wanted:
        name = model.Meta.table_name
        asked.append(identity(name, key))
        models[name] = (model, sorted(key))
        keys = request.setdefault(name, {"Keys": [], "ConsistentRead": True})["Keys"]
        wire = {k: {"S": v} for k, v in key.items()}
        if wire not in keys:
            keys.append(wire)
    found: dict[tuple[str, tuple[tuple[str, str], ...]], Model] = {}
    for _ in range(10):
        answer = client("dynamodb").batch_get_item(RequestItems=request)
        for name, items in answer.get("Responses", {}).items():
            model, attributes = models[name]
            for item in items:
                key = {attribute: item[attribute]["S"] for attribute in attributes}
                found[identity(name, key)] = model.from_raw_data(item)
        request = answer.get("UnprocessedKeys") or {}
        if not request:
            return [found.get(key) for key in asked]
        time.sleep(0.05)
    raise RuntimeError("DynamoDB left keys unprocessed ten times")


@cache
def transaction_connection() -> Connection:
    """The connection DynamoDB transactions run on (one botocore client per cold start)."""
    return Connection(region=get_settings().region, max_pool_connections=TableMeta.max_pool_connections)


def filtered_page(
    query: Callable[..., Any],
    hash_key: str,
    *,
    owner_attribute: str,
    cursor: str | None,
    limit: int,
    condition: Any = None,
    newest_first: bool = True,
) -> tuple[list[Any], str | None]:
    """One page of a Query on `hash_key` (a model's or an index's `query`), filtered by `condition`.

    A filtered Query may return short pages, so it reads on (at most 20 reads) until the page is full.
    """
    last: dict[str, Any] | None = decode_cursor(cursor, owner_key=(owner_attribute, hash_key))
    items: list[Any] = []
    for _ in range(20):
        results = query(
            hash_key,
            scan_index_forward=not newest_first,
            filter_condition=condition,
            last_evaluated_key=last,
            limit=limit - len(items),
            page_size=max(limit, 25),
        )
        items.extend(results)
        last = results.last_evaluated_key
        if len(items) >= limit or not last:
            break
    return items[:limit], encode_cursor(last) if last and items else None
