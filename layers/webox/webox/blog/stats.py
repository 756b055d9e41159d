"""View counts: a number per post, incremented by the page's beacon; nothing about the reader."""

from __future__ import annotations

from webox.blog import repository
from webox.blog.errors import PostNotFound
from webox.blog.schemas import BlogPostViews, BlogStats


def count_view(post_id: str) -> None:
    """One more view of a published post."""
    post = repository.get_post(post_id)
    if post is None or post.status != "published":
        raise PostNotFound()
    repository.count_view(post_id)


def views(limit: int = 500) -> BlogStats:
    """Views of every post, most viewed first."""
    all_posts = repository.all_posts()[:limit]
    counts: dict[str, int] = {}
    for start in range(0, len(all_posts), 100):
        counts |= repository.views([p.post_id for p in all_posts[start : start + 100]])
    items = [BlogPostViews(id=p.post_id, title=p.title, views=counts.get(p.post_id, 0)) for p in all_posts]
    return BlogStats(items=sorted(items, key=lambda item: -item.views))
