"""The blog's public files, rendered from its posts: pages that need no JavaScript to read, with a
canonical URL, Open Graph and Twitter cards, JSON-LD `BlogPosting` and `BreadcrumbList`, hreflang
alternates; the sitemap, robots.txt, RSS 2.0 and Atom feeds. Pure functions of the data: the
publisher decides what to write and invalidate."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from email.utils import format_datetime
from html import escape
from xml.sax.saxutils import escape as xml_escape

from webox.blog import markup
from webox.blog.models import Category, Comment, Post

PREFIX = "blog/"
ROOT_FILES = ("sitemap.xml", "robots.txt")
CSS_PATH = "/blog/assets/blog.css"
JS_PATH = "/blog/assets/blog.js"
SITE_NAME = "WeBox"
WORDS = {
    "fr": {
        "blog": "Blog",
        "home": "Accueil",
        "by": "Par",
        "read": "min de lecture",
        "comments": "Commentaires",
        "no_comments": "Aucun commentaire pour l'instant.",
        "comment": "Commenter cet article",
        "reply": "Réponse",
        "category": "Catégorie",
        "tag": "Étiquette",
        "author": "Auteur",
        "newer": "Articles plus récents",
        "older": "Articles plus anciens",
        "page": "page",
        "translation": "Read in English",
        "index_title": "Le blog de WeBox",
        "index_description": "Conseils, comparatifs et nouveautés de WeBox, l'espace de travail multi-IA.",
        "feeds": "Flux RSS et Atom",
        "tags": "Étiquettes",
    },
    "en": {
        "blog": "Blog",
        "home": "Home",
        "by": "By",
        "read": "min read",
        "comments": "Comments",
        "no_comments": "No comments yet.",
        "comment": "Comment on this post",
        "reply": "Reply",
        "category": "Category",
        "tag": "Tag",
        "author": "Author",
        "newer": "Newer posts",
        "older": "Older posts",
        "page": "page",
        "translation": "Lire en français",
        "index_title": "The WeBox blog",
        "index_description": "Tips, comparisons and news from WeBox, the multi-AI workspace.",
        "feeds": "RSS and Atom feeds",
        "tags": "Tags",
    },
}
CSS = """\
*{box-sizing:border-box}body{margin:0;font:18px/1.65 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
color:#1d2330;background:#fbfbfd}header.site,footer.site{background:#fff;border-bottom:1px solid #e4e6ee}
footer.site{border-top:1px solid #e4e6ee;border-bottom:0;margin-top:3rem}
.wrap{max-width:46rem;margin:0 auto;padding:1rem 1.25rem}header.site a{font-weight:700;color:#1d2330}
a{color:#2446c7}a:hover{text-decoration:none}nav.crumbs{font-size:.9rem;color:#4a5160}
nav.crumbs ol{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.5rem}
nav.crumbs li+li:before{content:"›";margin-right:.5rem}
h1{font-size:2.1rem;line-height:1.2;margin:.5rem 0}.meta{color:#4a5160;font-size:.95rem}
img{max-width:100%;height:auto;border-radius:8px}article pre{background:#f0f2f7;padding:.75rem;overflow:auto}
.cards{list-style:none;padding:0}.cards li{padding:1rem 0;border-bottom:1px solid #e4e6ee}
.cards h2{font-size:1.35rem;margin:0 0 .25rem}.tags a{display:inline-block;margin:.25rem .5rem .25rem 0;
padding:.35rem .75rem;border-radius:99px;background:#eef1fb}section.comments article{border-left:3px solid
#e4e6ee;padding-left:1rem;margin:1rem 0}section.comments article.reply{margin-left:2rem}
.pager{display:flex;justify-content:space-between;gap:1rem;padding:1rem 0}
.button{display:inline-block;padding:.6rem 1rem;border-radius:8px;background:#2446c7;color:#fff}
"""
# Counts a view without cookies or any identifier (the API keeps a number per post).
JS = """\
(function () {
  var id = document.documentElement.getAttribute('data-post');
  if (!id || !window.fetch) return;
  fetch('/api/blog/posts/' + id + '/views', {method: 'POST', credentials: 'omit', keepalive: true});
})();
"""


def slugify(text: str) -> str:
    """A URL segment for a tag or a title: ASCII, lower case, hyphens."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:120] or "post"


def post_path(slug: str) -> str:
    return f"/blog/{slug}/"


@dataclass
class File:
    body: bytes
    content_type: str
    redirect: str | None = None


@dataclass
class Blog:
    """What the public files are made of."""

    base_url: str
    posts: list[Post]  # published ones, newest first
    categories: list[Category]
    comments: dict[str, list[Comment]] = field(default_factory=dict)  # approved, per post id
    per_page: int = 10

    def url(self, path: str) -> str:
        return self.base_url.rstrip("/") + path

    def by_id(self) -> dict[str, Post]:
        return {p.post_id: p for p in self.posts}

    def translations(self) -> dict[str, Post]:
        """Each published post's published translation, both ways."""
        ids = self.by_id()
        pairs: dict[str, Post] = {}
        for post in self.posts:
            other = ids.get(post.translation_of or "")
            if other is not None and other.language != post.language:
                pairs[post.post_id] = other
                pairs.setdefault(other.post_id, post)
        return pairs


def _iso(when: datetime | None) -> str:
    return when.isoformat(timespec="seconds").replace("+00:00", "Z") if when else ""


def _description(post: Post) -> str:
    text = post.meta_description or post.excerpt or markup.plain_text(post.body)
    return text[:300]


def _json_ld(data: object) -> str:
    # `</` cannot close the script element from inside the data.
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def _page(
    blog: Blog,
    *,
    lang: str,
    title: str,
    description: str,
    path: str,
    body: str,
    og_type: str = "website",
    image: tuple[str, str] | None = None,
    structured: Iterable[object] = (),
    alternates: dict[str, str] | None = None,
    post_id: str | None = None,
    head_extra: str = "",
) -> str:
    canonical = blog.url(path)
    words = WORDS[lang]
    head = [
        "<!doctype html>",
        f'<html lang="{lang}"' + (f' data-post="{escape(post_id)}"' if post_id else "") + ">",
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title>",
        f'<meta name="description" content="{escape(description)}">',
        f'<link rel="canonical" href="{escape(canonical)}">',
        f'<meta property="og:site_name" content="{SITE_NAME}">',
        f'<meta property="og:type" content="{og_type}">',
        f'<meta property="og:title" content="{escape(title)}">',
        f'<meta property="og:description" content="{escape(description)}">',
        f'<meta property="og:url" content="{escape(canonical)}">',
        f'<meta property="og:locale" content="{"fr_FR" if lang == "fr" else "en_GB"}">',
        f'<meta name="twitter:card" content="{"summary_large_image" if image else "summary"}">',
        f'<meta name="twitter:title" content="{escape(title)}">',
        f'<meta name="twitter:description" content="{escape(description)}">',
    ]
    if image:
        src = image[0] if image[0].startswith("https://") else blog.url(image[0])
        head += [
            f'<meta property="og:image" content="{escape(src)}">',
            f'<meta property="og:image:alt" content="{escape(image[1])}">',
            f'<meta name="twitter:image" content="{escape(src)}">',
        ]
    for hreflang, href in sorted((alternates or {}).items()):
        head.append(f'<link rel="alternate" hreflang="{hreflang}" href="{escape(blog.url(href))}">')
    head += [
        f'<link rel="alternate" type="application/rss+xml" title="RSS" href="{blog.url("/blog/rss.xml")}">',
        f'<link rel="alternate" type="application/atom+xml" title="Atom" href="{blog.url("/blog/atom.xml")}">',
        f'<link rel="stylesheet" href="{CSS_PATH}">',
        head_extra,
    ]
    head += [f'<script type="application/ld+json">{_json_ld(item)}</script>' for item in structured]
    head.append("</head>")
    page = [
        *head,
        "<body>",
        f'<header class="site"><div class="wrap"><a href="/blog/">{SITE_NAME} · {words["blog"]}</a></div></header>',
        f'<main class="wrap">{body}</main>',
        f'<footer class="site"><div class="wrap"><a href="/blog/rss.xml">{words["feeds"]}</a></div></footer>',
        "</body>",
        "</html>",
    ]
    return "\n".join(line for line in page if line)


def _crumbs(blog: Blog, lang: str, trail: list[tuple[str, str]]) -> tuple[str, dict[str, object]]:
    items = [(WORDS[lang]["blog"], "/blog/"), *trail]
    html_items = "".join(
        f'<li><a href="{escape(path)}">{escape(name)}</a></li>'
        if i < len(items) - 1
        else f"<li>{escape(name)}</li>"
        for i, (name, path) in enumerate(items)
    )
    data: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": i + 1, "name": name, "item": blog.url(path)}
            for i, (name, path) in enumerate(items)
        ],
    }
    label = "Fil d'Ariane" if lang == "fr" else "Breadcrumb"
    return f'<nav class="crumbs" aria-label="{label}"><ol>{html_items}</ol></nav>', data


def _comments_html(post: Post, comments: list[Comment], lang: str) -> str:
    words = WORDS[lang]
    top = [c for c in comments if not c.parent_id]
    replies: dict[str, list[Comment]] = {}
    for c in comments:
        if c.parent_id:
            replies.setdefault(c.parent_id, []).append(c)
    parts = [f'<section class="comments" id="comments"><h2>{words["comments"]} ({len(comments)})</h2>']
    if not comments:
        parts.append(f"<p>{words['no_comments']}</p>")
    for comment in top:
        for item, css in [
            (comment, "comment"),
            *((r, "comment reply") for r in replies.get(comment.comment_id, [])),
        ]:
            parts.append(
                f'<article class="{css}" id="c-{item.comment_id}"><p class="meta"><strong>'
                f'{escape(item.author_name)}</strong> · <time datetime="{_iso(item.created_at)}">'
                f"{item.created_at.date().isoformat()}</time></p>{markup.to_html(item.body, shift_headings=True)}"
                "</article>"
            )
    parts.append(f'<p><a class="button" href="/comments/{post.post_id}">{words["comment"]}</a></p></section>')
    return "".join(parts)


def post_page(blog: Blog, post: Post, categories: dict[str, Category]) -> str:
    """A post's page."""
    lang = post.language
    words = WORDS[lang]
    path = post_path(post.slug)
    description = _description(post)
    trail: list[tuple[str, str]] = []
    category = categories.get(post.category or "")
    if category is not None:
        trail.append((category.name, f"/blog/category/{category.slug}/"))
    trail.append((post.title, path))
    crumbs, crumbs_data = _crumbs(blog, lang, trail)
    translation = blog.translations().get(post.post_id)
    alternates = {post.language: path}
    if translation is not None:
        alternates[translation.language] = post_path(translation.slug)
        alternates["x-default"] = alternates["fr"]
    published = post.published_at or post.updated_at
    posting: dict[str, object] = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": post.title[:110],
        "description": description,
        "datePublished": _iso(published),
        "dateModified": _iso(max(post.updated_at, published)),
        "inLanguage": lang,
        "author": {
            "@type": "Person",
            "name": post.author_name,
            "url": blog.url(f"/blog/author/{post.author_id}/"),
        },
        "publisher": {"@type": "Organization", "name": SITE_NAME, "url": blog.url("/")},
        "mainEntityOfPage": {"@type": "WebPage", "@id": blog.url(path)},
        "url": blog.url(path),
        "wordCount": len(markup.plain_text(post.body).split()),
        "keywords": ", ".join(post.tags),
    }
    cover = ""
    image = None
    if post.cover_url and post.cover_alt:
        image = (post.cover_url, post.cover_alt)
        src = post.cover_url if post.cover_url.startswith("https://") else blog.url(post.cover_url)
        posting["image"] = [src]
        cover = (
            f'<img src="{escape(post.cover_url)}" alt="{escape(post.cover_alt)}" '
            f'width="{int(post.cover_width or 0)}" height="{int(post.cover_height or 0)}">'
        )
    tags = "".join(f'<a href="/blog/tag/{slugify(t)}/">{escape(t)}</a>' for t in post.tags)
    other = ""
    if translation is not None:
        other = (
            f'<p><a href="{post_path(translation.slug)}" hreflang="{translation.language}" '
            f'lang="{translation.language}">{words["translation"]}</a></p>'
        )
    body = (
        f"{crumbs}<article><h1>{escape(post.title)}</h1>"
        f'<p class="meta">{words["by"]} <a href="/blog/author/{post.author_id}/" rel="author">'
        f'{escape(post.author_name)}</a> · <time datetime="{_iso(published)}">{published.date().isoformat()}</time>'
        f" · {markup.reading_minutes(post.body)} {words['read']}</p>{other}{cover}"
        f"{markup.to_html(post.body, shift_headings=True)}"
        + (f'<p class="tags">{tags}</p>' if tags else "")
        + "</article>"
        + _comments_html(post, blog.comments.get(post.post_id, []), lang)
    )
    return _page(
        blog,
        lang=lang,
        title=f"{post.title} · {SITE_NAME}",
        description=description,
        path=path,
        body=body,
        og_type="article",
        image=image,
        structured=[posting, crumbs_data],
        alternates=alternates if translation is not None else None,
        post_id=post.post_id,
        head_extra=(
            f'<meta property="article:published_time" content="{_iso(published)}">'
            f'<script src="{JS_PATH}" defer></script>'
        ),
    )


def _list_page(
    blog: Blog,
    posts: list[Post],
    *,
    title: str,
    description: str,
    path: str,
    trail: list[tuple[str, str]],
    pager: str = "",
) -> str:
    lang = "fr"
    crumbs, crumbs_data = _crumbs(blog, lang, trail)
    words = WORDS[lang]
    cards = "".join(
        f'<li lang="{p.language}"><h2><a href="{post_path(p.slug)}">{escape(p.title)}</a></h2>'
        f'<p class="meta">{words["by"]} {escape(p.author_name)} · '
        f'<time datetime="{_iso(p.published_at)}">{(p.published_at or p.updated_at).date().isoformat()}</time></p>'
        f"<p>{escape(_description(p))}</p></li>"
        for p in posts
    )
    body = (
        f'{crumbs}<h1>{escape(title)}</h1><p>{escape(description)}</p><ul class="cards">{cards}</ul>{pager}'
    )
    return _page(
        blog,
        lang=lang,
        title=f"{title} · {SITE_NAME}",
        description=description,
        path=path,
        body=body,
        structured=[crumbs_data],
    )


def render(blog: Blog) -> dict[str, File]:
    """Every public file of the blog, by its key in the site bucket."""
    files: dict[str, File] = {}
    words = WORDS["fr"]
    categories = {c.slug: c for c in blog.categories}

    def html_file(text: str) -> File:
        return File(text.encode(), "text/html; charset=utf-8")

    for post in blog.posts:
        files[f"{PREFIX}{post.slug}/index.html"] = html_file(post_page(blog, post, categories))
        for former in post.former_slugs:
            if former != post.slug:
                target = post_path(post.slug)
                files[f"{PREFIX}{former}/index.html"] = File(
                    _redirect_page(blog, target).encode(), "text/html; charset=utf-8", redirect=target
                )
    pages = [blog.posts[i : i + blog.per_page] for i in range(0, len(blog.posts), blog.per_page)] or [[]]
    for number, chunk in enumerate(pages, start=1):
        path = "/blog/" if number == 1 else f"/blog/page/{number}/"
        links = []
        if number > 1:
            newer = "/blog/" if number == 2 else f"/blog/page/{number - 1}/"
            links.append(f'<a href="{newer}" rel="prev">{words["newer"]}</a>')
        if number < len(pages):
            links.append(f'<a href="/blog/page/{number + 1}/" rel="next">{words["older"]}</a>')
        title = words["index_title"] + (f" · {words['page']} {number}" if number > 1 else "")
        key = f"{PREFIX}index.html" if number == 1 else f"{PREFIX}page/{number}/index.html"
        trail = [] if number == 1 else [(f"{words['page']} {number}", path)]
        files[key] = html_file(
            _list_page(
                blog,
                chunk,
                title=title,
                description=words["index_description"],
                path=path,
                trail=trail,
                pager=f'<nav class="pager">{"".join(links)}</nav>' if links else "",
            )
        )
    for category in blog.categories:
        # A category page lists its own posts and its descendants'.
        family = _descendants(category.slug, blog.categories)
        posts = [p for p in blog.posts if p.category in family]
        path = f"/blog/category/{category.slug}/"
        files[f"{PREFIX}category/{category.slug}/index.html"] = html_file(
            _list_page(
                blog,
                posts,
                title=category.name,
                description=f"{words['category']} : {category.name}",
                path=path,
                trail=[(category.name, path)],
            )
        )
    tags: dict[str, tuple[str, list[Post]]] = {}
    authors: dict[str, tuple[str, list[Post]]] = {}
    for post in blog.posts:
        for tag in post.tags:
            tags.setdefault(slugify(tag), (tag, []))[1].append(post)
        authors.setdefault(post.author_id, (post.author_name, []))[1].append(post)
    for slug, (name, posts) in tags.items():
        path = f"/blog/tag/{slug}/"
        files[f"{PREFIX}tag/{slug}/index.html"] = html_file(
            _list_page(
                blog,
                posts,
                title=f"#{name}",
                description=f"{words['tag']} : {name}",
                path=path,
                trail=[(name, path)],
            )
        )
    for author_id, (name, posts) in authors.items():
        path = f"/blog/author/{author_id}/"
        files[f"{PREFIX}author/{author_id}/index.html"] = html_file(
            _list_page(
                blog,
                posts,
                title=name,
                description=f"{words['author']} : {name}",
                path=path,
                trail=[(name, path)],
            )
        )
    files[f"{PREFIX}rss.xml"] = File(rss(blog).encode(), "application/rss+xml; charset=utf-8")
    files[f"{PREFIX}atom.xml"] = File(atom(blog).encode(), "application/atom+xml; charset=utf-8")
    files[f"{PREFIX}assets/blog.css"] = File(CSS.encode(), "text/css; charset=utf-8")
    files[f"{PREFIX}assets/blog.js"] = File(JS.encode(), "text/javascript; charset=utf-8")
    files["sitemap.xml"] = File(sitemap(blog).encode(), "application/xml; charset=utf-8")
    files["robots.txt"] = File(robots(blog).encode(), "text/plain; charset=utf-8")
    return files


def _descendants(slug: str, categories: list[Category]) -> set[str]:
    family, grew = {slug}, True
    while grew:
        grew = False
        for category in categories:
            if category.parent in family and category.slug not in family:
                family.add(category.slug)
                grew = True
    return family


def _redirect_page(blog: Blog, target: str) -> str:
    url = escape(blog.url(target))
    return (
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>{url}</title>'
        f'<link rel="canonical" href="{url}"><meta http-equiv="refresh" content="0; url={url}">'
        f'<meta name="robots" content="noindex"></head><body><p><a href="{url}">{url}</a></p></body></html>'
    )


def sitemap(blog: Blog) -> str:
    """Every published post, with its last change and its translation as hreflang alternates."""
    translations = blog.translations()
    entries = []
    for post in blog.posts:
        alternates = ""
        other = translations.get(post.post_id)
        if other is not None:
            pair = {post.language: post, other.language: other}
            alternates = "".join(
                f'<xhtml:link rel="alternate" hreflang="{lang}" href="{xml_escape(blog.url(post_path(p.slug)))}"/>'
                for lang, p in sorted(pair.items())
            )
        entries.append(
            f"<url><loc>{xml_escape(blog.url(post_path(post.slug)))}</loc>"
            f"<lastmod>{_iso(max(post.updated_at, post.published_at or post.updated_at))}</lastmod>{alternates}</url>"
        )
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
            f"<description>{xml_escape(_description(post))}</description>{category}</item>"
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
            f'<link rel="alternate" href="{link}"/><published>{_iso(post.published_at)}</published>'
            f"<updated>{_iso(max(post.updated_at, post.published_at or post.updated_at))}</updated>"
            f"<author><name>{xml_escape(post.author_name)}</name></author>"
            f"<summary>{xml_escape(_description(post))}</summary></entry>"
        )
    stamp = _iso(updated) if updated else "1970-01-01T00:00:00Z"
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">'
        f"<id>{blog.url('/blog/')}</id><title>{xml_escape(words['index_title'])}</title><updated>{stamp}</updated>"
        f'<link rel="self" href="{blog.url("/blog/atom.xml")}"/><link rel="alternate" href="{blog.url("/blog/")}"/>'
        f"<author><name>{SITE_NAME}</name></author>" + "".join(entries) + "</feed>\n"
    )
