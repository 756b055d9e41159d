"""The blog feature: its API, the renderer (the `blog` queue's worker, the only writer of the public
files in the `site` bucket) and its tables."""

from __future__ import annotations

from webox.auth.feature import AUTH_READ_ONLY, AUTH_SECRETS, AUTH_TABLES, LINK_SECRETS, VIEWER_SECRETS
from webox.blog.jobs import MAX_RECEIVES, QUEUE
from webox.blog.keys import IMAGE_KEYS, RENDERED_KEYS
from webox.platform import Feature, Function, Queue
from webox.tasks.jobs import QUEUE as TASKS_QUEUE

BLOG_TABLES = (
    "blog_posts",
    "blog_revisions",
    "blog_slugs",
    "blog_categories",
    "blog_comments",
    "blog_bans",
    "blog_views",
)
SITE_BUCKET = "site"

FEATURE = Feature(
    name="blog",
    functions=(
        Function(
            feature="blog",
            read_only=AUTH_READ_ONLY,
            http_prefixes=("/api/blog",),
            # `rate_limits`: comment limits; `tasks`: a scheduled publication is a task of the editor's;
            # `provider_keys` + KMS: writing help may use the editor's own keys.
            tables=(
                *AUTH_TABLES,
                *BLOG_TABLES,
                "rate_limits",
                "tasks",
                "task_steps",
                "provider_keys",
                # Library images an editor puts in a post (their own, read to copy them).
                "media_items",
            ),
            # `tasks` (bucket and queue): a scheduled publication is a task the engine runs; `media`
            # and `site`: a library image copied to its public place (`blog/images/` only).
            buckets=("tasks", "media", SITE_BUCKET),
            bucket_keys={SITE_BUCKET: IMAGE_KEYS},
            sends_to=(QUEUE, TASKS_QUEUE),
            secrets=(*AUTH_SECRETS, *LINK_SECRETS, *VIEWER_SECRETS, "provider-keys"),  # comment tickets
            # `models`: the vendors' SDKs (writing help, the moderation model); `export`: markdown-it.
            extras=("models", "export"),
            kms=True,
            events=True,  # `post.published` on the platform's bus
        ),
        Function(
            feature="blog",
            module="worker",
            queue=QUEUE,
            # Renders collapse: one render serves every message of a batch.
            batch_size=10,
            # `blog_rendered`: the Markdown earlier syncs rendered (`markup_cache`).
            tables=("blog_posts", "blog_categories", "blog_comments", "blog_rendered"),
            buckets=(SITE_BUCKET,),
            # Its own files only: `blog/…`, the sitemap and robots.txt (the bucket's other keys are
            # not the renderer's to touch).
            bucket_keys={SITE_BUCKET: RENDERED_KEYS},
            # Publishing a scheduled post shares the code that asks for a render (the worker renders
            # at the end of its batch instead).
            sends_to=(QUEUE,),
            extras=("export",),
            events=True,  # a scheduled post's `post.published`
            timeout_s=120,
            memory_mb=1024,
        ),
    ),
    models=("webox.blog.models",),
    buckets=(SITE_BUCKET,),
    queues=(Queue(QUEUE, visibility_timeout_s=720, max_receives=MAX_RECEIVES),),
)
