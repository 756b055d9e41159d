"""The usage feature: usage records and daily counters, written by a batching worker."""

from __future__ import annotations

from webox.platform import Feature, Function, Queue, UserDataHooks

FEATURE = Feature(
    name="usage",
    functions=(
        Function(
            feature="usage",
            module="worker",
            queue="usage",
            # Up to 100 calls a batch, gathered for at most 2 s: the worker writes their records in
            # batches and adds to each counter once per batch (not once per call).
            batch_size=100,
            batch_window_s=2,
            tables=("usage_records", "usage_daily"),
            memory_mb=256,
            timeout_s=30,
            # Counters are hot keys: a few large batches beat many small concurrent ones.
            max_concurrency=5,
        ),
    ),
    models=("webox.usage.models",),
    # Usage records and their counters, written off the request path (the gateway's answers).
    queues=(Queue("usage", visibility_timeout_s=190),),
    hooks=UserDataHooks(
        export="webox.usage.service:export_user_data",
        delete="webox.usage.service:delete_user_data",
    ),
)
