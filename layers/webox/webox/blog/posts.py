"""Writing posts: create, save (each save a revision), slugs that stay stable, categories, statuses
and publishing now or at a Paris date through the task engine."""

from __future__ import annotations

import difflib
import itertools
import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from webox import events, queue
from webox.auth.models import User
from webox.blog import markup, repository
from webox.blog.errors import (
    CategoryCycle,
    CategoryNotFound,
    InvalidTransition,
    NotPublishable,
    PostNotFound,
    RevisionNotFound,
    SlugReserved,
    SlugTaken,
)
from webox.blog.jobs import QUEUE, BlogJob
from webox.blog.models import SITE, Category, Post, Revision, new_id
from webox.blog.render import RESERVED_SLUGS, post_path, slugify
from webox.blog.schemas import (
    BlogCategoryIn,
    BlogCategoryList,
    BlogCategoryOut,
    BlogPostIn,
    BlogPostList,
    BlogPostOut,
    BlogPostSummary,
    BlogPublishIn,
    BlogRevisionDetail,
    BlogRevisionList,
    BlogRevisionSummary,
    BlogSeoCheck,
    BlogSeoIn,
    BlogSeoReport,
)

PARIS = ZoneInfo("Europe/Paris")
# Fields a revision keeps and a restore puts back.
CONTENT_FIELDS = (
    "title",
    "slug",
    "excerpt",
    "meta_description",
    "body",
    "cover_url",
    "cover_alt",
    "cover_width",
    "cover_height",
    "category",
    "tags",
    "language",
    "translation_of",
)


def post_out(post: Post) -> BlogPostOut:
    return BlogPostOut(
        id=post.post_id,
        title=post.title,
        slug=post.slug,
        excerpt=post.excerpt,
        meta_description=post.meta_description,
        body=post.body,
        cover_url=post.cover_url,
        cover_alt=post.cover_alt,
        cover_width=int(post.cover_width) if post.cover_width else None,
        cover_height=int(post.cover_height) if post.cover_height else None,
        category=post.category,
        tags=list(post.tags),
        language=post.language,  # type: ignore[arg-type]
        translation_of=post.translation_of,
        author_id=post.author_id,
        author_name=post.author_name,
        status=post.status,  # type: ignore[arg-type]
        publish_at=post.publish_at,
        published_at=post.published_at,
        revision=int(post.revision),
        url=post_path(post.slug),
        created_at=post.created_at,
        updated_at=post.updated_at,
    )


def _summary(post: Post) -> BlogPostSummary:
    return BlogPostSummary(
        id=post.post_id,
        title=post.title,
        slug=post.slug,
        status=post.status,  # type: ignore[arg-type]
        language=post.language,  # type: ignore[arg-type]
        author_name=post.author_name,
        publish_at=post.publish_at,
        published_at=post.published_at,
        updated_at=post.updated_at,
        url=post_path(post.slug),
    )


def load(post_id: str) -> Post:
    post = repository.get_post(post_id)
    if post is None:
        raise PostNotFound()
    return post


def list_posts() -> BlogPostList:
    """Every post, newest first."""
    return BlogPostList(items=[_summary(p) for p in repository.all_posts()])


def get_post(post_id: str) -> BlogPostOut:
    return post_out(load(post_id))


def by_slug(slug: str) -> tuple[Post, bool]:
    """The post a slug names, and whether the slug is a former one (to redirect)."""
    post_id = repository.slug_owner(slug)
    post = repository.get_post(post_id) if post_id else None
    if post is None:
        raise PostNotFound()
    return post, post.slug != slug


def _snapshot(post: Post) -> dict[str, Any]:
    return {name: getattr(post, name) for name in CONTENT_FIELDS} | {"tags": list(post.tags)}


def _apply(post: Post, body: BlogPostIn, slug: str) -> None:
    for name in CONTENT_FIELDS:
        setattr(post, name, getattr(body, name))
    post.slug = slug
    post.tags = list(dict.fromkeys(body.tags))


def _check_refs(body: BlogPostIn, post_id: str) -> None:
    if body.category and repository.get_category(body.category) is None:
        raise CategoryNotFound()
    if body.translation_of and (
        body.translation_of == post_id or repository.get_post(body.translation_of) is None
    ):
        raise PostNotFound("The translation names no other post")


def _claim(slug: str, post_id: str) -> None:
    if slug in RESERVED_SLUGS:
        raise SlugReserved()
    if not repository.claim_slug(slug, post_id):
        raise SlugTaken()


def display_name(user: User) -> str:
    """How the blog names a user: their name, else their e-mail's local part."""
    return user.name or user.email.split("@")[0]


def _record(post: Post, editor: User) -> None:
    repository.add_revision(
        Revision(
            post.post_id,
            int(post.revision),
            author_id=editor.id,
            author_name=display_name(editor),
            snapshot=_snapshot(post),
            created_at=post.updated_at,
        )
    )


def create_post(editor: User, body: BlogPostIn) -> BlogPostOut:
    """A new draft by `editor` (revision 1)."""
    post_id = new_id()
    _check_refs(body, post_id)
    slug = body.slug or slugify(body.title)
    _claim(slug, post_id)
    now = datetime.now(UTC)
    post = Post(
        SITE,
        post_id,
        author_id=editor.id,
        author_name=display_name(editor),
        status="draft",
        revision=1,
        created_at=now,
        updated_at=now,
        title=body.title,
        slug=slug,
    )
    _apply(post, body, slug)
    repository.save_post(post)
    _record(post, editor)
    return post_out(post)


def save_post(editor: User, post_id: str, body: BlogPostIn) -> BlogPostOut:
    """Save a post (autosave too): a new revision; a changed slug keeps the old one as a redirect; a
    published post's pages are rendered again."""
    post = load(post_id)
    _check_refs(body, post_id)
    slug = body.slug or post.slug
    if slug != post.slug:
        _claim(slug, post_id)
        post.former_slugs = [s for s in [*post.former_slugs, post.slug] if s != slug]
    if _snapshot(post) == {**_snapshot(post), **body.model_dump(include=set(CONTENT_FIELDS)), "slug": slug}:
        return post_out(post)  # nothing changed: no revision
    _apply(post, body, slug)
    post.revision = int(post.revision) + 1
    post.updated_at = datetime.now(UTC)
    repository.save_post(post)
    _record(post, editor)
    if post.status == "published":
        request_render()
    return post_out(post)


def revisions(post_id: str) -> BlogRevisionList:
    load(post_id)
    return BlogRevisionList(
        items=[
            BlogRevisionSummary(
                number=int(r.number),
                author_id=r.author_id,
                author_name=r.author_name or "",
                title=str(r.snapshot.get("title", "")),
                created_at=r.created_at,
            )
            for r in repository.revisions(post_id)
        ]
    )


def revision(post_id: str, number: int) -> BlogRevisionDetail:
    """A revision and its diff to the current post."""
    post = load(post_id)
    item = repository.get_revision(post_id, number)
    if item is None:
        raise RevisionNotFound()
    old, new = _lines(item.snapshot), _lines(_snapshot(post))
    diff = "\n".join(difflib.unified_diff(old, new, f"r{number}", f"r{int(post.revision)}", lineterm=""))
    return BlogRevisionDetail(
        number=int(item.number),
        author_id=item.author_id,
        author_name=item.author_name or "",
        title=str(item.snapshot.get("title", "")),
        created_at=item.created_at,
        snapshot=item.snapshot,
        diff=diff,
    )


def _lines(snapshot: dict[str, Any]) -> list[str]:
    head = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in snapshot.items() if k != "body"]
    return [*head, "", *str(snapshot.get("body") or "").splitlines()]


def restore(editor: User, post_id: str, number: int) -> BlogPostOut:
    """Save the content of revision `number` as a new revision."""
    item = repository.get_revision(post_id, number)
    if item is None:
        raise RevisionNotFound()
    fields = {k: v for k, v in item.snapshot.items() if k in CONTENT_FIELDS}
    return save_post(editor, post_id, BlogPostIn.model_validate(fields))


# --- status ------------------------------------------------------------------------------------------


def _publishable(post: Post) -> None:
    if not post.title.strip() or not post.body.strip():
        raise NotPublishable("A post needs a title and a body to be published")


def publish(editor: User, post_id: str, body: BlogPublishIn) -> BlogPostOut:
    """Publish now, or schedule for `body.at` (Paris time unless it says otherwise)."""
    from webox.tasks import service as tasks_service
    from webox.tasks.schemas import TaskCreate

    post = load(post_id)
    _publishable(post)
    now = datetime.now(UTC)
    at = body.at.replace(tzinfo=PARIS) if body.at and body.at.tzinfo is None else body.at
    if at is not None and at > now:
        plan = [
            {"id": "wait", "kind": "wait", "input": {"until": at.astimezone(UTC).isoformat()}},
            {"id": "publish", "kind": "blog.publish", "input": {"post_id": post_id}, "after": ["wait"]},
        ]
        task = tasks_service.create_task(
            editor.id,
            TaskCreate(kind="blog", title=f"Publier « {post.title[:150]} »", plan=plan),  # type: ignore[arg-type]
        )
        post.status, post.publish_at, post.schedule_task_id = "scheduled", at.astimezone(UTC), task.task_id
        post.updated_at = now
        repository.save_post(post)
        return post_out(post)
    go_live(post)
    return post_out(post)


def go_live(post: Post, *, render: bool = True) -> None:
    """Make a post public and (unless the caller renders itself) have the site rendered."""
    now = datetime.now(UTC)
    was_published = post.status == "published"
    post.status, post.schedule_task_id = "published", None
    post.published_at = post.published_at or now
    post.updated_at = now
    repository.save_post(post)
    if not was_published:
        detail = {
            "post_id": post.post_id,
            "title": post.title,
            "slug": post.slug,
            "url": post_path(post.slug),
        }
        events.publish(post.author_id, "post.published", detail)
    if render:
        request_render()


def publish_scheduled(post_id: str, task_id: str | None, *, render: bool = True) -> bool:
    """The scheduled publication: done only if the post still waits for this very task."""
    post = repository.get_post(post_id)
    if post is None or post.status != "scheduled" or post.schedule_task_id != task_id:
        return False
    go_live(post, render=render)
    return True


def set_status(post_id: str, status: str) -> BlogPostOut:
    """Back to draft (unpublish, unschedule) or archive: the public pages go away."""
    post = load(post_id)
    if post.status == status:
        raise InvalidTransition()
    was_public = post.status == "published"
    post.status, post.schedule_task_id, post.publish_at = status, None, None
    post.updated_at = datetime.now(UTC)
    repository.save_post(post)
    if was_public:
        request_render()
    return post_out(post)


def request_render() -> None:
    """Have the renderer bring the public files up to date."""
    queue.send(QUEUE, BlogJob(type="render"))


# --- categories --------------------------------------------------------------------------------------


def list_categories() -> BlogCategoryList:
    return BlogCategoryList(
        items=[BlogCategoryOut(slug=c.slug, name=c.name, parent=c.parent) for c in repository.categories()]
    )


def save_category(body: BlogCategoryIn) -> BlogCategoryOut:
    """Create or rename a category, or move it in the tree (never under itself)."""
    known = {c.slug: c for c in repository.categories()}
    parent = body.parent
    seen = {body.slug}
    while parent:
        if parent in seen:
            raise CategoryCycle()
        if parent not in known:
            raise CategoryNotFound("No such parent category")
        seen.add(parent)
        parent = known[parent].parent
    repository.save_category(Category(SITE, body.slug, name=body.name, parent=body.parent))
    request_render()
    return BlogCategoryOut(slug=body.slug, name=body.name, parent=body.parent)


def delete_category(slug: str) -> None:
    category = repository.get_category(slug)
    if category is None:
        raise CategoryNotFound()
    repository.delete_category(category)
    request_render()


# --- SEO ---------------------------------------------------------------------------------------------


def seo(body: BlogSeoIn, base_url: str) -> BlogSeoReport:
    """What search engines will think of the page: lengths, one H1, heading order, alt texts, links."""
    heads = markup.headings(body.body)
    levels = [2] + [level + 1 for level, _ in heads]  # the title is the page's H1; the body shifts down
    ordered = all(b <= a + 1 for a, b in itertools.pairwise(levels))
    images = markup.images(body.body)
    missing_alt = [src for src, alt in images if not alt.strip()]
    if body.cover_url and not (body.cover_alt or "").strip():
        missing_alt.append(body.cover_url)
    links = markup.links(body.body)
    internal = [u for u in links if u.startswith("/") or u.startswith(base_url)]
    checks = [
        BlogSeoCheck(id="title_length", ok=15 <= len(body.title) <= 60, value=str(len(body.title))),
        BlogSeoCheck(
            id="description_length",
            ok=50 <= len(body.meta_description) <= 160,
            value=str(len(body.meta_description)),
        ),
        BlogSeoCheck(
            id="single_h1",
            ok=not any(level == 1 for level, _ in heads),
            value=str(sum(1 for lv, _ in heads if lv == 1)),
        ),
        BlogSeoCheck(id="headings_order", ok=ordered, value=" ".join(f"h{lv}" for lv, _ in heads)),
        BlogSeoCheck(id="alt_texts", ok=not missing_alt, value=str(len(missing_alt))),
        BlogSeoCheck(id="internal_links", ok=bool(internal), value=str(len(internal))),
    ]
    return BlogSeoReport(checks=checks, reading_minutes=markup.reading_minutes(body.body))
