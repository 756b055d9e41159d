"""Blog errors, each with a stable code."""

from __future__ import annotations

from webox.errors import Conflict, Forbidden, Invalid, NotFound, TooManyRequests


class NotEditor(Forbidden):
    code, title = "blog.not_editor", "Only editors may do this"


class PostNotFound(NotFound):
    code, title = "blog.post_not_found", "No such post"


class CommentNotFound(NotFound):
    code, title = "blog.comment_not_found", "No such comment"


class CategoryNotFound(NotFound):
    code, title = "blog.category_not_found", "No such category"


class RevisionNotFound(NotFound):
    code, title = "blog.revision_not_found", "No such revision"


class SlugTaken(Conflict):
    code, title = "blog.slug_taken", "Another post uses this slug"


class SlugReserved(Invalid):
    code, title = "blog.slug_reserved", "This slug names one of the blog's own pages"


class NotAnImage(Invalid):
    code, title = "blog.not_an_image", "Only an image of the library can go in a post"


class InvalidTransition(Conflict):
    code, title = "blog.invalid_transition", "The post cannot go to this status from its current one"


class NotPublishable(Invalid):
    code, title = "blog.not_publishable", "The post is not ready to publish"


class CategoryCycle(Invalid):
    code, title = "blog.category_cycle", "A category cannot be its own ancestor"


class CommentRefused(Invalid):
    code, title = "blog.comment_refused", "The comment was refused"


class CommentsClosed(Forbidden):
    code, title = "blog.banned", "You may not comment"


class EmailNotVerified(Forbidden):
    code, title = "blog.email_not_verified", "Verify your e-mail address to comment"


class CommentTooSoon(Invalid):
    code, title = "blog.too_soon", "Take a moment to read before commenting"


class CommentRateLimited(TooManyRequests):
    code, title = "blog.rate_limited", "Too many comments, try again later"


class TooManyModels(Invalid):
    code, title = "blog.too_many_models", "Ask at most 4 models at once"
