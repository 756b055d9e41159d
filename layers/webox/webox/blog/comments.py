"""Comments: signed-in readers with a verified e-mail write them (one level of replies), behind a
honeypot, a minimum time on the form, per-user and per-address limits and the moderation verdict;
editors work through the held ones."""

from __future__ import annotations

import time
from datetime import UTC, datetime

from webox.auth import security, throttle
from webox.auth.errors import TooManyAttempts
from webox.auth.models import User
from webox.blog import moderation, repository
from webox.blog.config import get_blog_settings
from webox.blog.errors import (
    CommentNotFound,
    CommentRateLimited,
    CommentRefused,
    CommentsClosed,
    CommentTooSoon,
    EmailNotVerified,
    PostNotFound,
)
from webox.blog.models import Comment, Post, new_id
from webox.blog.posts import load, request_render
from webox.blog.render import post_path
from webox.blog.schemas import (
    BlogCommentIn,
    BlogCommentList,
    BlogCommentOut,
    BlogCommentTicket,
    BlogHeldComment,
    BlogModerationQueue,
)
from webox.logging import get_logger

TICKET_AUDIENCE = "webox-blog-comment"
TICKET_TTL_S = 6 * 3600


def _public(comment: Comment) -> BlogCommentOut:
    return BlogCommentOut(
        id=comment.comment_id,
        post_id=comment.post_id,
        author_name=comment.author_name,
        body=comment.body,
        parent_id=comment.parent_id,
        status=comment.status,  # type: ignore[arg-type]
        created_at=comment.created_at,
    )


def _published(post_id: str) -> Post:
    post = load(post_id)
    if post.status != "published":
        raise PostNotFound()
    return post


def ticket(user: User, post_id: str) -> BlogCommentTicket:
    """A signed note of when `user` opened the comment form of `post_id`."""
    post = _published(post_id)
    claims = {"sub": user.id, "post": post_id, "opened": time.time()}
    return BlogCommentTicket(
        ticket=security.encode_link(claims, audience=TICKET_AUDIENCE, ttl_s=TICKET_TTL_S),
        min_seconds=get_blog_settings().comment_min_s,
        title=post.title,
        url=post_path(post.slug),
    )


def _check_ticket(user: User, post_id: str, raw: str) -> None:
    try:
        claims = security.decode_link(raw, audience=TICKET_AUDIENCE, required=("sub", "post", "opened"))
    except Exception as exc:
        raise CommentRefused("The comment form expired: reload it") from exc
    if claims["sub"] != user.id or claims["post"] != post_id:
        raise CommentRefused("The comment form expired: reload it")
    if time.time() - float(claims["opened"]) < get_blog_settings().comment_min_s:
        raise CommentTooSoon()


def _limits(user: User, ip: str) -> None:
    settings = get_blog_settings()
    try:
        throttle.hit("blog-comment-user", user.id, limit=settings.comments_per_user_per_hour, window_s=3600)
        throttle.hit(
            "blog-comment-ip",
            throttle.address_subject(ip),
            limit=settings.comments_per_ip_per_hour,
            window_s=3600,
        )
    except TooManyAttempts as exc:
        raise CommentRateLimited(retry_after=int(exc.headers.get("Retry-After", "3600"))) from exc


def add_comment(user: User, post_id: str, body: BlogCommentIn, ip: str) -> BlogCommentOut:
    """Store a comment with its moderation verdict; an approved one reaches the static page."""
    _published(post_id)
    if not user.email_verified:
        raise EmailNotVerified()
    if repository.is_banned(user.id):
        raise CommentsClosed()
    _check_ticket(user, post_id, body.ticket)
    if body.website:
        # A bot filled the field people never see: refused, and it learns nothing more.
        get_logger().info("blog comment honeypot")
        raise CommentRefused()
    if body.parent_id:
        parent = repository.get_comment(post_id, body.parent_id)
        if parent is None or parent.status != "approved" or parent.parent_id:
            raise CommentNotFound("Replies go to an approved top-level comment")
    _limits(user, ip)
    verdict = moderation.judge(body.body)
    comment = Comment(
        post_id,
        new_id(),
        author_id=user.id,
        author_name=user.name or "Anonyme",
        body=body.body,
        parent_id=body.parent_id,
        status=verdict.decision,
        score=verdict.score,
        reasons=verdict.reasons,
        queue="held" if verdict.decision == "held" else None,
        created_at=datetime.now(UTC),
    )
    repository.add_comment(comment)
    if comment.status == "approved":
        request_render()
    return _public(comment)


def approved(post_id: str) -> BlogCommentList:
    """The comments readers see."""
    _published(post_id)
    return BlogCommentList(
        items=[_public(c) for c in repository.comments_of(post_id) if c.status == "approved"]
    )


def held() -> BlogModerationQueue:
    """The comments waiting for an editor, oldest first."""
    titles: dict[str, str] = {}
    items = []
    for c in repository.held_comments():
        if c.post_id not in titles:
            post = repository.get_post(c.post_id)
            titles[c.post_id] = post.title if post else ""
        items.append(
            BlogHeldComment(
                **_public(c).model_dump(),
                author_id=c.author_id,
                score=float(c.score),
                reasons=list(c.reasons),
                post_title=titles[c.post_id],
            )
        )
    return BlogModerationQueue(items=items)


def moderate(editor: User, post_id: str, comment_id: str, action: str) -> BlogCommentOut:
    """Approve or reject a comment; `ban` rejects it and bars its author from commenting."""
    comment = repository.get_comment(post_id, comment_id)
    if comment is None:
        raise CommentNotFound()
    status = "approved" if action == "approve" else "rejected"
    was_public = comment.status == "approved"
    repository.update_comment(comment, Comment.status.set(status), Comment.queue.remove())
    if action == "ban":
        repository.ban(comment.author_id, editor.id, datetime.now(UTC))
    if was_public != (status == "approved"):
        request_render()
    return _public(comment)
