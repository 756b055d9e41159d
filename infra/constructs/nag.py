"""cdk-nag acknowledgments: every one names its rule (or its exact finding) and says why."""

from __future__ import annotations

import json
from typing import Any

from aws_cdk import Acknowledgment, Stack, Validations
from constructs import IConstruct


def acknowledge(scope: IConstruct, rule: str, reason: str) -> None:
    """Acknowledge one rule or one finding (`AwsSolutions-IAM5[Resource::...]`) on `scope` and below."""
    Validations.of(scope).acknowledge(Acknowledgment(id=rule, reason=reason))


def _flatten(node: Any) -> str:
    # Mirrors cdk-nag's flattenCfnReference: how IAM5 names a finding's resource.
    if node is None:
        return ""
    if isinstance(node, str):
        return node.replace("${", "<").replace("}", ">")
    if isinstance(node, dict) and "Fn::Join" in node:
        delimiter, items = node["Fn::Join"]
        return str(delimiter).join(_flatten(item) for item in items)
    if isinstance(node, dict) and "Fn::Sub" in node:
        return _flatten(node["Fn::Sub"])
    if isinstance(node, dict) and "Fn::GetAtt" in node:
        resource, attribute = node["Fn::GetAtt"]
        return f"<{_flatten(resource)}.{_flatten(attribute)}>"
    if isinstance(node, dict) and "Fn::ImportValue" in node:
        return _flatten(node["Fn::ImportValue"])
    if isinstance(node, dict) and "Ref" in node:
        return f"<{_flatten(node['Ref'])}>"
    return json.dumps(node, separators=(",", ":"))


def acknowledge_wildcard(scope: IConstruct, resource: str, reason: str) -> None:
    """Acknowledge exactly one wildcard resource (IAM5) granted to `scope`, nothing broader."""
    flat = _flatten(Stack.of(scope).resolve(resource))
    acknowledge(scope, f"AwsSolutions-IAM5[Resource::{flat}]", reason)
