"""Blog settings read from the environment (`WEBOX_BLOG_*`)."""

from __future__ import annotations

from functools import cache

from webox.env_settings import EnvSettings


class BlogSettings(EnvSettings):
    env_prefix = "WEBOX_BLOG_"

    # CloudFront distribution to invalidate after rendering; empty locally (the host reads the bucket).
    distribution_id: str = ""
    # Seconds a reader must spend on the comment form before sending (bots post at once).
    comment_min_s: float = 3.0
    comments_per_user_per_hour: int = 10
    comments_per_ip_per_hour: int = 30
    posts_per_page: int = 10
    moderation_model: str = "omni-moderation-latest"
    # Scores (0–1) from which a comment is held for review, and from which it is rejected.
    hold_from: float = 0.4
    reject_from: float = 0.8


@cache
def get_blog_settings() -> BlogSettings:
    """The settings, read once per cold start."""
    return BlogSettings.from_env()
