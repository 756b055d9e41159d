"""Keeps the embedded AWS's data under `.webox/` so `make dev` finds it again after a restart.

moto keeps everything in memory; this module snapshots what users create (DynamoDB items, S3
objects, secret values and the KMS key material that encrypts stored secrets) every few seconds and
at shutdown, atomically, and puts it back at start-up. Queued messages are not kept.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import shutil
import threading
from pathlib import Path
from typing import Any

from webox import manifest
from webox.aws import client
from webox.config import get_settings, kms_alias, resource_name
from webox.local import bootstrap
from webox.local.embedded_aws import EmbeddedAws


def _write_atomic(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


def _to_json(value: Any) -> Any:
    """DynamoDB JSON with binary values (`B`, `BS`) as base64 text."""
    if isinstance(value, bytes | bytearray):
        return {"__b64__": base64.b64encode(bytes(value)).decode()}
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    return value


def _from_json(value: Any) -> Any:
    if isinstance(value, dict):
        if set(value) == {"__b64__"}:
            return base64.b64decode(value["__b64__"])
        return {k: _from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_from_json(v) for v in value]
    return value


class Snapshots:
    """Saves and restores the local platform's data in `root`."""

    def __init__(self, root: Path, aws: EmbeddedAws) -> None:
        self.root, self.aws = root, aws
        self._lock = threading.Lock()
        self._digests: dict[str, str] = {}

    # -- restore -------------------------------------------------------------------------------

    def restore_keys(self) -> None:
        """Secrets and KMS keys first: bootstrap must find them instead of minting new ones."""
        secrets_file = self.root / "secrets.json"
        if secrets_file.exists():
            manager = client("secretsmanager")
            existing = {s["Name"] for s in manager.list_secrets().get("SecretList", [])}
            for name, value in json.loads(secrets_file.read_text()).items():
                if name not in existing:
                    manager.create_secret(Name=name, SecretString=value)
        kms_file = self.root / "kms.json"
        if kms_file.exists():
            self.aws.import_key(get_settings().region, json.loads(kms_file.read_text()))

    def restore_data(self) -> dict[str, int]:
        """Put back table items and bucket objects; returns how many of each."""
        counts = {"items": 0, "objects": 0}
        dynamodb = client("dynamodb")
        for spec in bootstrap.table_specs():
            path = self.root / "dynamodb" / f"{spec.name}.json"
            if not path.exists():
                continue
            items = _from_json(json.loads(path.read_text()))
            for start in range(0, len(items), 25):
                requests = [{"PutRequest": {"Item": item}} for item in items[start : start + 25]]
                pending: dict[str, Any] = {spec.name: requests}
                while pending:
                    pending = dynamodb.batch_write_item(RequestItems=pending).get("UnprocessedItems") or {}
            counts["items"] += len(items)
            self._digests[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        s3 = client("s3")
        for logical in manifest.BUCKETS:
            bucket = resource_name(logical)
            index_path = self.root / "s3" / bucket / "index.json"
            if not index_path.exists():
                continue
            index = json.loads(index_path.read_text())
            for key, meta in index.items():
                body = (self.root / "s3" / bucket / "objects" / meta["file"]).read_bytes()
                s3.put_object(Bucket=bucket, Key=key, Body=body, ContentType=meta["content_type"])
            counts["objects"] += len(index)
        return counts

    # -- save ----------------------------------------------------------------------------------

    def save(self) -> None:
        """Write whatever changed since the last save."""
        with self._lock:
            self._save_tables()
            self._save_buckets()
            self._save_keys()

    def _save_tables(self) -> None:
        dynamodb = client("dynamodb")
        for spec in bootstrap.table_specs():
            items: list[dict[str, Any]] = []
            for result in dynamodb.get_paginator("scan").paginate(TableName=spec.name):
                items.extend(result["Items"])
            path = self.root / "dynamodb" / f"{spec.name}.json"
            data = json.dumps(_to_json(items), sort_keys=True).encode()
            digest = hashlib.sha256(data).hexdigest()
            if self._digests.get(str(path)) != digest:
                _write_atomic(path, data)
                self._digests[str(path)] = digest

    def _save_buckets(self) -> None:
        s3 = client("s3")
        for logical in manifest.BUCKETS:
            bucket = resource_name(logical)
            folder = self.root / "s3" / bucket
            index_path = folder / "index.json"
            old: dict[str, Any] = json.loads(index_path.read_text()) if index_path.exists() else {}
            new: dict[str, Any] = {}
            for result in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket):
                for obj in result.get("Contents", []):
                    key, etag = obj["Key"], obj["ETag"]
                    file_name = hashlib.sha256(key.encode()).hexdigest()
                    if old.get(key, {}).get("etag") == etag:
                        new[key] = old[key]
                        continue
                    response = s3.get_object(Bucket=bucket, Key=key)
                    _write_atomic(folder / "objects" / file_name, response["Body"].read())
                    new[key] = {
                        "etag": etag,
                        "file": file_name,
                        "content_type": response.get("ContentType") or "application/octet-stream",
                    }
            for key in old.keys() - new.keys():
                (folder / "objects" / old[key]["file"]).unlink(missing_ok=True)
            if new != old:
                _write_atomic(index_path, json.dumps(new, sort_keys=True).encode())

    def _save_keys(self) -> None:
        manager = client("secretsmanager")
        values = {}
        for entry in manager.list_secrets().get("SecretList", []):
            values[entry["Name"]] = manager.get_secret_value(SecretId=entry["Name"])["SecretString"]
        if values:
            _write_atomic(self.root / "secrets.json", json.dumps(values, sort_keys=True).encode())
        saved = self.aws.export_key(get_settings().region, kms_alias())
        if saved:
            _write_atomic(self.root / "kms.json", json.dumps(saved).encode())

    def wipe(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
