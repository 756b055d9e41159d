"""The payload of the `media` queue: which job the worker runs (its parameters are in the job item)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class MediaJobMessage(BaseModel):
    """One job to run; the worker reads everything else from the job item, so a message is tiny."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    user_id: str = Field(min_length=1, max_length=64)
    job_id: str = Field(pattern=r"^[0-9a-f]{32}$")


# Deliveries of a message before SQS moves it to `media-dlq` (the queue's redrive policy).
MAX_RECEIVES = 3
