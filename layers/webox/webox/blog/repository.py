"""Every DynamoDB and S3 call of the blog."""

from __future__ import annotations

import hashlib
from datetime import datetime
from typing import Any

from pynamodb.exceptions import PutError
from pynamodb.expressions.update import Action

from webox import storage
from webox.aws import client
from webox.blog.models import SITE, Ban, Category, Comment, Post, RenderedText, Revision, Slug, Views

SITE_BUCKET = "site"


def _conditional(exc: Exception) -> bool:
    cause = getattr(exc, "cause_response_code", None)
    return cause == "ConditionalCheckFailedException"


# --- posts -------------------------------------------------------------------------------------------


def get_post(post_id: str) -> Post | None:
    try:
        return Post.get(SITE, post_id)
    except Post.DoesNotExist:
        return None


def all_posts() -> list[Post]:
    """Every post, newest first (one partition: a Query)."""
    return list(Post.query(SITE, scan_index_forward=False))


def save_post(post: Post) -> None:
    post.save()


def update_post(post: Post, *actions: Action) -> None:
    post.update(actions=list(actions))


def add_revision(revision: Revision) -> None:
    revision.save(Revision.number.does_not_exist())


def revisions(post_id: str) -> list[Revision]:
    return list(Revision.query(post_id, scan_index_forward=False))


def get_revision(post_id: str, number: int) -> Revision | None:
    try:
        return Revision.get(post_id, number)
    except Revision.DoesNotExist:
        return None


def slug_owner(slug: str) -> str | None:
    try:
        return str(Slug.get(slug).post_id)
    except Slug.DoesNotExist:
        return None


def claim_slug(slug: str, post_id: str) -> bool:
    """Point `slug` at `post_id` unless another post holds it."""
    try:
        Slug(slug, post_id=post_id).save(Slug.slug.does_not_exist() | (Slug.post_id == post_id))
    except PutError as exc:
        if _conditional(exc):
            return False
        raise
    return True


# --- categories --------------------------------------------------------------------------------------


def categories() -> list[Category]:
    return list(Category.query(SITE))


def get_category(slug: str) -> Category | None:
    try:
        return Category.get(SITE, slug)
    except Category.DoesNotExist:
        return None


def save_category(category: Category) -> None:
    category.save()


def delete_category(category: Category) -> None:
    category.delete()


# --- comments ----------------------------------------------------------------------------------------


def add_comment(comment: Comment) -> None:
    comment.save()


def get_comment(post_id: str, comment_id: str) -> Comment | None:
    try:
        return Comment.get(post_id, comment_id)
    except Comment.DoesNotExist:
        return None


def comments_of(post_id: str) -> list[Comment]:
    return list(Comment.query(post_id))


def held_comments() -> list[Comment]:
    return list(Comment.held.query("held"))


def update_comment(comment: Comment, *actions: Action) -> None:
    comment.update(actions=list(actions))


def is_banned(user_id: str) -> bool:
    try:
        Ban.get(user_id)
    except Ban.DoesNotExist:
        return False
    return True


def ban(user_id: str, by: str, at: datetime) -> None:
    Ban(user_id, banned_by=by, created_at=at).save()


# --- views -------------------------------------------------------------------------------------------


def count_view(post_id: str) -> None:
    Views(post_id).update(actions=[Views.total.add(1)])


def views(post_ids: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for item in Views.batch_get(post_ids):
        found[item.post_id] = int(item.total)
    return found


# --- rendered Markdown -------------------------------------------------------------------------------


def rendered_texts(digests: list[str]) -> dict[str, str]:
    """The stored HTML of each of `digests` that has some (BatchGetItem, 100 keys a request)."""
    return {item.digest: item.html for item in RenderedText.batch_get(digests)}


def save_rendered_texts(html: dict[str, str], expires_at: datetime) -> None:
    with RenderedText.batch_write() as batch:
        for digest, fragment in html.items():
            batch.save(RenderedText(digest, html=fragment, expires_at=expires_at))


# --- rendered files ----------------------------------------------------------------------------------


def md5(body: bytes) -> str:
    """The ETag S3 gives a single-part object (SSE-S3 keeps it the MD5 of the body)."""
    return hashlib.md5(body, usedforsecurity=False).hexdigest()


def published_etags(prefix: str, root_keys: tuple[str, ...]) -> dict[str, str]:
    """The ETag of every rendered file: all under `prefix`, and each of `root_keys` that exists.
    Listings only (a root key is listed as a prefix of its own): the renderer's grant lets it list
    those prefixes and nothing else of the bucket."""
    s3, bucket = client("s3"), storage.bucket_name(SITE_BUCKET)
    found: dict[str, str] = {}
    for listed in (prefix, *root_keys):
        for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=listed):
            for obj in page.get("Contents", []):
                if listed == prefix or obj["Key"] == listed:
                    found[obj["Key"]] = str(obj["ETag"]).strip('"')
    return found


def write_file(key: str, body: bytes, content_type: str, redirect: str | None = None) -> None:
    extra: dict[str, Any] = {"CacheControl": "public, max-age=300"}
    if redirect:
        extra["WebsiteRedirectLocation"] = redirect
    storage.put(SITE_BUCKET, key, body, content_type, **extra)


def write_image(key: str, body: bytes, content_type: str) -> None:
    """A public copy of a library image: its key names the item, so its bytes never change."""
    storage.put(SITE_BUCKET, key, body, content_type, CacheControl="public, max-age=31536000, immutable")


def delete_files(keys: list[str]) -> None:
    if keys:
        storage.delete(SITE_BUCKET, keys)


def invalidate(distribution_id: str, paths: list[str], reference: str) -> None:
    client("cloudfront").create_invalidation(
        DistributionId=distribution_id,
        InvalidationBatch={"Paths": {"Quantity": len(paths), "Items": paths}, "CallerReference": reference},
    )
