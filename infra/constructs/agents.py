"""Agents' knowledge vectors: the S3 Vectors bucket (L1: CDK has no L2 yet) and who may use its indexes.

A knowledge base's index (`kb-<base_id>`) is created and deleted at run time by the agents API, so the
stack holds the bucket and grants index actions on `<bucket>/index/*`: the API creates, deletes and
searches indexes; the task engine's worker (which runs `knowledge.*` and `agent.*` steps) writes,
reads and searches vectors; the account worker (account deletion's steps) deletes a deleted user's
indexes.
"""

from __future__ import annotations

from aws_cdk import Stack
from aws_cdk import aws_iam as iam
from aws_cdk import aws_s3vectors as s3vectors
from constructs import Construct
from webox.knowledge.repository import VECTOR_BUCKET

from infra.constructs.functions import WeboxFunction
from infra.constructs.nag import acknowledge_wildcard
from infra.constructs.names import resource_name

READ = ["s3vectors:GetIndex", "s3vectors:QueryVectors", "s3vectors:GetVectors", "s3vectors:ListVectors"]
WRITE = ["s3vectors:PutVectors", "s3vectors:DeleteVectors"]
MANAGE = ["s3vectors:CreateIndex", "s3vectors:DeleteIndex"]
# Who does what with the indexes.
GRANTS: dict[str, list[str]] = {
    "agents-api": [*READ, *WRITE, *MANAGE],
    "tasks-worker": [*READ, *WRITE],
    # Deleting an account deletes its knowledge bases' indexes (the agents' delete hook).
    "account-worker": ["s3vectors:DeleteIndex"],
    # A voice persona's knowledge base is searched during calls.
    "voice-relay": ["s3vectors:QueryVectors"],
}


class AgentVectors(Construct):
    """The vector bucket, encrypted (SSE-S3), and each function's index actions on it only."""

    def __init__(self, scope: Construct, construct_id: str, *, functions: dict[str, WeboxFunction]) -> None:
        super().__init__(scope, construct_id)
        self.bucket_name = resource_name(VECTOR_BUCKET)
        self.bucket = s3vectors.CfnVectorBucket(
            self,
            "Bucket",
            vector_bucket_name=self.bucket_name,
            encryption_configuration=s3vectors.CfnVectorBucket.EncryptionConfigurationProperty(
                sse_type="AES256"
            ),
        )
        stack = Stack.of(self)
        bucket_arn = stack.format_arn(service="s3vectors", resource="bucket", resource_name=self.bucket_name)
        indexes = f"{bucket_arn}/index/*"
        for name, actions in GRANTS.items():
            if name in functions:
                role = functions[name].role
                role.add_to_principal_policy(iam.PolicyStatement(actions=actions, resources=[indexes]))
                acknowledge_wildcard(
                    role,
                    indexes,
                    "One index per knowledge base, created at run time: the indexes of this bucket only",
                )
