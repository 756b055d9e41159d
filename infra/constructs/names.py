"""Physical names and addresses, the same ones `webox.config` and the local bootstrap use."""

from __future__ import annotations

from aws_cdk import ArnFormat, Aws, Stack
from constructs import Construct
from webox.config import resource_env, resource_name

__all__ = [
    "PRODUCTION_STAGES",
    "bucket_name",
    "camel",
    "execute_api_host",
    "is_production",
    "resource_env",
    "resource_name",
    "state_machine_arn",
]


PRODUCTION_STAGES = frozenset({"prod", "production"})


def is_production(stage: str) -> bool:
    """Stages that get production-only protections (reserved concurrency, the WAF by default)."""
    return stage in PRODUCTION_STAGES


def bucket_name(logical: str) -> str:
    """Bucket names are global: the logical name plus account and region keeps them unique, and lets
    other resources (the CSP header) know them without a reference cycle."""
    return f"{resource_name(logical)}-{Aws.ACCOUNT_ID}-{Aws.REGION}"


def state_machine_arn(scope: Construct, logical: str) -> str:
    """Built from the name, not referenced: a function may start a machine whose task it also is."""
    return Stack.of(scope).format_arn(
        service="states",
        resource="stateMachine",
        resource_name=resource_name(logical),
        arn_format=ArnFormat.COLON_RESOURCE_NAME,
    )


def execute_api_host(api_id: str) -> str:
    """The regional host name of an API Gateway API."""
    return f"{api_id}.execute-api.{Aws.REGION}.{Aws.URL_SUFFIX}"


def camel(logical: str) -> str:
    """Construct id of a logical name (`user_identities` → `UserIdentities`)."""
    return "".join(part.capitalize() for part in logical.replace("-", "_").replace(".", "_").split("_"))
