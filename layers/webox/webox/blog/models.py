"""Blog tables. Posts, categories and the moderation queue share one constant partition (`SITE`):
a blog holds hundreds of posts, far below one partition's limits, and listing them is a Query."""

from __future__ import annotations

import secrets
import time

from pynamodb.attributes import (
    JSONAttribute,
    ListAttribute,
    NumberAttribute,
    TTLAttribute,
    UnicodeAttribute,
    UTCDateTimeAttribute,
)
from pynamodb.indexes import AllProjection, GlobalSecondaryIndex
from pynamodb.models import Model

from webox.db import TableMeta, table_name

SITE = "blog"


def new_id() -> str:
    """24 hex characters: milliseconds since the epoch, then 48 random bits (sorts by creation)."""
    return f"{int(time.time() * 1000):012x}{secrets.token_hex(6)}"


class Post(Model):
    """One post, in its current state (each save also writes a `Revision`)."""

    class Meta(TableMeta):
        table_name = table_name("blog_posts")

    site = UnicodeAttribute(hash_key=True)
    post_id = UnicodeAttribute(range_key=True)
    title = UnicodeAttribute()
    slug = UnicodeAttribute()
    # Slugs it had before: each keeps redirecting (301) to the current one.
    former_slugs: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    excerpt = UnicodeAttribute(default="")
    meta_description = UnicodeAttribute(default="")
    body = UnicodeAttribute(default="")
    cover_url = UnicodeAttribute(null=True)
    cover_alt = UnicodeAttribute(null=True)
    cover_width = NumberAttribute(null=True)
    cover_height = NumberAttribute(null=True)
    category = UnicodeAttribute(null=True)  # a category's slug
    tags: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    language = UnicodeAttribute(default="fr")
    translation_of = UnicodeAttribute(null=True)  # the post id of its translation
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute()
    status = UnicodeAttribute(default="draft")  # draft | scheduled | published | archived
    publish_at = UTCDateTimeAttribute(null=True)
    schedule_task_id = UnicodeAttribute(null=True)
    published_at = UTCDateTimeAttribute(null=True)
    revision = NumberAttribute(default=0)
    created_at = UTCDateTimeAttribute()
    updated_at = UTCDateTimeAttribute()


class Revision(Model):
    """A post as one save left it: restorable, comparable."""

    class Meta(TableMeta):
        table_name = table_name("blog_revisions")

    post_id = UnicodeAttribute(hash_key=True)
    number = NumberAttribute(range_key=True)
    author_id = UnicodeAttribute()  # who saved it (any editor may edit any post)
    author_name = UnicodeAttribute(default="")
    snapshot = JSONAttribute()  # type: ignore[no-untyped-call]
    created_at = UTCDateTimeAttribute()


class Slug(Model):
    """Which post a slug names; a former slug keeps pointing at its post (a 301 to the current one)."""

    class Meta(TableMeta):
        table_name = table_name("blog_slugs")

    slug = UnicodeAttribute(hash_key=True)
    post_id = UnicodeAttribute()


class Category(Model):
    """A node of the category tree (`parent`: another category's slug)."""

    class Meta(TableMeta):
        table_name = table_name("blog_categories")

    site = UnicodeAttribute(hash_key=True)
    slug = UnicodeAttribute(range_key=True)
    name = UnicodeAttribute()
    parent = UnicodeAttribute(null=True)


class HeldComments(GlobalSecondaryIndex["Comment"]):
    """The moderation queue: only held comments carry `queue` (a sparse index)."""

    class Meta:
        index_name = "held"
        projection = AllProjection()

    queue = UnicodeAttribute(hash_key=True)
    comment_id = UnicodeAttribute(range_key=True)


class Comment(Model):
    """A reader's comment on a post (`parent_id`: the comment it answers, one level deep)."""

    class Meta(TableMeta):
        table_name = table_name("blog_comments")

    post_id = UnicodeAttribute(hash_key=True)
    comment_id = UnicodeAttribute(range_key=True)
    author_id = UnicodeAttribute()
    author_name = UnicodeAttribute()
    body = UnicodeAttribute()
    parent_id = UnicodeAttribute(null=True)
    status = UnicodeAttribute()  # approved | held | rejected
    score = NumberAttribute(default=0)
    reasons: ListAttribute[str] = ListAttribute(of=UnicodeAttribute, default=list)  # type: ignore[arg-type]
    queue = UnicodeAttribute(null=True)
    created_at = UTCDateTimeAttribute()

    held = HeldComments()


class Ban(Model):
    """A user editors banned from commenting."""

    class Meta(TableMeta):
        table_name = table_name("blog_bans")

    user_id = UnicodeAttribute(hash_key=True)
    banned_by = UnicodeAttribute()
    created_at = UTCDateTimeAttribute()


class Views(Model):
    """A post's view counter: a number, nothing about who viewed."""

    class Meta(TableMeta):
        table_name = table_name("blog_views")

    post_id = UnicodeAttribute(hash_key=True)
    total = NumberAttribute(default=0)


class RenderedText(Model):
    """A post's body or a comment as safe HTML, by a hash of its Markdown and of the code that renders
    it (`markup_cache`): what one sync rendered, every later one reuses, on whichever instance. Only
    the renderer's grant reaches the table: its HTML goes into pages as stored."""

    class Meta(TableMeta):
        table_name = table_name("blog_rendered")

    digest = UnicodeAttribute(hash_key=True)
    html = UnicodeAttribute()
    # Texts no longer published go; one still in use is rendered again once, at its next sync.
    expires_at = TTLAttribute()
