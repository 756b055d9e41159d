"""The blog's machine-read files: the sitemap (posts and list pages, with hreflang alternates),
robots.txt, RSS 2.0 and Atom (the twenty newest posts)."""

from __future__ import annotations

from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape as xml_escape

from webox.blog.listing import Listed
from webox.blog.render import SITE_NAME, WORDS, Blog, iso, post_path, summary


def _entry(blog: Blog, path: str, updated: datetime | None, alternates: dict[str, str]) -> str:
    links = "".join(
        f'<xhtml:link rel="alternate" hreflang="{lang}" href="{xml_escape(blog.url(href))}"/>'
        for lang, href in sorted(alternates.items())
    )
    lastmod = f"<lastmod>{iso(updated)}</lastmod>" if updated else ""
    return f"<url><loc>{xml_escape(blog.url(path))}</loc>{lastmod}{links}</url>"


def sitemap(blog: Blog, lists: list[Listed]) -> str:
    """Every published post, with its last change and its translation as hreflang alternates; then
    every list page in each language, with its twins."""
    translations = blog.translations()
    entries = []
    for post in blog.posts:
        other = translations.get(post.post_id)
        alternates = {p.language: post_path(p.slug) for p in (post, other)} if other is not None else {}
        entries.append(
            _entry(
                blog,
                post_path(post.slug),
                max(post.updated_at, post.published_at or post.updated_at),
                alternates,
            )
        )
    entries += [_entry(blog, page.path, page.updated, page.alternates) for page in lists]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">\n'
        + "\n".join(entries)
        + "\n</urlset>\n"
    )


def robots(blog: Blog) -> str:
    """Crawlers read the blog; the app and its API are not for them."""
    return (
        "User-agent: *\nAllow: /blog/\nDisallow: /api/\nDisallow: /studio/\nDisallow: /comments/\n\n"
        f"Sitemap: {blog.url('/sitemap.xml')}\n"
    )


def rss(blog: Blog) -> str:
    """RSS 2.0, the twenty newest posts."""
    items = []
    for post in blog.posts[:20]:
        link = xml_escape(blog.url(post_path(post.slug)))
        category = f"<category>{xml_escape(post.category)}</category>" if post.category else ""
        items.append(
            f"<item><title>{xml_escape(post.title)}</title><link>{link}</link>"
            f'<guid isPermaLink="false">{xml_escape(blog.url("/blog/" + post.post_id))}</guid>'
            f"<pubDate>{format_datetime(post.published_at or post.updated_at)}</pubDate>"
            f"<description>{xml_escape(summary(blog, post))}</description>{category}</item>"
        )
    updated = max((p.published_at or p.updated_at for p in blog.posts), default=None)
    words = WORDS["fr"]
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">'
        f"<channel><title>{xml_escape(words['index_title'])}</title><link>{blog.url('/blog/')}</link>"
        f"<description>{xml_escape(words['index_description'])}</description><language>fr</language>"
        f'<atom:link href="{blog.url("/blog/rss.xml")}" rel="self" type="application/rss+xml"/>'
        + (f"<lastBuildDate>{format_datetime(updated)}</lastBuildDate>" if updated else "")
        + "".join(items)
        + "</channel></rss>\n"
    )


def atom(blog: Blog) -> str:
    """Atom 1.0, the twenty newest posts."""
    words = WORDS["fr"]
    updated = max((p.updated_at for p in blog.posts), default=None)
    entries = []
    for post in blog.posts[:20]:
        link = xml_escape(blog.url(post_path(post.slug)))
        entries.append(
            f"<entry><id>{xml_escape(blog.url('/blog/' + post.post_id))}</id><title>{xml_escape(post.title)}</title>"
            f'<link rel="alternate" href="{link}"/><published>{iso(post.published_at)}</published>'
            f"<updated>{iso(max(post.updated_at, post.published_at or post.updated_at))}</updated>"
            f"<author><name>{xml_escape(post.author_name)}</name></author>"
            f"<summary>{xml_escape(summary(blog, post))}</summary></entry>"
        )
    stamp = iso(updated) if updated else "1970-01-01T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">'
        f"<id>{blog.url('/blog/')}</id><title>{xml_escape(words['index_title'])}</title><updated>{stamp}</updated>"
        f'<link rel="self" href="{blog.url("/blog/atom.xml")}"/><link rel="alternate" href="{blog.url("/blog/")}"/>'
        f"<author><name>{SITE_NAME}</name></author>" + "".join(entries) + "</feed>\n"
    )
