"""The renderer: brings the public files in the site bucket in line with the published posts,
writing only the files whose bytes changed, deleting the ones no longer rendered, and invalidating
exactly those paths in CloudFront."""

from __future__ import annotations

import secrets
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from webox.blog import markup_cache, repository
from webox.blog.config import get_blog_settings
from webox.blog.keys import IMAGES_PREFIX, PREFIX, ROOT_FILES
from webox.blog.models import Comment
from webox.blog.render import Blog
from webox.blog.site import render
from webox.config import get_settings
from webox.logging import get_logger

# One Query per post for its comments: independent round trips, so a few at once (a publish waits on
# them all).
_READERS = ThreadPoolExecutor(max_workers=8, thread_name_prefix="blog-comments")


def _approved_comments(post_id: str) -> list[Comment]:
    return [c for c in repository.comments_of(post_id) if c.status == "approved"]


def current_blog() -> Blog:
    """The published posts (newest first), categories and approved comments, their Markdown rendered
    (only what no earlier sync rendered goes through markdown-it: `markup_cache`)."""
    published = [p for p in repository.all_posts() if p.status == "published"]
    published.sort(key=lambda p: p.published_at or p.updated_at, reverse=True)
    ids = [p.post_id for p in published]
    comments = dict(zip(ids, _READERS.map(_approved_comments, ids), strict=True))
    blog = Blog(
        base_url=get_settings().public_url,
        posts=published,
        categories=repository.categories(),
        comments=comments,
        per_page=get_blog_settings().posts_per_page,
    )
    blog.rendered.update(markup_cache.render(blog.texts()))
    return blog


def public_path(key: str) -> str:
    """The URL path CloudFront serves a key at (`blog/x/index.html` is `/blog/x/`)."""
    return "/" + key.removesuffix("index.html")


def sync() -> list[str]:
    """Render, write what changed, delete what went; returns the invalidated paths."""
    files = render(current_blog())
    existing = repository.published_etags(PREFIX, ROOT_FILES)
    changed = [key for key, f in files.items() if existing.get(key) != repository.md5(f.body)]
    # Library images in posts are the API's copies, not rendered files: never deleted here.
    gone = [key for key in existing if key not in files and not key.startswith(IMAGES_PREFIX)]
    for key in changed:
        item = files[key]
        repository.write_file(key, item.body, item.content_type, item.redirect)
    repository.delete_files(gone)
    paths = sorted({public_path(key) for key in [*changed, *gone]})
    distribution = get_blog_settings().distribution_id
    if paths and distribution:
        repository.invalidate(
            distribution, paths, f"blog-{datetime.now(UTC):%Y%m%dT%H%M%S}-{secrets.token_hex(4)}"
        )
    get_logger().info("blog rendered", extra={"written": len(changed), "deleted": len(gone)})
    return paths
