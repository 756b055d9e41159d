"""Blog draft output: an Output node whose destination is the blog saves its result as a draft
(`webox.blog`: a title and a Markdown body) for an owner who may write on the blog (editor or
administrator); the node's output is the draft's id and its editor link."""

from __future__ import annotations

import hashlib
import secrets

from webox.tasks.errors import StepFailed
from webox.tasks.kinds import StepContext, StepResult

NOT_EDITOR = "blog.not_editor"


def may_write(user_id: str) -> bool:
    """Whether the user may write on the blog (the blog's editor roles)."""
    from webox.auth import repository as users
    from webox.blog.dependencies import EDITOR_ROLES

    user = users.get_user(user_id)
    return user is not None and user.role in EDITOR_ROLES


def save_draft(ctx: StepContext, title: str, body: str, lang: str) -> StepResult:
    """The text as a blog draft by the run's owner, created once for each title and text."""
    from webox.auth import repository as users
    from webox.blog import posts
    from webox.blog.render import slugify
    from webox.blog.schemas import BlogPostIn
    from webox.errors import WeboxError

    title = " ".join(title.split())[:200]
    if not title:
        raise StepFailed("workflows.blog_title_empty", "The blog draft needs a title")
    user = users.get_user(ctx.user_id)
    if user is None or not may_write(ctx.user_id):
        raise StepFailed(NOT_EDITOR, "Only editors may write blog drafts")
    post_in = BlogPostIn(
        title=title,
        # A run may write the same title again: each draft gets its own address.
        slug=f"{slugify(title)[:100].strip('-') or 'post'}-{secrets.token_hex(3)}",
        body=body[:100_000],
        language="en" if lang == "en" else "fr",
    )

    def create() -> str:
        try:
            return posts.create_post(user, post_in).id
        except WeboxError as exc:
            raise StepFailed(exc.code, exc.message) from exc

    # Once per content: a replay after a crash finds its draft; a re-run with another result makes a new one.
    digest = hashlib.sha256(f"{title}\n{body}".encode()).hexdigest()[:16]
    post_id = str(ctx.once(f"blog-draft-{digest}", create))
    return StepResult(
        output={"text": body, "format": "markdown", "post_id": post_id, "link": f"/studio/blog/{post_id}"}
    )
