"""Create every table, bucket, queue, secret and key the manifest declares, on the embedded AWS.

Idempotent: what exists is left alone. Returns the environment the handlers read resource
addresses from (the same variables CDK sets in the cloud).
"""

from __future__ import annotations

import base64
import json
import secrets
import uuid
from typing import Any

from webox import manifest
from webox.aws import client
from webox.config import get_settings, kms_alias, resource_env, resource_name
from webox.db import TableSpec, all_models
from webox.mail import MailSettings
from webox.platform import Function


def table_specs() -> list[TableSpec]:
    """Every table of the platform, from the pynamodb models."""
    return [TableSpec(model) for model in all_models(manifest.MODEL_MODULES)]


def _tables() -> None:
    dynamodb = client("dynamodb")
    existing = set(dynamodb.list_tables()["TableNames"])
    for spec in table_specs():
        if spec.name in existing:
            continue
        dynamodb.create_table(**spec.create_table_args())
        if spec.ttl_attribute:
            dynamodb.update_time_to_live(
                TableName=spec.name,
                TimeToLiveSpecification={"Enabled": True, "AttributeName": spec.ttl_attribute},
            )


def _buckets(env: dict[str, str]) -> None:
    s3, settings = client("s3"), get_settings()
    existing = {b["Name"] for b in s3.list_buckets().get("Buckets", [])}
    for logical in manifest.BUCKETS:
        name = resource_name(logical)
        env[resource_env("bucket", logical)] = name
        if name in existing:
            continue
        s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": settings.region})
        s3.put_bucket_cors(
            Bucket=name,
            CORSConfiguration={
                "CORSRules": [
                    {
                        "AllowedOrigins": settings.allowed_origins,
                        "AllowedMethods": ["GET", "PUT", "POST", "HEAD"],
                        "AllowedHeaders": ["*"],
                        "MaxAgeSeconds": 600,
                    }
                ]
            },
        )


def _queues(env: dict[str, str]) -> None:
    sqs = client("sqs")
    for queue in manifest.QUEUES:
        fifo = {"FifoQueue": "true"} if queue.fifo else {}
        dlq_url = sqs.create_queue(QueueName=resource_name(queue.dead_letter), Attributes=fifo)["QueueUrl"]
        if queue.fifo:
            fifo["ContentBasedDeduplication"] = str(queue.content_deduplication).lower()
        dlq_arn = sqs.get_queue_attributes(QueueUrl=dlq_url, AttributeNames=["QueueArn"])["Attributes"][
            "QueueArn"
        ]
        url = sqs.create_queue(
            QueueName=resource_name(queue.physical),
            Attributes={
                **fifo,
                "VisibilityTimeout": str(queue.visibility_timeout_s),
                "RedrivePolicy": json.dumps(
                    {"deadLetterTargetArn": dlq_arn, "maxReceiveCount": queue.max_receives}
                ),
            },
        )["QueueUrl"]
        env[resource_env("queue", queue.name)] = url
        env[resource_env("queue", f"{queue.name}-dlq")] = dlq_url
        env[resource_env("queue_arn", queue.name)] = sqs.get_queue_attributes(
            QueueUrl=url, AttributeNames=["QueueArn"]
        )["Attributes"]["QueueArn"]


def _schedule_groups() -> None:
    """EventBridge Scheduler groups (moto stores their schedules; `webox.local.scheduler` fires them)."""
    scheduler = client("scheduler")
    existing = {g["Name"] for g in scheduler.list_schedule_groups().get("ScheduleGroups", [])}
    for group in manifest.SCHEDULE_GROUPS:
        if resource_name(group) not in existing:
            scheduler.create_schedule_group(Name=resource_name(group))


def _event_bus(env: dict[str, str]) -> None:
    """The platform's EventBridge bus and its rules, each sending to a queue (moto delivers to SQS)."""
    from webox.events import bus_name

    events = client("events")
    bus = bus_name()
    if bus not in {b["Name"] for b in events.list_event_buses().get("EventBuses", [])}:
        events.create_event_bus(Name=bus)
    for rule in manifest.EVENT_RULES:
        name = resource_name(rule.name)
        events.put_rule(Name=name, EventBusName=bus, EventPattern=json.dumps({"source": list(rule.sources)}))
        arn = env[resource_env("queue_arn", rule.queue)]
        events.put_targets(Rule=name, EventBusName=bus, Targets=[{"Id": "queue", "Arn": arn}])


def new_signing_secret() -> str:
    """The JSON a signing-key secret holds (the format CDK's generated secret has too)."""
    return json.dumps(
        {"kid": secrets.token_hex(4), "key": base64.urlsafe_b64encode(secrets.token_bytes(48)).decode()}
    )


def _secrets() -> None:
    manager = client("secretsmanager")
    existing = {s["Name"] for s in manager.list_secrets().get("SecretList", [])}
    for secret in manifest.SECRETS:
        if resource_name(secret.name) not in existing:
            value = new_signing_secret() if secret.generated else "{}"
            manager.create_secret(Name=resource_name(secret.name), SecretString=value)
    for function in manifest.FUNCTIONS:
        if function.rotates and "created_at" not in json.loads(
            manager.get_secret_value(SecretId=resource_name(function.rotates))["SecretString"]
        ):
            _rotate(function)


def _rotate(function: Function) -> None:
    """A first rotation, as Secrets Manager runs one when the schedule is created on AWS: the
    function's handler, once per step, with the same request token."""
    from webox.local import lambdas

    token = str(uuid.uuid4())
    for step in ("createSecret", "setSecret", "testSecret", "finishSecret"):
        event = {"SecretId": resource_name(str(function.rotates)), "ClientRequestToken": token, "Step": step}
        lambdas.invoke(function, event)


def _kms() -> None:
    if not any(function.kms for function in manifest.FUNCTIONS):
        return
    kms = client("kms")
    aliases = {a["AliasName"] for a in kms.list_aliases().get("Aliases", [])}
    if kms_alias() not in aliases:
        key_id = kms.create_key(Description="WeBox data key (local)")["KeyMetadata"]["KeyId"]
        kms.create_alias(AliasName=kms_alias(), TargetKeyId=key_id)


def _mail() -> None:
    sender = MailSettings.from_env().sender
    address = sender.split("<")[-1].rstrip(">").strip()
    client("ses").verify_email_identity(EmailAddress=address)


def create_all() -> dict[str, str]:
    """Create what is missing; return the resource environment for the handlers."""
    env: dict[str, str] = {}
    _tables()
    _buckets(env)
    _queues(env)
    _schedule_groups()
    _event_bus(env)
    _secrets()
    _kms()
    _mail()
    return env


def describe() -> dict[str, Any]:
    """Names of what the manifest declares (for /health and the start-up banner)."""
    return {
        "tables": [spec.name for spec in table_specs()],
        "buckets": [resource_name(b) for b in manifest.BUCKETS],
        "queues": [resource_name(q.physical) for q in manifest.QUEUES],
    }
