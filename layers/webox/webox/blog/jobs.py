"""The `blog` queue's messages: render the public files, or publish a scheduled post (then render)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

QUEUE = "blog"
MAX_RECEIVES = 3


class BlogJob(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["render", "publish"]
    post_id: str | None = Field(default=None, pattern=r"^[0-9a-f]{24}$")
    # The scheduling task: a post rescheduled since then has another, and this one does nothing.
    task_id: str | None = Field(default=None, max_length=64)
