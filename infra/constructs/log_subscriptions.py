"""`Function.log_subscriptions`: a CloudWatch Logs subscription filter on the source function's log
group invokes the subscribed function with the lines its pattern keeps (`webox.log_lines`).

Logs invokes the function asynchronously: Lambda retries a failed delivery twice, then sends it to the
function's own queue (its on-failure destination), which the function consumes too; after that
queue's retries a delivery lands in its dead-letter queue. No line is dropped silently."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_lambda_destinations as lambda_destinations
from aws_cdk import aws_logs as logs
from aws_cdk import aws_logs_destinations as log_destinations
from aws_cdk import aws_sqs as sqs
from constructs import Construct

from infra.constructs.functions import WeboxFunction
from infra.constructs.names import camel, resource_name


class LogSubscriptions(Construct):
    def __init__(
        self,
        scope: Construct,
        construct_id: str,
        functions: dict[str, WeboxFunction],
        queues: dict[str, sqs.Queue],
    ) -> None:
        super().__init__(scope, construct_id)
        for name, subscriber in functions.items():
            spec = subscriber.spec
            if not spec.log_subscriptions:
                continue
            assert spec.queue, f"{name} reads logs: it needs a queue for the deliveries that failed"
            for subscription in spec.log_subscriptions:
                logs.SubscriptionFilter(
                    self,
                    f"{camel(subscription.source)}To{camel(name)}",
                    filter_name=resource_name(f"{subscription.source}-{subscription.key}"),
                    log_group=functions[subscription.source].log_group,
                    destination=log_destinations.LambdaDestination(subscriber.function),
                    filter_pattern=logs.FilterPattern.literal(subscription.pattern),
                )
            subscriber.function.configure_async_invoke(
                on_failure=lambda_destinations.SqsDestination(queues[spec.queue]),
                retry_attempts=2,
                max_event_age=Duration.hours(6),
            )
