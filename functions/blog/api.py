"""The blog over HTTP (`/api/blog`): posts, revisions, publishing, categories, writing help, the SEO
panel, comments and their moderation, view counts. The public pages are static files, not routes."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Request, Response
from webox.auth.dependencies import CurrentUser, client_ip
from webox.blog import comments, posts, stats
from webox.blog.dependencies import EditorUser
from webox.blog.errors import (
    CategoryCycle,
    CategoryNotFound,
    CommentNotFound,
    CommentRateLimited,
    CommentRefused,
    CommentsClosed,
    CommentTooSoon,
    EmailNotVerified,
    InvalidTransition,
    NotAnImage,
    NotEditor,
    NotPublishable,
    PostNotFound,
    RevisionNotFound,
    SlugReserved,
    SlugTaken,
)
from webox.blog.schemas import (
    BlogAssistIn,
    BlogAssistOut,
    BlogCategoryIn,
    BlogCategoryList,
    BlogCategoryOut,
    BlogCommentIn,
    BlogCommentList,
    BlogCommentOut,
    BlogCommentTicket,
    BlogImageIn,
    BlogImageOut,
    BlogModerationIn,
    BlogModerationQueue,
    BlogPostIn,
    BlogPostList,
    BlogPostOut,
    BlogPublishIn,
    BlogRevisionDetail,
    BlogRevisionList,
    BlogSeoIn,
    BlogSeoReport,
    BlogStats,
    BlogStatusIn,
)
from webox.config import get_settings
from webox.http import create_app, error_responses, lambda_handler
from webox.media.errors import MediaNotFound
from webox.providers.errors import UnknownModel

PostId = Annotated[str, Path(pattern=r"^[0-9a-f]{24}$", description="Post id")]
CommentId = Annotated[str, Path(pattern=r"^[0-9a-f]{24}$", description="Comment id")]
CategorySlug = Annotated[str, Path(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=120)]
Number = Annotated[int, Path(ge=1, le=1_000_000)]

blog = APIRouter(prefix="/api/blog", tags=["blog"])
_EDITOR = error_responses(NotEditor)
_POST = error_responses(NotEditor, PostNotFound)
_WRITE = error_responses(NotEditor, PostNotFound, SlugTaken, SlugReserved, CategoryNotFound)


@blog.get("/posts", responses=_EDITOR)
def list_posts(editor: EditorUser) -> BlogPostList:
    """Every post, drafts included, newest first (editors)."""
    return posts.list_posts()


@blog.post("/posts", status_code=201, responses=_WRITE)
def create_post(body: BlogPostIn, editor: EditorUser) -> BlogPostOut:
    """Start a draft (editors)."""
    return posts.create_post(editor, body)


@blog.get("/posts/{post_id}", responses=_POST)
def get_post(post_id: PostId, editor: EditorUser) -> BlogPostOut:
    """A post as the editor sees it."""
    return posts.get_post(post_id)


@blog.put("/posts/{post_id}", responses=_WRITE)
def save_post(post_id: PostId, body: BlogPostIn, editor: EditorUser) -> BlogPostOut:
    """Save (or autosave) a post: a new revision; a published post's pages follow."""
    return posts.save_post(editor, post_id, body)


@blog.post("/posts/{post_id}/publish", responses=error_responses(NotEditor, PostNotFound, NotPublishable))
def publish_post(post_id: PostId, body: BlogPublishIn, editor: EditorUser) -> BlogPostOut:
    """Publish now, or at a date (Paris time) through the task engine."""
    return posts.publish(editor, post_id, body)


@blog.post("/posts/{post_id}/status", responses=error_responses(NotEditor, PostNotFound, InvalidTransition))
def set_status(post_id: PostId, body: BlogStatusIn, editor: EditorUser) -> BlogPostOut:
    """Back to draft or archived: its public pages go away."""
    return posts.set_status(post_id, body.status)


@blog.get("/posts/{post_id}/revisions", responses=_POST)
def list_revisions(post_id: PostId, editor: EditorUser) -> BlogRevisionList:
    """Every save of a post, newest first."""
    return posts.revisions(post_id)


@blog.get(
    "/posts/{post_id}/revisions/{number}",
    responses=error_responses(NotEditor, PostNotFound, RevisionNotFound),
)
def get_revision(post_id: PostId, number: Number, editor: EditorUser) -> BlogRevisionDetail:
    """A revision and its diff to the current post."""
    return posts.revision(post_id, number)


@blog.post(
    "/posts/{post_id}/revisions/{number}/restore",
    responses=error_responses(NotEditor, PostNotFound, RevisionNotFound, SlugTaken, SlugReserved),
)
def restore_revision(post_id: PostId, number: Number, editor: EditorUser) -> BlogPostOut:
    """Bring a revision back (as a new revision)."""
    return posts.restore(editor, post_id, number)


@blog.get("/categories")
def list_categories() -> BlogCategoryList:
    """The category tree, as a flat list with parents."""
    return posts.list_categories()


@blog.put("/categories/{slug}", responses=error_responses(NotEditor, CategoryNotFound, CategoryCycle))
def save_category(slug: CategorySlug, body: BlogCategoryIn, editor: EditorUser) -> BlogCategoryOut:
    """Create, rename or move a category (editors)."""
    return posts.save_category(body.model_copy(update={"slug": slug}))


@blog.delete("/categories/{slug}", status_code=204, responses=error_responses(NotEditor, CategoryNotFound))
def delete_category(slug: CategorySlug, editor: EditorUser) -> Response:
    """Remove a category (its posts keep their text, their pages lose the category)."""
    posts.delete_category(slug)
    return Response(status_code=204)


@blog.post("/images", status_code=201, responses=error_responses(NotEditor, MediaNotFound, NotAnImage))
def publish_image(body: BlogImageIn, editor: EditorUser) -> BlogImageOut:
    """Make one of the editor's library images public, for a post's body or cover (editors)."""
    # imported here (as writing help below): the media library is this route's alone
    from webox.blog import images

    return images.publish_image(editor, body)


@blog.post("/seo", responses=_EDITOR)
def check_seo(body: BlogSeoIn, editor: EditorUser) -> BlogSeoReport:
    """The SEO panel: lengths, one H1, heading order, alt texts, internal links, reading time."""
    return posts.seo(body, get_settings().public_url)


@blog.post("/assist", responses=error_responses(NotEditor, UnknownModel))
async def writing_help(body: BlogAssistIn, editor: EditorUser) -> BlogAssistOut:
    """Suggestions from up to four models side by side."""
    # imported here: the providers' registry and clients are writing help's alone
    from webox.blog import assist

    return await assist.suggest(editor, body)


@blog.get("/posts/{post_id}/comment-ticket", responses=error_responses(PostNotFound))
def comment_ticket(post_id: PostId, user: CurrentUser) -> BlogCommentTicket:
    """Open the comment form of a published post (its time on the page counts from now)."""
    return comments.ticket(user, post_id)


@blog.post(
    "/posts/{post_id}/comments",
    status_code=201,
    responses=error_responses(
        PostNotFound,
        CommentNotFound,
        CommentRefused,
        CommentTooSoon,
        CommentsClosed,
        EmailNotVerified,
        CommentRateLimited(retry_after=60),
    ),
)
def add_comment(post_id: PostId, body: BlogCommentIn, user: CurrentUser, request: Request) -> BlogCommentOut:
    """Comment on a published post; the moderation decides whether it shows, waits or is refused."""
    return comments.add_comment(user, post_id, body, client_ip(request))


@blog.get("/posts/{post_id}/comments", responses=error_responses(PostNotFound))
def list_comments(post_id: PostId) -> BlogCommentList:
    """A published post's approved comments."""
    return comments.approved(post_id)


@blog.get("/comments/held", responses=_EDITOR)
def held_comments(editor: EditorUser) -> BlogModerationQueue:
    """The moderation queue (editors)."""
    return comments.held()


@blog.post(
    "/posts/{post_id}/comments/{comment_id}/moderation",
    responses=error_responses(NotEditor, CommentNotFound),
)
def moderate_comment(
    post_id: PostId, comment_id: CommentId, body: BlogModerationIn, editor: EditorUser
) -> BlogCommentOut:
    """Approve, reject, or reject and ban the author (editors)."""
    return comments.moderate(editor, post_id, comment_id, body.action)


@blog.post("/posts/{post_id}/views", status_code=204)
def count_view(post_id: PostId) -> Response:
    """One more view (no cookie read, nothing about the reader kept)."""
    stats.count_view(post_id)
    return Response(status_code=204, headers={"Cache-Control": "no-store"})


@blog.get("/stats", responses=_EDITOR)
def get_stats(editor: EditorUser) -> BlogStats:
    """Views per post (editors)."""
    return stats.views()


app = create_app(blog, title="Blog", description="WeBox's blog: posts, publishing, comments and moderation.")
handler = lambda_handler(app)
