"""DynamoDB tables, derived from the pynamodb models (the same `TableSpec` the local bootstrap reads)."""

from __future__ import annotations

from aws_cdk import RemovalPolicy
from aws_cdk import aws_dynamodb as dynamodb
from constructs import Construct
from webox import manifest
from webox.db import TableSpec, all_models

from infra.constructs.names import camel, resource_name

_TYPES = {
    "S": dynamodb.AttributeType.STRING,
    "N": dynamodb.AttributeType.NUMBER,
    "B": dynamodb.AttributeType.BINARY,
}
_PROJECTIONS = {
    "ALL": dynamodb.ProjectionType.ALL,
    "KEYS_ONLY": dynamodb.ProjectionType.KEYS_ONLY,
    "INCLUDE": dynamodb.ProjectionType.INCLUDE,
}


def table_specs() -> list[TableSpec]:
    """Every table of the platform, from the models the manifest lists."""
    return [TableSpec(model) for model in all_models(manifest.MODEL_MODULES)]


def _attribute(
    spec: TableSpec, key_type: str, schema: list[dict[str, str]] | None = None
) -> dynamodb.Attribute | None:
    key = spec.key(key_type, schema)
    return dynamodb.Attribute(name=key[0], type=_TYPES[key[1]]) if key else None


class Tables(Construct):
    """One on-demand table per model with its global and local indexes: PITR, encryption at rest,
    TTL where the model has one.

    Data tables are RETAINed: deleting the stack never deletes users' data.
    """

    def __init__(self, scope: Construct, construct_id: str, specs: list[TableSpec]) -> None:
        super().__init__(scope, construct_id)
        self.specs = {spec.logical: spec for spec in specs}
        self.tables = {logical: self._build_table(spec) for logical, spec in self.specs.items()}

    def _build_table(self, spec: TableSpec) -> dynamodb.Table:
        if spec.name != resource_name(spec.logical):
            raise RuntimeError(
                f"model table {spec.name!r} was named before WEBOX_RESOURCE_PREFIX was set for this stage"
            )
        partition_key = _attribute(spec, "HASH")
        assert partition_key is not None, spec.name
        table = dynamodb.Table(
            self,
            camel(spec.logical),
            table_name=spec.name,
            partition_key=partition_key,
            sort_key=_attribute(spec, "RANGE"),
            billing_mode=dynamodb.BillingMode.PAY_PER_REQUEST,
            point_in_time_recovery_specification=dynamodb.PointInTimeRecoverySpecification(
                point_in_time_recovery_enabled=True
            ),
            # AWS-owned-key SSE is always on; the AWS managed key adds CloudTrail-visible use without
            # putting the platform key (reserved for users' secrets) in every table reader's policy.
            encryption=dynamodb.TableEncryption.AWS_MANAGED,
            time_to_live_attribute=spec.ttl_attribute,
            removal_policy=RemovalPolicy.RETAIN,
        )
        for index in spec.global_indexes:
            projection = index["Projection"]
            table.add_global_secondary_index(
                index_name=index["IndexName"],
                partition_key=_attribute(spec, "HASH", index["KeySchema"]),  # type: ignore[arg-type]
                sort_key=_attribute(spec, "RANGE", index["KeySchema"]),
                projection_type=_PROJECTIONS[projection["ProjectionType"]],
                non_key_attributes=projection.get("NonKeyAttributes"),
            )
        for index in spec.local_indexes:
            projection = index["Projection"]
            table.add_local_secondary_index(
                index_name=index["IndexName"],
                sort_key=_attribute(spec, "RANGE", index["KeySchema"]),  # type: ignore[arg-type]
                projection_type=_PROJECTIONS[projection["ProjectionType"]],
                non_key_attributes=projection.get("NonKeyAttributes"),
            )
        return table
