"""Every DynamoDB call of the catalogue."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pynamodb.exceptions import DoesNotExist, PutError, TransactWriteError, UpdateError
from pynamodb.transactions import TransactWrite

from webox.catalog.models import CATALOGUE, Favorite, Rating, Review, ToolEdit
from webox.db import decode_cursor, page, transaction_connection


def _conditional_failure(exc: PutError | UpdateError | TransactWriteError) -> bool:
    if isinstance(exc, TransactWriteError):
        return any(
            reason is not None and reason.code == "ConditionalCheckFailed"
            for reason in exc.cancellation_reasons
        )
    return exc.cause_response_code == "ConditionalCheckFailedException"


# -- administrators' edits ---------------------------------------------------------------------


def edits() -> list[ToolEdit]:
    """Every edit (one Query of the catalogue partition)."""
    return list(ToolEdit.query(CATALOGUE, consistent_read=True))


def get_edit(tool_id: str) -> ToolEdit | None:
    try:
        return ToolEdit.get(CATALOGUE, tool_id, consistent_read=True)
    except DoesNotExist:
        return None


def create_edit(edit: ToolEdit, *, builtin: bool) -> bool:
    """Store an added tool; False when the id is taken (an edit that is not a deletion exists, or
    the id is a data-file tool that was not deleted)."""
    condition = ToolEdit.deleted == True  # noqa: E712 - a pynamodb condition, not a comparison
    if not builtin:
        condition = ToolEdit.tool_id.does_not_exist() | condition
    try:
        edit.save(condition=condition)
    except PutError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def update_edit(tool_id: str, fields: dict[str, Any], *, builtin: bool, when: datetime, by: str) -> bool:
    """Set the given fields on a tool's edit (creating it for a data-file tool); False when the
    tool was deleted meanwhile (a deleted tool stays deleted)."""
    not_deleted = ToolEdit.deleted.does_not_exist() | (ToolEdit.deleted == False)  # noqa: E712
    condition = not_deleted if builtin else ToolEdit.tool_id.exists() & not_deleted
    actions = [getattr(ToolEdit, name).set(value) for name, value in fields.items()]
    try:
        ToolEdit(CATALOGUE, tool_id).update(
            actions=[*actions, ToolEdit.updated_at.set(when), ToolEdit.updated_by.set(by)],
            condition=condition,
        )
    except UpdateError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def mark_deleted(tool_id: str, *, when: datetime, by: str) -> None:
    """Hide a data-file tool (a tombstone: the file keeps shipping it)."""
    ToolEdit(CATALOGUE, tool_id, deleted=True, updated_at=when, updated_by=by).save()


def delete_edit(tool_id: str) -> None:
    ToolEdit(CATALOGUE, tool_id).delete()


# -- ratings and reviews -----------------------------------------------------------------------


def ratings() -> dict[str, Rating]:
    """Every tool's rating aggregate (one Query)."""
    return {rating.tool_id: rating for rating in Rating.query(CATALOGUE)}


def get_rating(tool_id: str) -> Rating | None:
    try:
        return Rating.get(CATALOGUE, tool_id, consistent_read=True)
    except DoesNotExist:
        return None


def get_review(tool_id: str, user_id: str) -> Review | None:
    try:
        return Review.get(tool_id, user_id, consistent_read=True)
    except DoesNotExist:
        return None


def save_review(review: Review, previous_stars: int | None) -> bool:
    """Write a review and move the tool's aggregate by the difference, in one transaction.
    False when the review changed since it was read (the caller reads again and retries)."""
    rating = Rating(CATALOGUE, review.tool_id)
    stars = int(review.stars)
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            if previous_stars is None:
                transaction.save(review, condition=Review.user_id.does_not_exist())
                transaction.update(rating, actions=[Rating.stars_sum.add(stars), Rating.review_count.add(1)])
            else:
                transaction.save(review, condition=Review.stars == previous_stars)
                transaction.update(rating, actions=[Rating.stars_sum.add(stars - previous_stars)])
    except TransactWriteError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def delete_review(review: Review) -> bool:
    """Delete a review and take it out of the aggregate, in one transaction (False: it changed)."""
    rating = Rating(CATALOGUE, review.tool_id)
    try:
        with TransactWrite(connection=transaction_connection()) as transaction:
            transaction.delete(review, condition=Review.stars == int(review.stars))
            transaction.update(
                rating, actions=[Rating.stars_sum.add(-int(review.stars)), Rating.review_count.add(-1)]
            )
    except TransactWriteError as exc:
        if _conditional_failure(exc):
            return False
        raise
    return True


def reviews_by(user_id: str, tool_ids: list[str]) -> list[Review]:
    """The user's reviews among these tools: BatchGet by key (pynamodb sends 100 keys a request)."""
    return list(Review.batch_get([(tool_id, user_id) for tool_id in tool_ids]))


def list_reviews(tool_id: str, *, cursor: str | None, limit: int) -> tuple[list[Review], str | None]:
    """A tool's reviews, most recently written first."""
    start = decode_cursor(cursor, owner_key=("tool_id", tool_id))
    results = Review.by_updated.query(
        tool_id, scan_index_forward=False, last_evaluated_key=start, limit=limit, page_size=limit
    )
    return page(results, limit)


# -- favourites --------------------------------------------------------------------------------


def add_favorite(user_id: str, tool_id: str, when: datetime) -> None:
    Favorite(user_id, tool_id, created_at=when).save()


def remove_favorite(user_id: str, tool_id: str) -> None:
    Favorite(user_id, tool_id).delete()


def favorites(user_id: str) -> list[Favorite]:
    return list(Favorite.query(user_id))
