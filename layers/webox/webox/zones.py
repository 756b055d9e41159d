"""IANA time zones as inputs: one validated type for every feature that reads a date in a person's zone."""

from __future__ import annotations

from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field

DEFAULT_ZONE = "Europe/Paris"  # WeBox's people are mostly in France


def _known(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc
    return name


TimeZoneName = Annotated[
    str, Field(min_length=1, max_length=64, examples=["Europe/Paris"]), AfterValidator(_known)
]
