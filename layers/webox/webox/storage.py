"""S3 objects of a logical bucket, served by short-lived presigned URLs."""

from __future__ import annotations

import os
from typing import IO, Any

from webox.aws import client
from webox.config import resource_env, resource_name

# Where presigned uploads land; the buckets expire what is left there after two days (infra).
UPLOADS_PREFIX = "uploads/"
# Exports too large for a response (a conversation, a whole account) are fetched once through a
# five-minute link; the buckets expire them, and their noncurrent versions, after a day (infra).
EXPORTS_PREFIX = "exports/"
ACCOUNT_EXPORTS_FOLDER = "account-export"
ACCOUNT_EXPORTS_PREFIX = f"{ACCOUNT_EXPORTS_FOLDER}/"
EPHEMERAL_PREFIXES = (EXPORTS_PREFIX, ACCOUNT_EXPORTS_PREFIX)


def bucket_name(logical: str) -> str:
    """Physical bucket name: CDK (and the local host) pass it as WEBOX_BUCKET_<NAME>."""
    return os.environ.get(resource_env("bucket", logical)) or resource_name(logical)


def put(logical: str, key: str, body: bytes, content_type: str, **extra: Any) -> None:
    """Store an object (encrypted at rest by the bucket's default encryption)."""
    client("s3").put_object(
        Bucket=bucket_name(logical), Key=key, Body=body, ContentType=content_type, **extra
    )


def get(logical: str, key: str) -> bytes:
    """Read a whole object."""
    response = client("s3").get_object(Bucket=bucket_name(logical), Key=key)
    return bytes(response["Body"].read())


def upload_file(logical: str, key: str, file: IO[bytes], content_type: str) -> None:
    """Store an object read from an open file (in parts when large: it never sits whole in memory)."""
    client("s3").upload_fileobj(file, bucket_name(logical), key, ExtraArgs={"ContentType": content_type})


def download_file(logical: str, key: str, file: IO[bytes]) -> None:
    """Write an object into an open file (in parts when large)."""
    client("s3").download_fileobj(bucket_name(logical), key, file)


def delete(logical: str, keys: list[str]) -> None:
    """Delete objects, 1000 per request."""
    s3 = client("s3")
    for start in range(0, len(keys), 1000):
        chunk = keys[start : start + 1000]
        s3.delete_objects(Bucket=bucket_name(logical), Delete={"Objects": [{"Key": k} for k in chunk]})


def list_keys(logical: str, prefix: str) -> list[str]:
    """Every key under a prefix (an owner's folder)."""
    paginator = client("s3").get_paginator("list_objects_v2")
    keys: list[str] = []
    for result in paginator.paginate(Bucket=bucket_name(logical), Prefix=prefix):
        keys.extend(obj["Key"] for obj in result.get("Contents", []))
    return keys


def download_url(logical: str, key: str, *, expires: int = 300, filename: str | None = None) -> str:
    """A presigned GET URL valid `expires` seconds; `filename` makes browsers save it under that name."""
    params: dict[str, Any] = {"Bucket": bucket_name(logical), "Key": key}
    if filename:
        safe = "".join(c for c in filename if c.isalnum() or c in "._- ")[:100] or "download"
        params["ResponseContentDisposition"] = f'attachment; filename="{safe}"'
    url: str = client("s3").generate_presigned_url("get_object", Params=params, ExpiresIn=expires)
    return url


def upload_form(
    logical: str, key: str, *, content_type: str, max_bytes: int, expires: int = 300
) -> dict[str, Any]:
    """A presigned POST (url + fields) bounded in size and content type, for uploads from the browser."""
    form: dict[str, Any] = client("s3").generate_presigned_post(
        Bucket=bucket_name(logical),
        Key=key,
        Fields={"Content-Type": content_type},
        Conditions=[{"Content-Type": content_type}, ["content-length-range", 1, max_bytes]],
        ExpiresIn=expires,
    )
    return form
