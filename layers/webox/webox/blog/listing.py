"""The blog's list pages, in every language: the index (paginated), each category (with its
descendants' posts), each tag and each author. French pages live at `/blog/…`, English ones at
`/blog/en/…`; a post whose translation in the page's language is listed too gives way to it; a page
names its twin in the other language (hreflang) when that twin exists."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape

from webox.blog.models import Category, Post
from webox.blog.render import (
    LANGUAGES,
    SITE_NAME,
    WORDS,
    Blog,
    alternates_of,
    breadcrumbs,
    html_page,
    iso,
    localised,
    post_path,
    slugify,
    summary,
)


@dataclass(frozen=True)
class Section:
    """A list before pagination: its French path, its words and its posts (newest first)."""

    path: str
    title: str
    description: str
    crumb: str | None  # its own breadcrumb after the blog's (None: the index)
    posts: list[Post]
    paginated: bool = False


@dataclass(frozen=True)
class Listed:
    """One rendered list page."""

    lang: str
    base: str  # the French path of the page and of its twins
    path: str
    html: str
    updated: datetime | None
    alternates: dict[str, str]

    @property
    def key(self) -> str:
        return self.path.lstrip("/") + "index.html"


def in_language(posts: list[Post], lang: str, translations: dict[str, Post]) -> list[Post]:
    """`posts` as readers of `lang` see them: a post whose translation into `lang` is among them
    gives way to it."""
    ids = {p.post_id for p in posts}
    return [
        p
        for p in posts
        if p.language == lang
        or (other := translations.get(p.post_id)) is None
        or other.language != lang
        or other.post_id not in ids
    ]


def descendants(slug: str, categories: list[Category]) -> set[str]:
    """A category and every category under it."""
    family, grew = {slug}, True
    while grew:
        grew = False
        for category in categories:
            if category.parent in family and category.slug not in family:
                family.add(category.slug)
                grew = True
    return family


def sections(blog: Blog, lang: str) -> list[Section]:
    """Every list of the blog as readers of `lang` see it."""
    words, translations = WORDS[lang], blog.translations()

    def local(posts: list[Post]) -> list[Post]:
        return in_language(posts, lang, translations)

    found = [
        Section("/blog/", words["index_title"], words["index_description"], None, local(blog.posts), True)
    ]
    for category in blog.categories:
        family = descendants(category.slug, blog.categories)
        found.append(
            Section(
                f"/blog/category/{category.slug}/",
                category.name,
                words["category_of"].format(name=category.name),
                category.name,
                local([p for p in blog.posts if p.category in family]),
            )
        )
    tags: dict[str, tuple[str, list[Post]]] = {}
    authors: dict[str, tuple[str, list[Post]]] = {}
    for post in blog.posts:
        for tag in post.tags:
            tags.setdefault(slugify(tag), (tag, []))[1].append(post)
        authors.setdefault(post.author_id, (post.author_name, []))[1].append(post)
    for slug, (name, posts) in tags.items():
        found.append(
            Section(f"/blog/tag/{slug}/", f"#{name}", words["tag_of"].format(name=name), name, local(posts))
        )
    for author_id, (name, posts) in authors.items():
        found.append(
            Section(
                f"/blog/author/{author_id}/", name, words["author_of"].format(name=name), name, local(posts)
            )
        )
    return found


@dataclass(frozen=True)
class _Draft:
    lang: str
    base: str
    section: Section
    posts: list[Post]
    number: int
    count: int


def _drafts(blog: Blog) -> list[_Draft]:
    drafts = []
    for lang in LANGUAGES:
        for section in sections(blog, lang):
            per_page = blog.per_page if section.paginated else max(len(section.posts), 1)
            chunks = [section.posts[i : i + per_page] for i in range(0, len(section.posts), per_page)] or [[]]
            for number, chunk in enumerate(chunks, start=1):
                base = section.path if number == 1 else f"{section.path}page/{number}/"
                drafts.append(_Draft(lang, base, section, chunk, number, len(chunks)))
    return drafts


def list_pages(blog: Blog) -> list[Listed]:
    """Every list page in every language, each with its hreflang twins."""
    drafts = _drafts(blog)
    langs: dict[str, list[str]] = {}
    for draft in drafts:
        langs.setdefault(draft.base, []).append(draft.lang)
    pages = []
    for draft in drafts:
        alternates = alternates_of(draft.base, langs[draft.base])
        path = localised(draft.base, draft.lang)
        updated = max((p.updated_at for p in draft.posts), default=None)
        html = _render(blog, draft, path, alternates)
        pages.append(Listed(draft.lang, draft.base, path, html, updated, alternates))
    return pages


def _pager(draft: _Draft) -> str:
    words, lang, root = WORDS[draft.lang], draft.lang, draft.section.path
    links = []
    if draft.number > 1:
        newer = root if draft.number == 2 else f"{root}page/{draft.number - 1}/"
        links.append(f'<a href="{localised(newer, lang)}" rel="prev">{words["newer"]}</a>')
    if draft.number < draft.count:
        older = localised(f"{root}page/{draft.number + 1}/", lang)
        links.append(f'<a href="{older}" rel="next">{words["older"]}</a>')
    return f'<nav class="pager">{"".join(links)}</nav>' if links else ""


def _render(blog: Blog, draft: _Draft, path: str, alternates: dict[str, str]) -> str:
    lang, section, words = draft.lang, draft.section, WORDS[draft.lang]
    trail = [(section.crumb, localised(section.path, lang))] if section.crumb else []
    title = section.title
    if draft.number > 1:
        title += f" · {words['page']} {draft.number}"
        trail.append((f"{words['page']} {draft.number}", path))
    crumbs, crumbs_data = breadcrumbs(blog, lang, trail)
    cards = "".join(
        f'<li lang="{p.language}"><h2><a href="{post_path(p.slug)}">{escape(p.title)}</a></h2>'
        f'<p class="meta">{words["by"]} {escape(p.author_name)} · '
        f'<time datetime="{iso(p.published_at)}">{(p.published_at or p.updated_at).date().isoformat()}</time></p>'
        f"<p>{escape(summary(blog, p))}</p></li>"
        for p in draft.posts
    )
    body = (
        f'{crumbs}<h1>{escape(title)}</h1><p>{escape(section.description)}</p><ul class="cards">{cards}</ul>'
        f"{_pager(draft)}"
    )
    return html_page(
        blog,
        lang=lang,
        title=f"{title} · {SITE_NAME}",
        description=section.description,
        path=path,
        body=body,
        structured=[crumbs_data],
        alternates=alternates or None,
    )
