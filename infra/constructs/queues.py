"""SQS queues from the manifest, each with its dead-letter queue `<name>-dlq` (FIFO ones: `<name>.fifo`
and `<name>-dlq.fifo`)."""

from __future__ import annotations

from aws_cdk import Duration
from aws_cdk import aws_sqs as sqs
from constructs import Construct
from webox import manifest

from infra.constructs.names import camel, resource_name


class Queues(Construct):
    """Encrypted (SQS-managed keys), TLS-only queues; after `max_receives` a message goes to the DLQ."""

    def __init__(self, scope: Construct, construct_id: str) -> None:
        super().__init__(scope, construct_id)
        self.queues: dict[str, sqs.Queue] = {}
        self.dead_letter_queues: dict[str, sqs.Queue] = {}
        for queue in manifest.QUEUES:
            self._build_queue(queue)

    def _build_queue(self, queue: manifest.Queue) -> None:
        dlq = sqs.Queue(
            self,
            f"{camel(queue.name)}Dlq",
            queue_name=resource_name(queue.dead_letter),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            retention_period=Duration.days(14),
            fifo=queue.fifo or None,
        )
        self.dead_letter_queues[queue.name] = dlq
        self.queues[queue.name] = sqs.Queue(
            self,
            camel(queue.name),
            queue_name=resource_name(queue.physical),
            encryption=sqs.QueueEncryption.SQS_MANAGED,
            enforce_ssl=True,
            fifo=queue.fifo or None,
            content_based_deduplication=queue.content_deduplication if queue.fifo else None,
            visibility_timeout=Duration.seconds(queue.visibility_timeout_s),
            dead_letter_queue=sqs.DeadLetterQueue(queue=dlq, max_receive_count=queue.max_receives),
        )
