"""Every DynamoDB, S3 and S3 Vectors call of knowledge bases.

One S3 Vectors index per base (`kb-<base_id>` in the platform's vector bucket), cosine distance;
a chunk is the vector `<document_id>:<position>` with its text, file name, page and position as
metadata (text and file name non-filterable: they are returned, never filtered on).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from botocore.exceptions import ClientError
from pynamodb.exceptions import DoesNotExist

from webox import storage
from webox.aws import client
from webox.config import get_settings, resource_name
from webox.db import utcnow
from webox.knowledge.models import KnowledgeBase, KnowledgeDocument

BUCKET = "knowledge"
VECTOR_BUCKET = "knowledge-vectors"
DIMENSIONS = 512
PUT_BATCH = 500  # S3 Vectors takes up to 500 vectors per PutVectors


def vector_bucket() -> str:
    return resource_name(VECTOR_BUCKET)


def index_name(base_id: str) -> str:
    return f"kb-{base_id}"


def document_key(user_id: str, base_id: str, document_id: str) -> str:
    return f"knowledge/{user_id}/{base_id}/{document_id}"


# --- bases and documents --------------------------------------------------------------------------


def create_base(base: KnowledgeBase) -> None:
    base.save(condition=KnowledgeBase.base_id.does_not_exist())


def find_base(user_id: str, base_id: str) -> KnowledgeBase | None:
    try:
        return KnowledgeBase.get(user_id, base_id, consistent_read=True)
    except DoesNotExist:
        return None


def bases_of(user_id: str, limit: int = 100) -> list[KnowledgeBase]:
    return list(KnowledgeBase.query(user_id, limit=limit))


def delete_base(base: KnowledgeBase) -> None:
    base.delete()


def count_bases(user_id: str) -> int:
    return int(KnowledgeBase.count(user_id))


def add_counts(base: KnowledgeBase, documents: int, chunks: int) -> None:
    base.update(
        actions=[
            KnowledgeBase.documents.add(documents),
            KnowledgeBase.chunks.add(chunks),
            KnowledgeBase.updated_at.set(utcnow()),
        ]
    )


def save_document(document: KnowledgeDocument) -> None:
    document.save()


def find_document(user_id: str, base_id: str, document_id: str) -> KnowledgeDocument | None:
    try:
        return KnowledgeDocument.get(f"{user_id}#{base_id}", document_id, consistent_read=True)
    except DoesNotExist:
        return None


def documents_of(user_id: str, base_id: str) -> Iterator[KnowledgeDocument]:
    return KnowledgeDocument.query(f"{user_id}#{base_id}")


def update_document(document: KnowledgeDocument, **fields: Any) -> None:
    actions = [getattr(KnowledgeDocument, name).set(value) for name, value in fields.items()]
    document.update(actions=[*actions, KnowledgeDocument.updated_at.set(utcnow())])


def delete_document(document: KnowledgeDocument) -> None:
    document.delete()


# --- files ----------------------------------------------------------------------------------------


def upload_form(key: str, *, content_type: str, max_bytes: int) -> dict[str, Any]:
    return storage.upload_form(BUCKET, key, content_type=content_type, max_bytes=max_bytes, expires=900)


def read_file(key: str) -> bytes | None:
    try:
        return storage.get(BUCKET, key)
    except ClientError as exc:
        if exc.response["Error"]["Code"] in {"NoSuchKey", "404"}:
            return None
        raise


def file_size(key: str) -> int | None:
    try:
        head = client("s3").head_object(Bucket=storage.bucket_name(BUCKET), Key=key)
    except ClientError as exc:
        if exc.response["Error"]["Code"] in {"NoSuchKey", "404", "NotFound"}:
            return None
        raise
    return int(head["ContentLength"])


def delete_files(keys: list[str]) -> None:
    if keys:
        storage.delete(BUCKET, keys)


# --- vectors --------------------------------------------------------------------------------------


def _vectors() -> Any:
    return client("s3vectors")


def _ensure_local_bucket() -> None:
    """Locally the embedded AWS starts empty (CDK makes the bucket in the cloud)."""
    try:
        _vectors().create_vector_bucket(vectorBucketName=vector_bucket())
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "ConflictException":
            raise


def create_index(base_id: str) -> None:
    args = {
        "vectorBucketName": vector_bucket(),
        "indexName": index_name(base_id),
        "dataType": "float32",
        "dimension": DIMENSIONS,
        "distanceMetric": "cosine",
        "metadataConfiguration": {"nonFilterableMetadataKeys": ["text", "filename"]},
    }
    try:
        _vectors().create_index(**args)
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "NotFoundException" or not get_settings().local:
            raise
        _ensure_local_bucket()
        _vectors().create_index(**args)


def delete_index(base_id: str) -> None:
    try:
        _vectors().delete_index(vectorBucketName=vector_bucket(), indexName=index_name(base_id))
    except ClientError as exc:
        if exc.response["Error"]["Code"] != "NotFoundException":
            raise


def put_vectors(base_id: str, vectors: list[dict[str, Any]]) -> None:
    for start in range(0, len(vectors), PUT_BATCH):
        _vectors().put_vectors(
            vectorBucketName=vector_bucket(),
            indexName=index_name(base_id),
            vectors=vectors[start : start + PUT_BATCH],
        )


def delete_vectors(base_id: str, keys: list[str]) -> None:
    for start in range(0, len(keys), PUT_BATCH):
        _vectors().delete_vectors(
            vectorBucketName=vector_bucket(),
            indexName=index_name(base_id),
            keys=keys[start : start + PUT_BATCH],
        )


def query(base_id: str, vector: list[float], top_k: int) -> list[dict[str, Any]]:
    response = _vectors().query_vectors(
        vectorBucketName=vector_bucket(),
        indexName=index_name(base_id),
        queryVector={"float32": vector},
        topK=top_k,
        returnMetadata=True,
        returnDistance=True,
    )
    return list(response["vectors"])
