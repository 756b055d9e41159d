"""Bodies every marketplace shares: a vote, a rating, a report and a moderator's decision."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

ReportReason = Literal["spam", "inappropriate", "copyright", "misleading", "other"]
ReportStatus = Literal["open", "resolved"]


class RateIn(BaseModel):
    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"stars": 4}]})

    stars: int = Field(ge=1, le=5)


class RatingOut(BaseModel):
    rating_avg: float = Field(examples=[4.25])
    rating_count: int = Field(examples=[4])
    my_stars: int = Field(examples=[4])


class ReportIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"reason": "spam", "details": "Publicité déguisée pour un site."}]},
    )

    reason: ReportReason
    details: Annotated[str, StringConstraints(strip_whitespace=True, max_length=1_000)] = ""


class ModerationIn(BaseModel):
    model_config = ConfigDict(
        extra="forbid", json_schema_extra={"examples": [{"reason": "Contenu publicitaire trompeur"}]}
    )

    reason: Annotated[str, StringConstraints(strip_whitespace=True, max_length=500)] = ""
