"""Every DynamoDB call of the shared marketplace mechanics, on the tables a feature names (`Tables`).

Ratings move the entry's sum, count, average and sort key in one transaction conditioned on what was
read, so concurrent votes never lose one; reports wait in a sparse `open_reports` index until a
moderator acts; unlisting removes the listing attributes (the entry leaves every sparse index) and
keeps the counters, and a moderator's removal is remembered so the owner cannot list it again.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.expressions.update import Action
from pynamodb.models import Model
from pynamodb.transactions import TransactWrite

from webox.db import InvalidCursor, decode_cursor, page, transaction_connection, utcnow
from webox.marketplace.spec import Tables

LISTED = "public"
OPEN = "open"
UNRATED = "0000#000000000"


def conditional_failure(error: PutError | UpdateError | TransactWriteError) -> bool:
    """Whether a write failed only on its condition (someone else wrote first)."""
    if isinstance(error, TransactWriteError):
        return any(
            reason is not None and reason.code == "ConditionalCheckFailed"
            for reason in error.cancellation_reasons
        )
    return error.cause_response_code == "ConditionalCheckFailedException"


def listing_start(
    cursor: str | None, owner_key: tuple[str, str], shape: dict[str, str]
) -> dict[str, Any] | None:
    """A listing's cursor, refused unless it holds exactly this listing's key attributes and types
    (a cursor from another listing or a forged one would otherwise fail inside DynamoDB)."""
    start = decode_cursor(cursor, owner_key=owner_key)
    if start is not None and {name: next(iter(value)) for name, value in start.items()} != shape:
        raise InvalidCursor("Cursor does not belong to this listing")
    return start


def rating_key(average: float, count: int) -> str:
    """Best rated first, more votes first among equals: `<average × 1000>#<count>`."""
    return f"{round(average * 1000):04d}#{count:09d}"


def _delete_all(model: type[Model], items: Iterable[Model]) -> None:
    with model.batch_write() as batch:
        for item in items:
            batch.delete(item)


def get_entry(tables: Tables, item_id: str) -> Any:
    """The published copy of an item (listed or not), or None."""
    try:
        return tables.entry.get(item_id, consistent_read=True)
    except DoesNotExist:
        return None


def entries(tables: Tables, item_ids: list[str]) -> dict[str, Any]:
    """Published copies by item id (a batch read)."""
    if not item_ids:
        return {}
    return {getattr(entry, tables.key): entry for entry in tables.entry.batch_get(item_ids)}


# -- listing -----------------------------------------------------------------------------------


def publish(tables: Tables, owner_id: str, item_id: str, fields: dict[str, Any], *, when: datetime) -> bool:
    """List an item with `fields` (its content), keeping the counters and rating of an earlier
    listing, and mark the owner's item published, in one transaction; False when a moderator
    removed it."""
    entry, attr = tables.entry, tables.attribute
    actions: list[Action] = [attr(entry, name).set(value) for name, value in fields.items()]
    actions += [
        attr(entry, "owner_id").set(owner_id),
        attr(entry, "published_at").set(when),
        attr(entry, "listed").set(LISTED),
        attr(entry, "rating_sum").set(attr(entry, "rating_sum") | 0),
        attr(entry, "rating_count").set(attr(entry, "rating_count") | 0),
        attr(entry, "rating_avg").set(attr(entry, "rating_avg") | 0),
        attr(entry, "rating_key").set(attr(entry, "rating_key") | UNRATED),
        *(attr(entry, name).set(attr(entry, name) | 0) for name in tables.counters),
    ]
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.update(
                entry(item_id), actions=actions, condition=attr(entry, "moderated_at").does_not_exist()
            )
            transaction.update(
                tables.owner(owner_id, item_id),
                actions=[attr(tables.owner, "published").set(True)],
                condition=attr(tables.owner, tables.key).exists(),
            )
    except TransactWriteError as error:
        if conditional_failure(error):
            return False
        raise
    return True


def unlist(tables: Tables, item_id: str, owner_id: str, *, moderation_reason: str | None = None) -> bool:
    """Take an item out of the marketplace (counters kept); a moderator's removal is remembered.
    False when it had no published copy."""
    entry, owner, attr = tables.entry, tables.owner, tables.attribute
    actions: list[Action] = [attr(entry, name).remove() for name in tables.listing]
    owner_actions: list[Action] = [attr(owner, "published").set(False)]
    if moderation_reason is not None:
        actions += [
            attr(entry, "moderated_at").set(utcnow()),
            attr(entry, "moderation_reason").set(moderation_reason),
        ]
        owner_actions.append(attr(owner, "moderated").set(True))
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.update(entry(item_id), actions=actions, condition=attr(entry, tables.key).exists())
            transaction.update(
                owner(owner_id, item_id), actions=owner_actions, condition=attr(owner, tables.key).exists()
            )
    except TransactWriteError as error:
        if conditional_failure(error):
            return False
        raise
    return True


def delete_listing(tables: Tables, item_id: str) -> None:
    """Delete an item's published copy with its votes and reports (the item itself is deleted)."""
    tables.entry(item_id).delete()  # first: the item leaves every listing at once
    keys = [tables.key, "user_id"]
    _delete_all(tables.vote, tables.vote.query(item_id, attributes_to_get=keys))
    _delete_all(tables.report, tables.report.query(item_id, attributes_to_get=keys))


def count(tables: Tables, item_id: str, counter: str) -> bool:
    """One more use, run or fork of a listed item; False when it is not listed."""
    entry = tables.entry
    try:
        entry(item_id).update(
            actions=[getattr(entry, counter).add(1)], condition=tables.attribute(entry, "listed").exists()
        )
    except UpdateError as error:
        if conditional_failure(error):
            return False
        raise
    return True


# -- votes -------------------------------------------------------------------------------------


def get_vote(tables: Tables, item_id: str, user_id: str) -> Any:
    try:
        return tables.vote.get(item_id, user_id, consistent_read=True)
    except DoesNotExist:
        return None


def _totals(tables: Tables, entry: Any, new_sum: int, new_count: int) -> tuple[list[Action], Any, float]:
    """The update of an entry's rating to `new_sum`/`new_count`, and its condition: the totals read."""
    model, attr = tables.entry, tables.attribute
    old_sum, old_count = int(entry.rating_sum or 0), int(entry.rating_count or 0)
    average = round(new_sum / new_count, 4) if new_count else 0
    actions = [
        attr(model, "rating_sum").add(new_sum - old_sum),
        attr(model, "rating_count").add(new_count - old_count),
        attr(model, "rating_avg").set(average),
        attr(model, "rating_key").set(rating_key(average, new_count)),
    ]
    condition = (attr(model, "rating_sum") == old_sum) & (attr(model, "rating_count") == old_count)
    return actions, condition, average


def rate(
    tables: Tables, entry: Any, user_id: str, stars: int, previous: int | None
) -> tuple[float, int] | None:
    """Record the user's vote and move the entry's rating with it in one transaction conditioned on
    what was read (the vote and the totals); None when either changed meanwhile (read again and
    retry). Returns the new (average, count)."""
    vote_model, attr = tables.vote, tables.attribute
    item_id = getattr(entry, tables.key)
    new_sum = int(entry.rating_sum or 0) - (previous or 0) + stars
    new_count = int(entry.rating_count or 0) + (0 if previous is not None else 1)
    actions, condition, average = _totals(tables, entry, new_sum, new_count)
    vote = vote_model(item_id, user_id, stars=stars, updated_at=utcnow())
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.save(
                vote,
                condition=attr(vote_model, "user_id").does_not_exist()
                if previous is None
                else attr(vote_model, "stars") == previous,
            )
            transaction.update(
                tables.entry(item_id),
                actions=actions,
                condition=condition & attr(tables.entry, "listed").exists(),
            )
    except TransactWriteError as error:
        if conditional_failure(error):
            return None
        raise
    return average, new_count


def remove_vote(tables: Tables, entry: Any, vote: Any) -> bool:
    """Delete a vote and take it out of the entry's rating, in one transaction conditioned on what
    was read (as `rate`); False when either changed meanwhile (read again)."""
    vote_model, attr = tables.vote, tables.attribute
    item_id, stars = getattr(entry, tables.key), int(vote.stars)
    new_count = max(int(entry.rating_count or 0) - 1, 0)
    actions, condition, _ = _totals(tables, entry, int(entry.rating_sum or 0) - stars, new_count)
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.delete(
                vote_model(item_id, vote.user_id), condition=attr(vote_model, "stars") == stars
            )
            transaction.update(
                tables.entry(item_id),
                actions=actions,
                condition=condition & attr(tables.entry, tables.key).exists(),
            )
    except TransactWriteError as error:
        if conditional_failure(error):
            return False
        raise
    return True


def delete_votes(tables: Tables, votes: list[Any]) -> None:
    _delete_all(tables.vote, votes)


def votes_by(tables: Tables, user_id: str) -> list[Any]:
    """Every vote of a user, on any item (listed or not): the `by_user` index, keys only."""
    return list(tables.vote.by_user.query(user_id))  # type: ignore[attr-defined]


# -- reports -----------------------------------------------------------------------------------


def add_report(tables: Tables, report: Any) -> bool:
    """Store a report in the open queue; False when this user already reported this item."""
    report.queue = OPEN
    try:
        report.save(condition=tables.attribute(tables.report, "user_id").does_not_exist())
    except PutError as error:
        if conditional_failure(error):
            return False
        raise
    return True


def open_reports(tables: Tables, *, cursor: str | None, limit: int) -> tuple[list[Any], str | None]:
    """Reports awaiting a moderator, newest first."""
    shape = {tables.key: "S", "user_id": "S", "queue": "S", "created_key": "S"}
    start = listing_start(cursor, ("queue", OPEN), shape)
    results = tables.report.open_reports.query(  # type: ignore[attr-defined]
        OPEN, scan_index_forward=False, last_evaluated_key=start, limit=limit, page_size=limit
    )
    return page(results, limit)


def resolve_reports(tables: Tables, item_id: str) -> None:
    """Close every open report of an item (a moderator acted on it)."""
    model, attr = tables.report, tables.attribute
    for report in model.query(item_id, filter_condition=attr(model, "queue").exists()):
        report.update(actions=[attr(model, "queue").remove(), attr(model, "status").set("resolved")])


def reports_by(tables: Tables, user_id: str) -> list[Any]:
    """Every report a user made, on any item: the `by_user` index, keys only."""
    return list(tables.report.by_user.query(user_id))  # type: ignore[attr-defined]


def delete_reports(tables: Tables, reports: list[Any]) -> None:
    _delete_all(tables.report, reports)
