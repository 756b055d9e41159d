"""The prompt library's tables.

- `prompts`: a user's prompt as it is now (partition: the owner's id), newest edit first through
  a local index.
- `prompt_versions`: every saved version, partition `<user_id>#<prompt_id>`, sort key the number.
- `prompt_shares`: one item per live share link, keyed by the SHA-256 of its token.
- `prompt_market`: the published copy of a prompt, keyed by prompt id, with its counters.
- `prompt_votes`, `prompt_reports`: one item per (prompt, user): the key itself enforces "one vote
  / one report per user".

How the marketplace is listed without a Scan: a listed entry carries `listed = "public"` and
`listed_category = <category>`; unpublishing removes both, so the entry leaves every index (sparse
indexes). There is one global secondary index per sort order (`rating_key`, `uses`,
`published_key`) on the single `listed` partition — the whole marketplace in that order, one Query
per page — and the same three on `listed_category`, so a category page is also one Query, never a
filtered walk through other categories. The text search (folded title and description,
`search_key`) is a filter on those Queries, read on page after page within a bound. One partition
per index is ample for a prompt marketplace (an index partition serves thousands of reads and about
a thousand writes a second); if it ever is not, `listed` becomes `public#0..n` and pages merge the
shards. Indexes project every attribute so a page needs no second read; the price is that counter
updates are copied into the indexes too.
"""

from __future__ import annotations

from pynamodb.attributes import (
    BooleanAttribute,
    JSONAttribute,
    NumberAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex, KeysOnlyProjection, LocalSecondaryIndex
from pynamodb.models import Model

from webox.db import TableMeta, table_name
from webox.marketplace.spec import Tables

LISTED = "public"


class PromptsByUpdate(LocalSecondaryIndex["Prompt"]):
    class Meta:
        index_name = "by_updated"
        projection = AllProjection()

    user_id = UnicodeAttribute(hash_key=True)
    updated_key = UnicodeAttribute(range_key=True)


class Prompt(Model):
    """A user's prompt, as of its latest version."""

    class Meta(TableMeta):
        table_name = table_name("prompts")

    user_id = UnicodeAttribute(hash_key=True)
    prompt_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    body = UnicodeAttribute()
    category = UnicodeAttribute()
    language = UnicodeAttribute(default="fr")
    variables = JSONAttribute(default=list)
    # Folded title and description (lower case, no accents): what the search matches.
    search_key = UnicodeAttribute()
    version = NumberAttribute()
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()
    # "<updated_at ISO>#<prompt_id>": most recently edited first through the local index.
    updated_key = UnicodeAttribute()
    forked_from = UnicodeAttribute(null=True)
    share_hash = UnicodeAttribute(null=True)  # SHA-256 of the live share token
    published = BooleanAttribute(default=False)
    moderated = BooleanAttribute(default=False)
    by_updated = PromptsByUpdate()


class PromptVersion(Model):
    class Meta(TableMeta):
        table_name = table_name("prompt_versions")

    pk = UnicodeAttribute(hash_key=True)  # "<user_id>#<prompt_id>"
    version = NumberAttribute(range_key=True)
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    body = UnicodeAttribute()
    category = UnicodeAttribute()
    language = UnicodeAttribute(default="fr")
    variables = JSONAttribute(default=list)
    created_at = UTCDateTimeAttribute()
    source = UnicodeAttribute()  # create | edit | restore | fork
    restored_from = NumberAttribute(null=True)


class PromptShare(Model):
    class Meta(TableMeta):
        table_name = table_name("prompt_shares")

    token_hash = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute()
    prompt_id = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


class ListedByRating(GlobalSecondaryIndex["MarketPrompt"]):
    class Meta:
        index_name = "by_rating"
        projection = AllProjection()

    listed = UnicodeAttribute(hash_key=True)
    rating_key = UnicodeAttribute(range_key=True)


class ListedByUses(GlobalSecondaryIndex["MarketPrompt"]):
    class Meta:
        index_name = "by_uses"
        projection = AllProjection()

    listed = UnicodeAttribute(hash_key=True)
    uses = NumberAttribute(range_key=True)


class ListedByRecent(GlobalSecondaryIndex["MarketPrompt"]):
    class Meta:
        index_name = "by_recent"
        projection = AllProjection()

    listed = UnicodeAttribute(hash_key=True)
    published_key = UnicodeAttribute(range_key=True)


class CategoryByRating(GlobalSecondaryIndex["MarketPrompt"]):
    class Meta:
        index_name = "category_by_rating"
        projection = AllProjection()

    listed_category = UnicodeAttribute(hash_key=True)
    rating_key = UnicodeAttribute(range_key=True)


class CategoryByUses(GlobalSecondaryIndex["MarketPrompt"]):
    class Meta:
        index_name = "category_by_uses"
        projection = AllProjection()

    listed_category = UnicodeAttribute(hash_key=True)
    uses = NumberAttribute(range_key=True)


class CategoryByRecent(GlobalSecondaryIndex["MarketPrompt"]):
    class Meta:
        index_name = "category_by_recent"
        projection = AllProjection()

    listed_category = UnicodeAttribute(hash_key=True)
    published_key = UnicodeAttribute(range_key=True)


class MarketPrompt(Model):
    """A published prompt: a copy of its owner's latest version and the marketplace's counters."""

    class Meta(TableMeta):
        table_name = table_name("prompt_market")

    prompt_id = UnicodeAttribute(hash_key=True)
    owner_id = UnicodeAttribute()
    author_name = UnicodeAttribute()
    title = UnicodeAttribute()
    description = UnicodeAttribute(default="")
    body = UnicodeAttribute()
    category = UnicodeAttribute()
    language = UnicodeAttribute(default="fr")
    variables = JSONAttribute(default=list)
    search_key = UnicodeAttribute()
    version = NumberAttribute()
    published_at = UTCDateTimeAttribute()
    published_key = UnicodeAttribute()  # published_at ISO: newest first
    listed = UnicodeAttribute(null=True)  # LISTED while published
    listed_category = UnicodeAttribute(null=True)  # the category while published
    rating_sum = NumberAttribute(default=0)
    rating_count = NumberAttribute(default=0)
    rating_avg = NumberAttribute(default=0)
    # "<average × 1000, 4 digits>#<count, 9 digits>": best rated first, more votes first among equals.
    rating_key = UnicodeAttribute()
    uses = NumberAttribute(default=0)
    forks = NumberAttribute(default=0)
    moderated_at = UTCDateTimeAttribute(null=True)
    moderation_reason = UnicodeAttribute(null=True)

    by_rating = ListedByRating()
    by_uses = ListedByUses()
    by_recent = ListedByRecent()
    category_by_rating = CategoryByRating()
    category_by_uses = CategoryByUses()
    category_by_recent = CategoryByRecent()


class VotesByUser(GlobalSecondaryIndex["PromptVote"]):
    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)
    prompt_id = UnicodeAttribute(range_key=True)


class PromptVote(Model):
    """One user's stars for one prompt; a user's votes are found (to delete them with the account)
    through the `by_user` index, listed prompts or not."""

    class Meta(TableMeta):
        table_name = table_name("prompt_votes")

    prompt_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)
    stars = NumberAttribute()
    updated_at = UTCDateTimeAttribute()
    by_user = VotesByUser()


class OpenReports(GlobalSecondaryIndex["PromptReport"]):
    class Meta:
        index_name = "open_reports"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    created_key = UnicodeAttribute(range_key=True)


class ReportsByUser(GlobalSecondaryIndex["PromptReport"]):
    class Meta:
        index_name = "by_user"
        projection = KeysOnlyProjection()

    user_id = UnicodeAttribute(hash_key=True)
    prompt_id = UnicodeAttribute(range_key=True)


class PromptReport(Model):
    class Meta(TableMeta):
        table_name = table_name("prompt_reports")

    prompt_id = UnicodeAttribute(hash_key=True)
    user_id = UnicodeAttribute(range_key=True)  # the reporter
    owner_id = UnicodeAttribute()
    prompt_title = UnicodeAttribute()
    reason = UnicodeAttribute()
    details = UnicodeAttribute(default="")
    status = UnicodeAttribute(default="open")  # open | resolved
    created_at = UTCDateTimeAttribute()
    # "open" while the report awaits an administrator (sparse index: resolved ones leave it).
    queue = UnicodeAttribute(null=True)
    created_key = UnicodeAttribute()  # "<created_at ISO>#<prompt_id>#<user_id>"
    open_reports = OpenReports()
    by_user = ReportsByUser()


# The prompt marketplace's tables, for the shared mechanics (`webox.marketplace`).
TABLES = Tables(
    entry=MarketPrompt,
    vote=PromptVote,
    report=PromptReport,
    owner=Prompt,
    key="prompt_id",
    title="prompt_title",
    counters=("uses", "forks"),
    listing=("listed", "listed_category"),
)
