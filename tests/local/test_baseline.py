"""Between tests the embedded AWS empties in place (`webox.local.aws_baseline`): every service the
platform uses comes back to what bootstrap made, nothing a test left behind survives."""

from __future__ import annotations

import json

from webox import mail, manifest
from webox.aws import client
from webox.config import get_settings, resource_name
from webox.local.host import LocalHost
from webox.queue import queue_url


def _secret_names() -> dict[str, str]:
    manager = client("secretsmanager")
    names = [s["Name"] for s in manager.list_secrets()["SecretList"]]
    return {name: manager.get_secret_value(SecretId=name)["SecretString"] for name in names}


def test_reset_empties_every_resource_and_keeps_what_bootstrap_made(aws: LocalHost) -> None:
    dynamodb, s3, sqs = client("dynamodb"), client("s3"), client("sqs")
    tables = sorted(dynamodb.list_tables()["TableNames"])
    buckets = sorted(b["Name"] for b in s3.list_buckets()["Buckets"])
    secrets = _secret_names()
    users = resource_name("users")
    bucket = resource_name(manifest.BUCKETS[0])
    queue = queue_url("usage")
    region = get_settings().region

    # What a test leaves behind: data in the declared resources, and resources of its own.
    dynamodb.put_item(TableName=users, Item={"id": {"S": "u1"}, "email": {"S": "a@example.fr"}})
    s3.put_object(Bucket=bucket, Key="u1/file.txt", Body=b"bonjour")
    sqs.send_message(QueueUrl=queue, MessageBody=json.dumps({"hello": "monde"}))
    mail.send("a@example.fr", "Bonjour", "Salut")
    dynamodb.create_table(
        TableName="stray",
        KeySchema=[{"AttributeName": "k", "KeyType": "HASH"}],
        AttributeDefinitions=[{"AttributeName": "k", "AttributeType": "S"}],
        BillingMode="PAY_PER_REQUEST",
    )
    s3.create_bucket(Bucket="stray-bucket", CreateBucketConfiguration={"LocationConstraint": region})
    first_secret = next(iter(secrets))
    client("secretsmanager").put_secret_value(SecretId=first_secret, SecretString="changed by a test")
    client("secretsmanager").create_secret(Name="stray-secret", SecretString="x")
    client("s3vectors").create_vector_bucket(vectorBucketName="stray-vectors")
    assert aws.outbox()

    aws.reset()

    assert sorted(dynamodb.list_tables()["TableNames"]) == tables
    assert dynamodb.scan(TableName=users)["Count"] == 0
    assert sorted(b["Name"] for b in s3.list_buckets()["Buckets"]) == buckets
    assert s3.list_objects_v2(Bucket=bucket)["KeyCount"] == 0
    assert "Messages" not in sqs.receive_message(QueueUrl=queue, WaitTimeSeconds=0)
    assert aws.outbox() == []
    assert _secret_names() == secrets
    assert client("s3vectors").list_vector_buckets()["vectorBuckets"] == []
    # The resources stay usable: a write after the reset lands.
    dynamodb.put_item(TableName=users, Item={"id": {"S": "u2"}, "email": {"S": "b@example.fr"}})
    assert dynamodb.scan(TableName=users)["Count"] == 1
