"""The `blog` queue's worker, the renderer: publishes scheduled posts and brings the public files
up to date (one render for the whole batch)."""

from __future__ import annotations

from typing import Any

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response
from aws_lambda_powertools.utilities.data_classes.sqs_event import SQSRecord
from webox.blog import posts, publishing
from webox.blog.jobs import BlogJob

processor = BatchProcessor(event_type=EventType.SQS)


def record_handler(record: SQSRecord) -> None:
    """A scheduled publication goes live here; renders wait for the end of the batch."""
    job = BlogJob.model_validate_json(record.body)
    if job.type == "publish" and job.post_id:
        posts.publish_scheduled(job.post_id, job.task_id, render=False)


def handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    response = process_partial_response(
        event=event, record_handler=record_handler, processor=processor, context=context
    )
    publishing.sync()
    return dict(response)
