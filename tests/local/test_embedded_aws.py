"""The embedded AWS keeps DynamoDB's item-level atomicity under concurrent requests and rolls a failed
transaction back whole, and counts the calls it receives (what the cost benchmark prices)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from webox.aws import client
from webox.config import resource_name
from webox.local.host import LocalHost

THREADS, ADDS = 8, 25


def test_concurrent_adds_to_one_item_lose_no_increment(aws: LocalHost) -> None:
    # Given one counter item shared by every writer (like the platform's usage counters)
    dynamodb, table = client("dynamodb"), resource_name("usage_daily")
    key = {"user_id": {"S": "*"}, "sk": {"S": "2026-12-04#chat#gpt-4o"}}

    def add() -> None:
        for _ in range(ADDS):
            dynamodb.update_item(
                TableName=table,
                Key=key,
                UpdateExpression="ADD requests :one, cost_micro_usd :cost, input_tokens :tokens",
                ExpressionAttributeValues={":one": {"N": "1"}, ":cost": {"N": "3"}, ":tokens": {"N": "7"}},
            )

    # When writers add to it at the same time
    with ThreadPoolExecutor(THREADS) as pool:
        for future in [pool.submit(add) for _ in range(THREADS)]:
            future.result()

    # Then every attribute holds every increment
    item = dynamodb.get_item(TableName=table, Key=key, ConsistentRead=True)["Item"]
    total = THREADS * ADDS
    assert (item["requests"]["N"], item["cost_micro_usd"]["N"], item["input_tokens"]["N"]) == (
        str(total),
        str(3 * total),
        str(7 * total),
    )


def test_a_failed_transaction_leaves_every_item_as_it_was(aws: LocalHost) -> None:
    # Given two items of one partition and one of another (the backup copies only what it names)
    dynamodb, table = client("dynamodb"), resource_name("usage_daily")

    def key(owner: str, day: str) -> dict[str, dict[str, str]]:
        return {"user_id": {"S": owner}, "sk": {"S": day}}

    for owner, day, requests in (("u1", "d1", "1"), ("u1", "d2", "5"), ("u2", "d1", "9")):
        dynamodb.put_item(TableName=table, Item={**key(owner, day), "requests": {"N": requests}})

    # When a transaction updates one, adds two (one in a new partition) and fails its condition
    try:
        dynamodb.transact_write_items(
            TransactItems=[
                {
                    "Update": {
                        "TableName": table,
                        "Key": key("u1", "d1"),
                        "UpdateExpression": "ADD requests :one",
                        "ExpressionAttributeValues": {":one": {"N": "1"}},
                    }
                },
                {"Put": {"TableName": table, "Item": {**key("u1", "d3"), "requests": {"N": "1"}}}},
                {"Put": {"TableName": table, "Item": {**key("u3", "d1"), "requests": {"N": "1"}}}},
                {
                    "ConditionCheck": {
                        "TableName": table,
                        "Key": key("u2", "d1"),
                        "ConditionExpression": "requests = :zero",
                        "ExpressionAttributeValues": {":zero": {"N": "0"}},
                    }
                },
            ]
        )
    except dynamodb.exceptions.TransactionCanceledException:
        pass
    else:
        raise AssertionError("the condition should have failed")

    # Then nothing it wrote is left, and the items it did not name are untouched
    items = {
        (i["user_id"]["S"], i["sk"]["S"]): i["requests"]["N"]
        for i in dynamodb.scan(TableName=table, ConsistentRead=True)["Items"]
    }
    assert items == {("u1", "d1"): "1", ("u1", "d2"): "5", ("u2", "d1"): "9"}


def test_calls_are_counted_with_dynamodb_write_units(aws: LocalHost) -> None:
    # Given a fresh count
    dynamodb, table = client("dynamodb"), resource_name("usage_daily")
    aws.aws.calls(reset=True)

    # When a small item, a 3 KB item and a transaction of two small items are written, and one read
    dynamodb.put_item(TableName=table, Item={"user_id": {"S": "u"}, "sk": {"S": "small"}})
    dynamodb.put_item(
        TableName=table, Item={"user_id": {"S": "u"}, "sk": {"S": "big"}, "text": {"S": "x" * 3000}}
    )
    dynamodb.transact_write_items(
        TransactItems=[
            {"Put": {"TableName": table, "Item": {"user_id": {"S": "u"}, "sk": {"S": f"t{i}"}}}}
            for i in range(2)
        ]
    )
    dynamodb.get_item(TableName=table, Key={"user_id": {"S": "u"}, "sk": {"S": "small"}})

    # Then each operation is counted (the local pollers' SQS receives too) and the writes cost
    # 1 + 3 + 2 × 2 units
    counted = aws.aws.calls(reset=True)
    dynamodb_calls = {k: v for k, v in counted["calls"].items() if k.startswith("DynamoDB.")}
    assert dynamodb_calls == {"DynamoDB.PutItem": 2, "DynamoDB.TransactWriteItems": 1, "DynamoDB.GetItem": 1}
    assert counted["dynamodb_write_units"] == 8
    assert not any(k.startswith("DynamoDB.") for k in aws.aws.calls()["calls"])


def test_a_waiter_wakes_when_its_queue_or_the_schedules_change_and_not_before(aws: LocalHost) -> None:
    # Given the usage queue's change number, and one waiter on it and one on the schedules
    from webox.local import changes
    from webox.queue import queue_url

    url = queue_url("usage")
    topic = f"sqs:{url.rsplit('/', 1)[-1]}"
    before = changes.wait(topic, -1, 0)
    assert changes.wait(topic, before, 0.2) == before  # nothing happened: it waits out its timeout
    schedules = changes.wait("scheduler", -1, 0)
    with ThreadPoolExecutor(2) as pool:
        on_queue = pool.submit(changes.wait, topic, before, 30)
        on_schedules = pool.submit(changes.wait, "scheduler", schedules, 30)

        # When a message is sent to the queue and a schedule is saved
        client("sqs").send_message(QueueUrl=url, MessageBody="{}")
        client("scheduler").create_schedule(
            Name="change-feed",
            GroupName=resource_name("tasks"),
            ScheduleExpression="at(2099-01-01T00:00:00)",
            FlexibleTimeWindow={"Mode": "OFF"},
            Target={
                "Arn": "arn:aws:sqs:eu-west-3:123456789012:x",
                "RoleArn": "arn:aws:iam::123456789012:role/x",
            },
        )

        # Then each waiter returns with the next number, long before its 30 s timeout
        assert on_queue.result(timeout=10) == before + 1
        assert on_schedules.result(timeout=10) == schedules + 1
