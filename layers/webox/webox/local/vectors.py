"""S3 Vectors' `QueryVectors`, which moto lacks, answered over the vectors moto stores.

Same wire API as AWS (`POST /QueryVectors`, JSON body with `vectorBucketName`/`indexName` or
`indexArn`, `queryVector.float32`, `topK`, `filter`, `returnMetadata`, `returnDistance`), same answer
(`vectors` nearest first, `distanceMetric`). Distances as S3 Vectors defines them: cosine distance
(1 − cosine similarity) or euclidean, as the index was created. Filters support the equality forms
(`{"k": v}`, `{"k": {"$eq": v}}`, `$ne`, `$in`) and `$and`; anything else is refused as AWS refuses
an invalid filter. Runs inside the embedded AWS process (it reads moto's backend).
"""

from __future__ import annotations

import math
import re
from typing import Any

MAX_TOP_K = 100


class QueryError(Exception):
    """A request AWS would refuse: `code` is its exception name."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.status = code, message, status


def region_of(authorization: str, default: str) -> str:
    """The region a SigV4 `Authorization` header was signed for."""
    match = re.search(r"Credential=[^/]+/\d{8}/([^/]+)/", authorization)
    return match.group(1) if match else default


def _matches(metadata: dict[str, Any], condition: dict[str, Any]) -> bool:
    for key, wanted in condition.items():
        if key == "$and":
            if not all(_matches(metadata, part) for part in wanted):
                return False
            continue
        if key == "$or":
            if not any(_matches(metadata, part) for part in wanted):
                return False
            continue
        value = metadata.get(key)
        if not isinstance(wanted, dict):
            wanted = {"$eq": wanted}
        for operator, operand in wanted.items():
            if operator == "$eq":
                ok = value == operand
            elif operator == "$ne":
                ok = value != operand
            elif operator == "$in":
                ok = value in operand
            elif operator == "$nin":
                ok = value not in operand
            else:
                raise QueryError("ValidationException", f"Unsupported filter operator {operator}")
            if not ok:
                return False
    return True


def _distance(metric: str, a: list[float], b: list[float]) -> float:
    if metric == "euclidean":
        return math.sqrt(sum((x - y) ** 2 for x, y in zip(a, b, strict=True)))
    dot = sum(x * y for x, y in zip(a, b, strict=True))
    norms = math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))
    return 1.0 - (dot / norms if norms else 0.0)


def query_vectors(account_id: str, region: str, body: dict[str, Any]) -> dict[str, Any]:
    """The `QueryVectors` answer for `body`, from the moto backend of `account_id` in `region`."""
    from moto.s3vectors.exceptions import IndexNotFound
    from moto.s3vectors.models import s3vectors_backends
    from moto.utilities.utils import get_partition

    top_k = body.get("topK")
    if not isinstance(top_k, int) or not 1 <= top_k <= MAX_TOP_K:
        raise QueryError("ValidationException", f"topK must be an integer from 1 to {MAX_TOP_K}")
    query = (body.get("queryVector") or {}).get("float32")
    if not isinstance(query, list) or not query:
        raise QueryError("ValidationException", "queryVector.float32 is required")
    # S3 Vectors is partition-wide in moto (one backend per partition, as S3 is).
    backend = s3vectors_backends[account_id][get_partition(region)]
    try:
        index = backend.get_index(
            str(body.get("vectorBucketName") or ""),
            str(body.get("indexName") or ""),
            str(body.get("indexArn") or ""),
        )
    except IndexNotFound as exc:
        raise QueryError("NotFoundException", "The specified index could not be found", 404) from exc
    if len(query) != index.dimension:
        raise QueryError(
            "ValidationException", f"queryVector has {len(query)} dimensions, the index {index.dimension}"
        )
    condition = body.get("filter")
    scored = []
    for vector in index.vectors.values():
        metadata = vector.metadata or {}
        if condition and not _matches(metadata, condition):
            continue
        scored.append((_distance(index.distance_metric, query, vector.data["float32"]), vector))
    scored.sort(key=lambda pair: (pair[0], pair[1].key))
    results = []
    for distance, vector in scored[:top_k]:
        item: dict[str, Any] = {"key": vector.key}
        if body.get("returnDistance"):
            item["distance"] = distance
        if body.get("returnMetadata"):
            item["metadata"] = vector.metadata or {}
        results.append(item)
    return {"vectors": results, "distanceMetric": index.distance_metric}
