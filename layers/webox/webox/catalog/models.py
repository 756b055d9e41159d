"""The catalogue's tables: administrators' edits, ratings, reviews and favourites.

The tools themselves are data (`tools.json`, shipped with the code); DynamoDB only holds what
administrators changed. Whole-catalogue reads (edits, ratings) are one Query on a fixed partition,
never a Scan: the catalogue is a few hundred items at most, far below one partition's limits.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    ListAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, LocalSecondaryIndex
from pynamodb.models import Model

from webox.db import TableMeta, table_name

# The one partition every edit and every rating aggregate lives in (read whole with one Query).
CATALOGUE = "catalogue"


class ToolEdit(Model):
    """An administrator's edit of one tool. Fields left null come from the data file; a tool that is
    only here was added by an administrator; `deleted` hides a tool of the data file."""

    class Meta(TableMeta):
        table_name = table_name("catalog_tools")

    catalogue = UnicodeAttribute(hash_key=True, default=CATALOGUE)
    tool_id = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute(null=True)
    vendor = UnicodeAttribute(null=True)
    category = UnicodeAttribute(null=True)
    description = UnicodeAttribute(null=True)
    url = UnicodeAttribute(null=True)
    pricing = UnicodeAttribute(null=True)
    tags = ListAttribute(of=UnicodeAttribute, null=True)
    deleted = BooleanAttribute(default=False)
    updated_at = UTCDateTimeAttribute()
    updated_by = UnicodeAttribute()


class Rating(Model):
    """A tool's rating aggregate, kept by atomic ADDs in the same transaction as each review change.
    Integers only: the average is `stars_sum / review_count`, computed when read."""

    class Meta(TableMeta):
        table_name = table_name("catalog_ratings")

    catalogue = UnicodeAttribute(hash_key=True, default=CATALOGUE)
    tool_id = UnicodeAttribute(range_key=True)
    stars_sum = NumberAttribute(default=0)
    review_count = NumberAttribute(default=0)


class ReviewsByUpdate(LocalSecondaryIndex["Review"]):
    class Meta:
        index_name = "by_updated"
        projection = AllProjection()

    tool_id = UnicodeAttribute(hash_key=True)
    updated_key = UnicodeAttribute(range_key=True)


class Review(Model):
    """One user's review of one tool: the key makes it one per user per tool."""

    class Meta(TableMeta):
        table_name = table_name("catalog_reviews")

    tool_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)
    stars = NumberAttribute()
    text = UnicodeAttribute(null=True)
    # Shown with the review; copied at writing time so a listing needs no read of the users table.
    author_name = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    # "<updated_at ISO>#<user_id>": newest-first listing through the local index.
    updated_key = UnicodeAttribute()
    by_updated = ReviewsByUpdate()


class Favorite(Model):
    class Meta(TableMeta):
        table_name = table_name("catalog_favorites")

    user_id = UnicodeAttribute(hash_key=True)
    tool_id = UnicodeAttribute(range_key=True)
    created_at = UTCDateTimeAttribute()
