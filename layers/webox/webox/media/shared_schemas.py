"""What a share link shows of a library item, kept apart from the media API's other schemas: the
share API answers it without building those."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ItemKind = Literal["image", "audio", "transcript", "document"]


class Segment(BaseModel):
    start: float
    end: float
    text: str


class Transcript(BaseModel):
    text: str
    language: str | None = Field(description="ISO 639 code of the language heard (`fr`).")
    segments: list[Segment]


class SharedMedia(BaseModel):
    """What a share link shows of a library item: the file (a short-lived URL) and how it was made."""

    kind: ItemKind
    content_type: str
    url: str
    width: int | None = None
    height: int | None = None
    duration_s: float | None = None
    prompt: str | None = None
    model: str
    transcript: Transcript | None = None
