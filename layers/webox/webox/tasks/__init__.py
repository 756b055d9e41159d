"""The task engine: durable multi-step work on an SQS FIFO queue with DynamoDB checkpoints."""
