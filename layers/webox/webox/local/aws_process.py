"""The embedded AWS's own process: moto's server, plus the few calls the local host needs that AWS's
APIs do not offer (the e-mails SES "sent", a KMS key's material to keep it across restarts, a
baseline to empty everything back to between tests, a count of the calls made for benchmarks).

Run by `EmbeddedAws` as `python -m webox.local.aws_process`: it prints `{"port": N}` once listening
and exits when its parent closes its stdin (so it never outlives the host). Apart from the GIL it no
longer shares, nothing changes for the platform: every boto3/pynamodb client already reached moto
over HTTP.
"""

from __future__ import annotations

import base64
import copy
import functools
import html
import io
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Callable, Iterable
from typing import Any

# This process's moto: the account every local resource lives in.
ACCOUNT_ID = "123456789012"
PREFIX = "/__webox/"

Environ = dict[str, Any]
StartResponse = Callable[..., Any]


def _json(start_response: StartResponse, status: str, payload: Any) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


def sent_emails(region: str) -> list[dict[str, str]]:
    """Messages sent through SES so far."""
    from moto.ses.models import ses_backends

    messages = []
    for message in ses_backends[ACCOUNT_ID][region].sent_messages:
        # moto keeps one body per message: the HTML part when there is one, else the text part.
        body = str(getattr(message, "body", "") or "")
        is_html = body.lstrip().startswith("<")
        destinations = getattr(message, "destinations", {}) or {}
        to = destinations.get("ToAddresses", []) if isinstance(destinations, dict) else []
        messages.append(
            {
                "id": str(getattr(message, "id", "")),
                "to": ", ".join(to),
                "source": str(getattr(message, "source", "")),
                "subject": str(getattr(message, "subject", "")),
                # The text a reader sees: tags dropped, entities (`n&#x27;avez`) read as characters.
                "text": html.unescape(re.sub(r"<[^>]+>", " ", body)) if is_html else body,
                "html": body if is_html else "",
            }
        )
    return messages


def export_key(region: str, alias: str) -> dict[str, str] | None:
    """The id and material of the KMS key behind `alias` (None when there is none)."""
    from moto.kms.models import kms_backends

    backend = kms_backends[ACCOUNT_ID][region]
    key_id = backend.get_key_id_from_alias(alias)
    if not key_id:
        return None
    key = backend.keys[key_id]
    return {"alias": alias, "key_id": key.id, "material": base64.b64encode(key.key_material).decode()}


def import_key(region: str, saved: dict[str, str]) -> bool:
    """Recreate a saved key under its id and alias (False when the alias already exists)."""
    from moto.kms.models import kms_backends

    backend = kms_backends[ACCOUNT_ID][region]
    if backend.get_key_id_from_alias(saved["alias"]) is not None:
        return False
    key = backend.create_key(
        policy=None,
        key_usage="ENCRYPT_DECRYPT",
        key_spec="SYMMETRIC_DEFAULT",
        description="WeBox data key (local)",
        tags=None,
    )
    del backend.keys[key.id]
    key.arn = key.arn.replace(key.id, saved["key_id"])
    key.id = saved["key_id"]
    key.key_material = base64.b64decode(saved["material"])
    backend.keys[key.id] = key
    backend.create_alias(key.id, saved["alias"])
    return True


def _query_vectors(environ: Environ, start_response: StartResponse) -> list[bytes]:
    """S3 Vectors' QueryVectors, which moto lacks (`webox.local.vectors`)."""
    from webox.local.vectors import QueryError, query_vectors, region_of

    region = region_of(str(environ.get("HTTP_AUTHORIZATION", "")), os.environ.get("AWS_REGION", "eu-west-3"))
    length = int(environ.get("CONTENT_LENGTH") or 0)
    try:
        body = json.loads(environ["wsgi.input"].read(length) or b"{}")
        return _json(start_response, "200 OK", query_vectors(ACCOUNT_ID, region, body))
    except QueryError as error:
        status = "404 Not Found" if error.status == 404 else "400 Bad Request"
        start_response_headers = [("x-amzn-ErrorType", error.code)]
        payload = json.dumps({"__type": error.code, "message": error.message}).encode()
        start_response(status, [("Content-Type", "application/json"), *start_response_headers])
        return [payload]
    except ValueError:
        return _json(
            start_response, "400 Bad Request", {"__type": "ValidationException", "message": "bad JSON"}
        )


def _read_body(environ: Environ) -> bytes:
    """The request's body, left in place for moto to read again."""
    raw: bytes = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
    environ["wsgi.input"] = io.BytesIO(raw)
    return raw


_WRITES = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}


def _units(size: int) -> int:
    """DynamoDB write units of an item of about `size` bytes (1 KB each, at least 1)."""
    return max(1, -(-size // 1024))


def write_units(operation: str, body: dict[str, Any]) -> int:
    """The write request units a DynamoDB write costs, estimated from its request's item sizes (the
    wire JSON is a little larger than DynamoDB's own size, so this is a slight overestimate)."""
    if operation == "PutItem":
        return _units(len(json.dumps(body.get("Item", {}))))
    if operation == "UpdateItem":
        return _units(len(json.dumps(body)))
    if operation == "DeleteItem":
        return 1
    if operation == "BatchWriteItem":
        requests = [r for table in body.get("RequestItems", {}).values() for r in table]
        return sum(_units(len(json.dumps(r))) for r in requests)
    if operation == "TransactWriteItems":  # transactions cost two units per item
        return sum(2 * _units(len(json.dumps(item))) for item in body.get("TransactItems", []))
    return 0


class CallCounter:
    """How many calls each operation received since the last reset, and DynamoDB's write units."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.calls: dict[str, int] = {}
        self.write_units = 0

    def count(self, environ: Environ) -> None:
        target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
        if not target:
            return  # query- and REST-protocol services are not counted
        service, _, operation = target.partition(".")
        units = 0
        if service.startswith("DynamoDB_") and operation in _WRITES:
            units = write_units(operation, json.loads(_read_body(environ) or b"{}"))
        with self.lock:
            key = f"{service.split('_')[0]}.{operation}"
            self.calls[key] = self.calls.get(key, 0) + 1
            self.write_units += units

    def snapshot(self, reset: bool) -> dict[str, Any]:
        with self.lock:
            result = {"calls": dict(self.calls), "dynamodb_write_units": self.write_units}
            if reset:
                self.calls, self.write_units = {}, 0
        return result


class Changes:
    """A number per topic that grows when something a local poller waits for happens: messages sent to
    or deleted from an SQS queue (topic `sqs:<queue name>`: a deletion frees a FIFO group) and a
    schedule created, updated or deleted (`scheduler`). Pollers block on `/__webox/changes` instead of
    asking moto over and over: moto's long poll spins on a FIFO queue whose visible messages all
    belong to groups in flight, and EventBridge Scheduler has no change feed."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._topics: dict[str, tuple[threading.Condition, list[int]]] = {}

    def _topic(self, topic: str) -> tuple[threading.Condition, list[int]]:
        with self._lock:
            return self._topics.setdefault(topic, (threading.Condition(), [0]))

    def bump(self, topic: str, wake: int | None) -> None:
        """Count one change and wake `wake` of the topic's waiters (None: all). A queue's waiters are
        its receivers, any of which can take a message: one per message is enough."""
        changed, number = self._topic(topic)
        with changed:
            number[0] += 1
            if wake is None:
                changed.notify_all()
            else:
                changed.notify(wake)

    def wait(self, topic: str, after: int, timeout: float) -> int:
        """The topic's number, once it is past `after` or `timeout` seconds have passed."""
        changed, number = self._topic(topic)
        with changed:
            changed.wait_for(lambda: number[0] > after, timeout=min(timeout, 20.0))
            return number[0]


_SQS_CHANGES = {"SendMessage", "SendMessageBatch", "DeleteMessage", "DeleteMessageBatch"}
_SCHEDULE_CHANGES = {"POST", "PUT", "DELETE"}


def changed_topic(environ: Environ) -> tuple[str, int | None] | None:
    """The topic a request changes and how many waiters it wakes (None: it changes none)."""
    target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
    if target.startswith("AmazonSQS.") and target.removeprefix("AmazonSQS.") in _SQS_CHANGES:
        body = json.loads(_read_body(environ) or b"{}")
        queue = str(body.get("QueueUrl", "")).rstrip("/").rsplit("/", 1)[-1]
        return f"sqs:{queue}", len(body.get("Entries", [])) or 1
    path, method = str(environ.get("PATH_INFO", "")), environ.get("REQUEST_METHOD")
    if path.startswith("/schedules/") and method in _SCHEDULE_CHANGES:
        return "scheduler", None
    return None


def _is_fifo_short_poll(environ: Environ) -> bool:
    """A receive from a FIFO queue that does not wait (what the local FIFO pollers send)."""
    body = json.loads(_read_body(environ) or b"{}")
    return str(body.get("QueueUrl", "")).endswith(".fifo") and not body.get("WaitTimeSeconds")


class WithLocalCalls:
    """moto's WSGI application, with `/__webox/…` answered here.

    DynamoDB requests run one at a time: moto applies an update's actions one attribute after the
    other with no lock, so two concurrent `ADD`s to one item could lose one of the increments and two
    conditional writes could both pass their condition. DynamoDB makes each item write atomic; the
    load benchmark caught a shared usage counter that moto had undercounted. Receives from a FIFO
    queue also run one at a time: moto checks which message groups are in flight before it hands
    messages out, with no lock, so two receivers woken together could each take a message of the
    same group, which SQS never allows (two steps of one task at once)."""

    def __init__(self, moto_app: Callable[[Environ, StartResponse], Iterable[bytes]]) -> None:
        self.moto_app = moto_app
        self._dynamodb = threading.Lock()
        self._fifo_receive = threading.Lock()
        self.counter = CallCounter()
        self.changes = Changes()

    def __call__(self, environ: Environ, start_response: StartResponse) -> Iterable[bytes]:
        path = str(environ.get("PATH_INFO", ""))
        if not path.startswith(PREFIX):
            self.counter.count(environ)
        if path == "/QueryVectors" and environ.get("REQUEST_METHOD") == "POST":
            return _query_vectors(environ, start_response)
        target = str(environ.get("HTTP_X_AMZ_TARGET", ""))
        if target.startswith("DynamoDB_"):
            with self._dynamodb:
                return list(self.moto_app(environ, start_response))
        if target == "AmazonSQS.ReceiveMessage" and _is_fifo_short_poll(environ):
            with self._fifo_receive:
                return list(self.moto_app(environ, start_response))
        if not path.startswith(PREFIX):
            if (changed := changed_topic(environ)) is None:
                return self.moto_app(environ, start_response)
            answered = list(self.moto_app(environ, start_response))  # stored before any waiter looks
            self.changes.bump(*changed)
            return answered
        from urllib.parse import parse_qs

        query = {k: v[0] for k, v in parse_qs(str(environ.get("QUERY_STRING", ""))).items()}
        region = query.get("region", "eu-west-3")
        action, method = path.removeprefix(PREFIX), environ.get("REQUEST_METHOD")
        if action == "ping":
            return _json(start_response, "200 OK", {"ok": True})
        if action == "baseline" and method == "POST":
            from webox.local import aws_baseline

            return _json(start_response, "200 OK", aws_baseline.record(ACCOUNT_ID, region))
        if action == "restore" and method == "POST":
            from webox.local import aws_baseline

            if not aws_baseline.recorded():
                return _json(start_response, "409 Conflict", {"message": "no baseline recorded"})
            aws_baseline.restore(ACCOUNT_ID)
            return _json(start_response, "200 OK", {"ok": True})
        if action == "changes" and method == "GET":
            seen = self.changes.wait(
                query["topic"], int(query.get("after", -1)), float(query.get("timeout", 0))
            )
            return _json(start_response, "200 OK", {"number": seen})
        if action == "calls":
            return _json(start_response, "200 OK", self.counter.snapshot(reset=method == "POST"))
        if action == "emails" and method == "GET":
            return _json(start_response, "200 OK", sent_emails(region))
        if action == "kms-key" and method == "GET":
            return _json(start_response, "200 OK", export_key(region, query.get("alias", "")))
        if action == "kms-key" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            saved = json.loads(environ["wsgi.input"].read(length))
            return _json(start_response, "200 OK", {"created": import_key(region, saved)})
        return _json(start_response, "404 Not Found", {"message": f"no local call {action!r}"})


def _exit_with_parent() -> None:
    sys.stdin.read()  # returns at EOF: the parent closed the pipe, or died
    os._exit(0)


def _dispatcher() -> Any:
    """moto's service dispatcher, remembering which service a host is: moto otherwise lists its own
    package's folders on disk and tries every service's URL patterns, twice per request and under one
    lock, for an answer that never changes while the process runs."""
    from moto import backends
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    modules = frozenset(backends.list_of_moto_modules())
    backends.list_of_moto_modules = lambda: modules
    dispatcher = DomainDispatcherApplication(create_backend_app)
    dispatcher.get_backend_for_host = functools.lru_cache(maxsize=256)(dispatcher.get_backend_for_host)  # type: ignore[method-assign]
    return dispatcher


class _TransactionBackup:
    """Stands for the `copy` module in moto's DynamoDB backend, whose `TransactWriteItems` backs up
    every table it touches with a deep copy before it writes, for a rollback: a cost that grows with
    the table (a chat turn's transaction took 80 ms once the benchmark had run a few dozen turns,
    and DynamoDB requests run one at a time here). The backup keeps the table's other items shared
    and copies only those the transaction names: a failed transaction changed nothing else."""

    def __init__(self) -> None:
        self.keys: dict[str, list[dict[str, Any]]] | None = None  # per table, while one runs

    def deepcopy(self, value: Any, memo: Any = None) -> Any:
        from moto.dynamodb.models.table import Table

        if self.keys is None or not isinstance(value, Table):
            return copy.deepcopy(value, memo)
        return _backup(value, self.keys.get(value.name, []))

    def __getattr__(self, name: str) -> Any:
        return getattr(copy, name)


def _backup(table: Any, keys: list[dict[str, Any]]) -> Any:
    from moto.dynamodb.models.dynamo_type import DynamoType

    backup = copy.copy(table)
    backup.items = copy.copy(table.items)  # the same defaultdict of partitions, shared items
    copied: set[Any] = set()  # partitions of a range-key table already copied into the backup
    for key in keys:
        hash_value = DynamoType(key[table.hash_key_attr])
        if hash_value not in table.items:
            continue
        if table.range_key_attr is None:
            backup.items[hash_value] = copy.deepcopy(table.items[hash_value])
            continue
        if hash_value not in copied:
            backup.items[hash_value] = dict(table.items[hash_value])
            copied.add(hash_value)
        partition = backup.items[hash_value]
        range_value = DynamoType(key[table.range_key_attr])
        if range_value in partition and partition[range_value] is table.items[hash_value].get(range_value):
            partition[range_value] = copy.deepcopy(partition[range_value])
    return backup


def _transactions_back_up_their_items() -> None:
    from moto.dynamodb import models

    backup = _TransactionBackup()
    models.copy = backup  # type: ignore[attr-defined, assignment]
    write = models.DynamoDBBackend.transact_write_items

    def transact_write_items(self: Any, transact_items: list[dict[str, Any]]) -> None:
        keys: dict[str, list[dict[str, Any]]] = {}
        for entry in transact_items:
            operation = next(iter(entry.values()))
            key = operation.get("Key") or operation.get("Item")
            if operation.get("TableName") and key:
                keys.setdefault(operation["TableName"], []).append(key)
        backup.keys = keys  # DynamoDB requests run one at a time (`WithLocalCalls`)
        try:
            write(self, transact_items)
        finally:
            backup.keys = None

    models.DynamoDBBackend.transact_write_items = transact_write_items  # type: ignore[method-assign]


def main() -> None:
    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import make_server

    _transactions_back_up_their_items()

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # one line per AWS call otherwise
    app = WithLocalCalls(_dispatcher())
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=MotoRequestHandler)
    threading.Thread(target=_exit_with_parent, daemon=True).start()
    sys.stdout.write(json.dumps({"port": server.server_address[1]}) + "\n")
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
