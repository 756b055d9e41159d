"""What the shared marketplace mechanics need to know of one feature's marketplace."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from pynamodb.models import Model


@dataclass(frozen=True)
class Tables:
    """A feature's marketplace tables and the names of their keys.

    `entry`: the published copy keyed by `key`, with `owner_id`, `listed`, `rating_sum`,
    `rating_count`, `rating_avg`, `rating_key`, `moderated_at`, `moderation_reason` and the
    `counters`; `vote`: (`key`, `user_id`) → `stars`; `report`: (`key`, `user_id`) with `owner_id`,
    `<title>`, `reason`, `details`, `status`, `queue` and `created_key`, indexes `open_reports` and
    `by_user`; `owner`: the owner's own item (`user_id`, `key`) with `published` and `moderated`.
    """

    entry: type[Model]
    vote: type[Model]
    report: type[Model]
    owner: type[Model]
    key: str
    title: str  # the report's attribute holding the item's title
    counters: tuple[str, ...]
    # Attributes present only while listed (sparse indexes): removed together on unlisting.
    listing: tuple[str, ...] = ("listed",)

    def attribute(self, model: type[Model], name: str) -> Any:
        """One attribute of a model, for conditions and update actions."""
        return getattr(model, name)


@dataclass(frozen=True)
class Errors:
    """The feature's own errors (stable codes of its API) for what the mechanics refuse."""

    not_listed: Callable[[], Exception]
    cannot_rate_own: Callable[[], Exception]
    cannot_report_own: Callable[[], Exception]
    already_reported: Callable[[], Exception]
    busy: Callable[[], Exception]  # too many concurrent votes to settle one


@dataclass(frozen=True)
class Market:
    """One feature's marketplace: its tables and its errors."""

    tables: Tables
    errors: Errors
