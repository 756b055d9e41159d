"""The usage feature: usage records and daily counters, written by a batching worker."""

from __future__ import annotations

from webox.platform import Feature, Function, LogSubscription, Queue, UserDataHooks

# The key of the gateway's usage lines (`webox.usage.service.log`).
LOG_KEY = "webox_usage"

FEATURE = Feature(
    name="usage",
    functions=(
        Function(
            feature="usage",
            module="worker",
            # The gateway's usage lines, delivered by CloudWatch Logs in batches: the worker writes
            # their records in batches and adds to each counter once per batch (not once per call).
            log_subscriptions=(LogSubscription("gateway-api", LOG_KEY),),
            # Deliveries that failed Lambda's retries, retried from there (then dead-lettered).
            queue="usage",
            batch_size=10,
            tables=("usage_records", "usage_daily"),
            memory_mb=256,
            timeout_s=30,
            # Counters are hot keys: a few large batches beat many small concurrent ones.
            max_concurrency=5,
        ),
    ),
    models=("webox.usage.models",),
    # The usage deliveries that failed: Lambda's on-failure records, each holding its `awslogs` event.
    queues=(Queue("usage", visibility_timeout_s=190),),
    hooks=UserDataHooks(
        export="webox.usage.service:export_user_data",
        delete="webox.usage.service:delete_user_data",
    ),
)
