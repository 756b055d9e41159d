"""Empty the embedded AWS back to what the platform declared, in place, inside moto's process.

Tests start every case clean. Forgetting everything (moto's reset) and creating the ~100 tables,
buckets and queues again through their APIs took about a second per test, and queues vanished under
the pollers meanwhile. Instead the host records a baseline once, after bootstrap (`record`), and
`restore` brings the services the platform uses back to it: items, objects, messages, sent mail,
schedules, vectors and invalidations are dropped; what was created since (a test's own table, a
knowledge base's vector bucket, a secret) is deleted; secrets get their recorded values back. KMS
keys stay as they are (data encrypted under them is gone anyway).

This reads moto's backends (pinned in constraints.txt); `tests/local/test_baseline.py` checks each
service really comes back empty.
"""

from __future__ import annotations

import copy
import threading
from collections import defaultdict
from typing import Any

_lock = threading.Lock()
_baseline: dict[str, Any] = {}


def _backends(account_id: str, region: str) -> dict[str, Any]:
    from moto.cloudfront.models import cloudfront_backends
    from moto.dynamodb.models import dynamodb_backends
    from moto.events.models import events_backends
    from moto.s3.models import s3_backends
    from moto.s3vectors.models import s3vectors_backends
    from moto.scheduler.models import scheduler_backends
    from moto.secretsmanager.models import secretsmanager_backends
    from moto.ses.models import ses_backends
    from moto.sqs.models import sqs_backends

    return {
        "dynamodb": dynamodb_backends[account_id][region],
        "s3": s3_backends[account_id]["aws"],
        "sqs": sqs_backends[account_id][region],
        "ses": ses_backends[account_id][region],
        "scheduler": scheduler_backends[account_id][region],
        "events": events_backends[account_id][region],
        "s3vectors": s3vectors_backends[account_id]["aws"],  # keyed by partition, as s3 and cloudfront
        "cloudfront": cloudfront_backends[account_id]["aws"],
        "secretsmanager": secretsmanager_backends[account_id][region],
    }


def record(account_id: str, region: str) -> dict[str, int]:
    """Remember what exists now as what `restore` brings back; returns how many of each."""
    b = _backends(account_id, region)
    baseline = {
        "region": region,
        "tables": set(b["dynamodb"].tables),
        "buckets": set(b["s3"].buckets),
        "queues": set(b["sqs"].queues),
        "groups": set(b["scheduler"].schedule_groups),
        "rules": {name: set(bus.rules) for name, bus in b["events"].event_buses.items()},
        "vector_buckets": set(b["s3vectors"].vector_buckets),
        "distributions": set(b["cloudfront"].distributions),
        "secrets": {name: copy.deepcopy(secret) for name, secret in b["secretsmanager"].secrets.items()},
    }
    with _lock:
        _baseline.clear()
        _baseline.update(baseline)
    return {k: len(v) for k, v in baseline.items() if k != "region"}


def recorded() -> bool:
    return bool(_baseline)


def _drop_new(store: dict[str, Any], kept: set[str]) -> list[Any]:
    """Delete what `kept` lacks; return what stays."""
    for name in [n for n in store if n not in kept]:
        del store[name]
    return list(store.values())


def restore(account_id: str) -> None:
    """Bring every service the platform uses back to the recorded baseline (see the docstring)."""
    from moto.s3.models import MultipartDict
    from moto.s3.utils import _VersionedKeyStore

    with _lock:
        base = _baseline
        b = _backends(account_id, base["region"])
        for table in _drop_new(b["dynamodb"].tables, base["tables"]):
            table.items = defaultdict(dict)
        for bucket in _drop_new(b["s3"].buckets, base["buckets"]):
            bucket.keys = _VersionedKeyStore()
            bucket.multiparts = MultipartDict()
        for queue in _drop_new(b["sqs"].queues, base["queues"]):
            with queue._messages_lock:
                queue._messages = []
                queue._pending_messages = set()
        ses = b["ses"]
        ses.sent_messages.clear()
        ses.sent_message_count = 0
        for group in _drop_new(b["scheduler"].schedule_groups, base["groups"]):
            group.schedules.clear()
        for name, bus in b["events"].event_buses.items():
            _drop_new(bus.rules, base["rules"].get(name, set()))
        for vector_bucket in _drop_new(b["s3vectors"].vector_buckets, base["vector_buckets"]):
            vector_bucket.indexes.clear()  # knowledge bases make their own
        _drop_new(b["cloudfront"].distributions, base["distributions"])
        b["cloudfront"].invalidations.clear()
        secrets = b["secretsmanager"].secrets
        secrets.clear()
        for name, secret in base["secrets"].items():
            secrets[name] = copy.deepcopy(secret)
