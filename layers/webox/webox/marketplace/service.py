"""The shared marketplace rules: who may rate or report what, votes that settle under concurrency,
reports once per user, and the moderators' removal (for good) that closes an item's reports."""

from __future__ import annotations

from typing import Any

from webox.db import utcnow
from webox.marketplace import repository
from webox.marketplace.schemas import RatingOut, ReportIn
from webox.marketplace.spec import Market

RATE_ATTEMPTS = 8  # each failed attempt means another vote landed first


def listed(market: Market, item_id: str) -> Any:
    """The listed copy of an item, or the feature's not-listed error."""
    entry = repository.get_entry(market.tables, item_id)
    if entry is None or not entry.listed:
        raise market.errors.not_listed()
    return entry


def listed_by_other(market: Market, user_id: str, item_id: str, *, rating: bool) -> Any:
    """The listed copy of someone else's item (one's own cannot be rated or reported)."""
    entry = repository.get_entry(market.tables, item_id)
    if entry is not None and entry.owner_id == user_id:
        raise (market.errors.cannot_rate_own if rating else market.errors.cannot_report_own)()
    if entry is None or not entry.listed:
        raise market.errors.not_listed()
    return entry


def rate(market: Market, user_id: str, item_id: str, stars: int) -> RatingOut:
    """Rate someone else's listed item; voting again replaces one's vote."""
    for _ in range(RATE_ATTEMPTS):
        entry = listed_by_other(market, user_id, item_id, rating=True)
        vote = repository.get_vote(market.tables, item_id, user_id)
        previous = int(vote.stars) if vote else None
        if previous == stars:
            return RatingOut(
                rating_avg=float(entry.rating_avg or 0), rating_count=int(entry.rating_count), my_stars=stars
            )
        result = repository.rate(market.tables, entry, user_id, stars, previous)
        if result is not None:
            average, count = result
            return RatingOut(rating_avg=average, rating_count=count, my_stars=stars)
    raise market.errors.busy()


def remove_vote(market: Market, vote: Any) -> None:
    """Delete a vote and take it out of its item's rating (retried while other votes land)."""
    tables = market.tables
    item_id = getattr(vote, tables.key)
    for _ in range(RATE_ATTEMPTS):
        entry = repository.get_entry(tables, item_id)
        current = repository.get_vote(tables, item_id, vote.user_id)
        if current is None:
            return
        if entry is None:
            repository.delete_votes(tables, [current])
            return
        if repository.remove_vote(tables, entry, current):
            return
    raise market.errors.busy()


def report(market: Market, user_id: str, item_id: str, data: ReportIn) -> Any:
    """Report someone else's listed item to the moderators (once per user); the stored report."""
    tables = market.tables
    entry = listed_by_other(market, user_id, item_id, rating=False)
    now = utcnow()
    item = tables.report(
        item_id,
        user_id,
        owner_id=entry.owner_id,
        reason=data.reason,
        details=data.details,
        status="open",
        created_at=now,
        created_key=f"{now.isoformat()}#{item_id}#{user_id}",
        **{tables.title: entry.title},
    )
    if not repository.add_report(tables, item):
        raise market.errors.already_reported()
    return item


def moderate(market: Market, item_id: str, reason: str) -> None:
    """Remove an item from the marketplace for good (its owner cannot list it again) and close its reports."""
    entry = repository.get_entry(market.tables, item_id)
    if entry is None or not repository.unlist(
        market.tables, item_id, entry.owner_id, moderation_reason=reason
    ):
        raise market.errors.not_listed()
    repository.resolve_reports(market.tables, item_id)


def forget_user(market: Market, user_id: str) -> None:
    """A deleted account's votes leave each item's rating, and its reports go (listed items or not)."""
    for vote in repository.votes_by(market.tables, user_id):
        remove_vote(market, vote)
    repository.delete_reports(market.tables, repository.reports_by(market.tables, user_id))
